package bench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	_ "gocloud.dev/blob/s3blob" // s3://

	"github.com/embedmeta/embedmeta"
	"github.com/embedmeta/embedmeta/bench/internal/httpcount"
	"github.com/embedmeta/embedmeta/internal/s3test"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
	"github.com/embedmeta/embedmeta/remote"
)

// corpusObject is one corpus file as a stored object: its key (the path under the corpus,
// with slashes), its folder (the key's directory), its bytes and the local answer.
type corpusObject struct {
	key, folder, path string
	data              []byte
	want              string // outcome of embedmeta.ExtractFile on the file
}

// corpusObjects returns every sample of the shared corpus (README.md and manifest.csv
// left out), by key, with the answer of reading each as a local file; it skips when the
// corpus is absent.
func corpusObjects(tb testing.TB) []corpusObject {
	tb.Helper()
	dir := testcorpus.Dir()
	if dir == "" {
		tb.Skip("shared corpus not present")
	}
	var out []corpusObject
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		key := filepath.ToSlash(rel)
		if !strings.Contains(key, "/") { // README.md, manifest.csv
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		md, err := embedmeta.ExtractFile(p, embedmeta.Options{})
		out = append(out, corpusObject{key: key, folder: path.Dir(key), path: p, data: b, want: outcome(md, err)})
		return nil
	})
	if len(out) == 0 {
		tb.Skip("no files in the corpus")
	}
	return out
}

// outcome is what the measurement compares: the JSON, facts and warnings, or "error".
func outcome(md *embedmeta.Metadata, err error) string {
	if err != nil {
		return "error"
	}
	js, _ := md.MarshalJSON()
	facts, _ := json.Marshal(md.Facts)
	return fmt.Sprintf("%s\nfacts %s\nwarnings %d", js, facts, len(md.Warnings))
}

// folders returns the folders of objs in order.
func folders(objs []corpusObject) []string {
	var out []string
	for _, o := range objs {
		if !slices.Contains(out, o.folder) {
			out = append(out, o.folder)
		}
	}
	slices.Sort(out)
	return out
}

// serverCounts counts what a server answered.
type serverCounts struct {
	requests, sent atomic.Int64 // requests received, body bytes written
	inflight       atomic.Int64 // handlers running
}

// settled returns c once no handler runs: a client may hold a whole answer before the
// handler that wrote it has returned (and counted its bytes).
func (c *serverCounts) settled() *serverCounts {
	for c.inflight.Load() > 0 {
		time.Sleep(50 * time.Microsecond)
	}
	return c
}

// rangeServer serves objs by key with Range support (http.ServeContent) and counts the
// requests it answers and the body bytes it writes.
func rangeServer(tb testing.TB, objs []corpusObject) (*httptest.Server, *serverCounts) {
	byKey := map[string][]byte{}
	for _, o := range objs {
		byKey[o.key] = o.data
	}
	counts := &serverCounts{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		counts.inflight.Add(1)
		defer counts.inflight.Add(-1)
		counts.requests.Add(1)
		b, ok := byKey[strings.TrimPrefix(r.URL.Path, "/")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		http.ServeContent(httpcount.Writer{ResponseWriter: w, N: &counts.sent}, r, "", time.Time{}, bytes.NewReader(b))
	}))
	tb.Cleanup(srv.Close)
	return srv, counts
}

// httpCounters are the request and byte counters of a rangeServer, read once it settled.
func httpCounters(c *serverCounts) (requests, sent func() int64) {
	return func() int64 { return c.settled().requests.Load() }, func() int64 { return c.settled().sent.Load() }
}

// costRow is what reading one folder's objects cost.
type costRow struct {
	folder      string
	objects     int
	size        int64 // the objects' bytes
	fetched     int64 // bytes transferred (remote.Stats.Fetched; over HTTP, the server's count)
	requests    int64 // requests the server received
	maxRequests int   // the most requests one object took (remote.Stats.Requests)
	streamed    int   // objects read as a stream (a server without Range)
	whole       int   // objects fetched whole (remote.Stats.Fetched == their size)
	exact       int   // objects whose answer is the local file's
	differ      []string
}

func (r *costRow) add(o costRow) {
	r.objects += o.objects
	r.size += o.size
	r.fetched += o.fetched
	r.requests += o.requests
	r.maxRequests = max(r.maxRequests, o.maxRequests)
	r.streamed += o.streamed
	r.whole += o.whole
	r.exact += o.exact
	r.differ = append(r.differ, o.differ...)
}

// readFolder reads every object of folder from base (an http:// URL or s3://bucket) one
// after the other with c and opts, and reports the cost; serverRequests and serverBytes
// (nil: not known; remote.Stats.Fetched then) read the server's counters. The local answer
// is ExtractFile's with the same opts.
func readFolder(tb testing.TB, c *remote.Client, base, folder string, objs []corpusObject, opts embedmeta.Options, serverRequests, serverBytes func() int64) costRow {
	row := costRow{folder: folder}
	reqs0 := serverRequests()
	var bytes0 int64
	if serverBytes != nil {
		bytes0 = serverBytes()
	}
	for _, o := range objs {
		if o.folder != folder {
			continue
		}
		want := o.want
		if opts != (embedmeta.Options{}) {
			want = outcome(embedmeta.ExtractFile(o.path, opts))
		}
		md, st, err := c.Extract(tb.Context(), base+"/"+o.key, opts)
		row.objects++
		row.size += int64(len(o.data))
		row.fetched += st.Fetched
		row.maxRequests = max(row.maxRequests, st.Requests)
		if st.Streamed {
			row.streamed++
		}
		if st.Fetched == int64(len(o.data)) {
			row.whole++
		}
		if outcome(md, err) == want {
			row.exact++
		} else {
			row.differ = append(row.differ, fmt.Sprintf("%s (%v)", o.key, err))
		}
	}
	row.requests = serverRequests() - reqs0
	if serverBytes != nil {
		row.fetched = serverBytes() - bytes0
	}
	return row
}

// pct is 100*a/b.
func pct(a, b int64) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

// costTable renders rows as a markdown table, with a total row and one for camera and
// phone JPEGs together.
func costTable(transport string, rows []costRow) string {
	var s strings.Builder
	fmt.Fprintf(&s, "| %s: folder | objects | object bytes | fetched bytes | fetched %% | fetched whole | requests/object | max requests | local answer |\n", transport)
	s.WriteString("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	line := func(r costRow, bold bool) {
		f := r.folder
		if bold {
			f = "**" + f + "**"
		}
		extra := ""
		if r.streamed > 0 {
			extra = fmt.Sprintf(" (%d streamed)", r.streamed)
		}
		fmt.Fprintf(&s, "| %s | %d | %d | %d | %.1f | %d | %.2f | %d | %d/%d%s |\n", f, r.objects, r.size, r.fetched,
			pct(r.fetched, r.size), r.whole, float64(r.requests)/float64(max(r.objects, 1)), r.maxRequests, r.exact, r.objects, extra)
	}
	total, photos := costRow{folder: "all"}, costRow{folder: "jpeg/camera + jpeg/phone"}
	for _, r := range rows {
		line(r, false)
		total.add(r)
		if r.folder == "jpeg/camera" || r.folder == "jpeg/phone" {
			photos.add(r)
		}
	}
	if photos.objects > 0 {
		line(photos, true)
	}
	line(total, true)
	return s.String()
}

// photoShare is the fetched share of the camera and phone JPEGs among rows, in percent.
func photoShare(rows []costRow) (float64, int) {
	var r costRow
	for _, x := range rows {
		if x.folder == "jpeg/camera" || x.folder == "jpeg/phone" {
			r.add(x)
		}
	}
	return pct(r.fetched, r.size), r.objects
}

// TestRemoteCost measures what reading the corpus from stored objects costs (issue 14):
// every corpus file is served over HTTP with Range support (http.ServeContent) and from an
// S3 API server (internal/s3test, gofakes3 through the AWS SDK), read one after the other
// with a default remote.Client, and each folder's objects, bytes, fetched bytes (over HTTP
// the bytes the server wrote, over S3 remote.Stats.Fetched), requests the server received
// per object and the objects whose answer is exactly the local file's are tabulated
// (printed with -v). Every object must give the local answer, and the camera and phone
// JPEGs must cost at most 35% of their bytes. It takes a few seconds; -short skips it.
//
//	go test -run TestRemoteCost -v ./bench
func TestRemoteCost(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	objs := corpusObjects(t)
	dirs := folders(objs)
	start := time.Now()

	srv, counts := rangeServer(t, objs)
	requests, sent := httpCounters(counts)
	var httpRows []costRow
	c := &remote.Client{}
	for _, f := range dirs {
		httpRows = append(httpRows, readFolder(t, c, srv.URL, f, objs, embedmeta.Options{}, requests, sent))
	}
	httpTime := time.Since(start)

	start = time.Now()
	s3objs := map[string][]byte{}
	for _, o := range objs {
		s3objs[o.key] = o.data
	}
	s3 := s3test.Start(t, "corpus", s3objs)
	var s3Rows []costRow
	sc := &remote.Client{}
	defer sc.Close()
	for _, f := range dirs {
		s3Rows = append(s3Rows, readFolder(t, sc, "s3://corpus", f, objs, embedmeta.Options{}, s3.Requests.Load, nil))
	}
	s3Time := time.Since(start)

	t.Logf("HTTP (%v):\n%s", httpTime.Round(time.Millisecond), costTable("HTTP", httpRows))
	t.Logf("S3 (%v, the server loaded and the bucket opened included):\n%s", s3Time.Round(time.Millisecond), costTable("S3", s3Rows))
	t.Logf("HTTP, camera and phone JPEGs, by block size and trailer check:\n%s", variantTable(t, srv.URL, objs, requests, sent))
	for _, rows := range [][]costRow{httpRows, s3Rows} {
		for _, r := range rows {
			if len(r.differ) > 0 {
				t.Errorf("%s: %d objects differ from the local answer: %s", r.folder, len(r.differ), strings.Join(r.differ, ", "))
			}
		}
		if share, n := photoShare(rows); n > 0 && share > 35 {
			t.Errorf("camera and phone JPEGs: fetched %.1f%% of their bytes, want <= 35%%", share)
		}
	}
}

// variantTable reads the camera and phone JPEGs over HTTP (base, with the server's
// counters) with other block sizes and without the check for JPEG trailers (the last 64
// bytes of the file, which a ranged read rounds to a block), and tabulates the cost.
func variantTable(tb testing.TB, base string, objs []corpusObject, requests, sent func() int64) string {
	var s strings.Builder
	s.WriteString("| remote.Client | embedmeta.Options | objects | fetched % | fetched whole | requests/object | max requests | local answer |\n")
	s.WriteString("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	noTrailer := embedmeta.Options{Limits: embedmeta.Limits{MaxTrailer: -1}}
	for _, v := range []struct {
		block int64
		opts  embedmeta.Options
	}{
		{0, embedmeta.Options{}}, {0, noTrailer},
		{16 << 10, embedmeta.Options{}}, {16 << 10, noTrailer},
		{256 << 10, embedmeta.Options{}},
	} {
		c := &remote.Client{BlockSize: v.block}
		var r costRow
		for _, f := range []string{"jpeg/camera", "jpeg/phone"} {
			r.add(readFolder(tb, c, base, f, objs, v.opts, requests, sent))
		}
		client, options := "default (64 KiB blocks)", "default"
		if v.block != 0 {
			client = fmt.Sprintf("BlockSize %d KiB", v.block>>10)
		}
		if v.opts != (embedmeta.Options{}) {
			options = "MaxTrailer -1 (no trailer check)"
		}
		fmt.Fprintf(&s, "| %s | %s | %d | %.1f | %d | %.2f | %d | %d/%d |\n", client, options, r.objects,
			pct(r.fetched, r.size), r.whole, float64(r.requests)/float64(max(r.objects, 1)), r.maxRequests, r.exact, r.objects)
	}
	return s.String()
}

// BenchmarkRemote reads each corpus folder's objects, one after the other, over HTTP with
// Range requests and from an S3 API server (as TestRemoteCost), one op being a pass over
// the folder. Besides ns/op it reports ns/object, fetched-% (bytes fetched over the
// objects' bytes), req/object (requests the server received per object) and
// max-req/object.
//
//	go test -run '^$' -bench Remote ./bench
//	go test -run '^$' -bench 'Remote/s3/jpeg/camera' -benchtime 20x ./bench
func BenchmarkRemote(b *testing.B) {
	objs := corpusObjects(b)
	dirs := folders(objs)
	srv, counts := rangeServer(b, objs)
	requests, sent := httpCounters(counts)
	s3objs := map[string][]byte{}
	for _, o := range objs {
		s3objs[o.key] = o.data
	}
	s3 := s3test.Start(b, "corpus", s3objs)
	sc := &remote.Client{}
	defer sc.Close()
	for _, tr := range []struct {
		name, base string
		c          *remote.Client
		reqs, sent func() int64
	}{
		{"http", srv.URL, &remote.Client{}, requests, sent},
		{"s3", "s3://corpus", sc, s3.Requests.Load, nil},
	} {
		for _, f := range dirs {
			b.Run(tr.name+"/"+f, func(b *testing.B) {
				var row costRow
				for b.Loop() {
					row = readFolder(b, tr.c, tr.base, f, objs, embedmeta.Options{}, tr.reqs, tr.sent)
				}
				if len(row.differ) > 0 {
					b.Errorf("%d objects differ from the local answer: %s", len(row.differ), strings.Join(row.differ, ", "))
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*row.objects), "ns/object")
				b.ReportMetric(pct(row.fetched, row.size), "fetched-%")
				b.ReportMetric(float64(row.requests)/float64(row.objects), "req/object")
				b.ReportMetric(float64(row.maxRequests), "max-req/object")
			})
		}
	}
}
