package remote_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	_ "gocloud.dev/blob/s3blob"

	"github.com/embedmeta/embedmeta"
	"github.com/embedmeta/embedmeta/internal/s3test"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
	"github.com/embedmeta/embedmeta/remote"
)

// samples returns the files the remote tests serve: the bundled testdata (always) and the
// shared corpus's JPEGs and HEIFs when present, by name.
func samples(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	add := func(root, prefix string, keep func(string) bool) {
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(p, ".json") || strings.HasSuffix(p, ".md") ||
				strings.HasSuffix(p, ".tsv") || strings.HasSuffix(p, ".py") || strings.HasSuffix(p, ".sh") || !keep(p) {
				return nil
			}
			b, err := os.ReadFile(p)
			if err == nil {
				rel, _ := filepath.Rel(root, p)
				out[prefix+filepath.ToSlash(rel)] = b
			}
			return nil
		})
	}
	add("../testdata", "testdata/", func(string) bool { return true })
	if dir := testcorpus.Dir(); dir != "" {
		add(dir, "corpus/", func(p string) bool {
			return strings.Contains(p, "/jpeg/") || strings.Contains(p, "/heif/") || strings.Contains(p, "/tiff/")
		})
	}
	require.NotEmpty(t, out)
	return out
}

// outcome is what a test compares: the JSON, facts and warnings, or the error.
func outcome(md *embedmeta.Metadata, err error) string {
	if err != nil {
		return "error"
	}
	js, _ := md.MarshalJSON()
	facts, _ := json.Marshal(md.Facts)
	return fmt.Sprintf("%s\nfacts %s\nwarnings %d", js, facts, len(md.Warnings))
}

// local is the library's answer for the bytes of a file.
func local(b []byte, opts embedmeta.Options) string {
	md, err := embedmeta.Extract(bytes.NewReader(b), int64(len(b)), opts)
	return outcome(md, err)
}

func names(m map[string][]byte) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// rangeServer serves files with Range support (http.ServeContent) and counts requests.
func rangeServer(t *testing.T, files map[string][]byte) (*httptest.Server, *atomic.Int64) {
	var n atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		b, ok := files[strings.TrimPrefix(r.URL.Path, "/")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(b))
	}))
	t.Cleanup(ts.Close)
	return ts, &n
}

// TestHTTPRangeMatchesLocal: every sample read over HTTP with Range requests gives the
// local answer, never fetching more than the file, and a JPEG whose metadata comes first
// costs at most two requests.
func TestHTTPRangeMatchesLocal(t *testing.T) {
	files := samples(t)
	ts, _ := rangeServer(t, files)
	c := &remote.Client{}
	var fetched, size int64
	for _, name := range names(files) {
		b := files[name]
		md, st, err := c.Extract(t.Context(), ts.URL+"/"+name, embedmeta.Options{})
		assert.Equal(t, local(b, embedmeta.Options{}), outcome(md, err), name)
		if len(b) == 0 {
			continue
		}
		assert.Equal(t, int64(len(b)), st.Size, name)
		assert.LessOrEqual(t, st.Fetched, st.Size, name)
		assert.False(t, st.Streamed, name)
		fetched += st.Fetched
		size += st.Size
		if strings.HasSuffix(strings.ToLower(name), ".jpg") && err == nil && len(b) < 4<<20 && st.Size > 1<<20 {
			assert.LessOrEqual(t, st.Requests, 3, "%s: %d requests", name, st.Requests)
		}
	}
	t.Logf("%d files: fetched %d of %d bytes (%.1f%%)", len(files), fetched, size, 100*float64(fetched)/float64(size))
}

// bigJPEG is the reference image with 8 MiB of image data: most of a large photo's bytes
// are its image data, after the metadata.
func bigJPEG(t *testing.T) []byte {
	b, err := os.ReadFile("../testdata/IPTC-PhotometadataRef-Std2019.1.jpg")
	require.NoError(t, err)
	eoi := bytes.LastIndex(b, []byte{0xFF, 0xD9})
	require.Positive(t, eoi)
	out := append([]byte{}, b[:eoi]...)
	out = append(out, make([]byte, 8<<20)...)
	return append(out, 0xFF, 0xD9)
}

// TestHTTPFetchesOnlyMetadata: a large JPEG costs its metadata, not its image data.
func TestHTTPFetchesOnlyMetadata(t *testing.T) {
	b := bigJPEG(t)
	ts, n := rangeServer(t, map[string][]byte{"big.jpg": b})
	md, st, err := (&remote.Client{}).Extract(t.Context(), ts.URL+"/big.jpg", embedmeta.Options{})
	require.NoError(t, err)
	assert.Equal(t, local(b, embedmeta.Options{}), outcome(md, err))
	assert.Less(t, st.Fetched, int64(len(b))/20, "fetched %d of %d", st.Fetched, len(b))
	// The first block and, for the trailer check at the end, the last 4 KiB alone (not the
	// 64 KiB block of image data they end).
	assert.LessOrEqual(t, st.Fetched, int64(remote.DefaultBlockSize+4<<10), "fetched %d", st.Fetched)
	assert.LessOrEqual(t, st.Requests, 3)
	assert.Equal(t, int64(st.Requests), n.Load())
}

// TestHTTPWithoutRange: a server that answers every request with the whole body (200) is
// read as a stream that stops at the end of the metadata.
func TestHTTPWithoutRange(t *testing.T) {
	b := bigJPEG(t)
	var sent atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(len(b)))
		for off := 0; off < len(b); off += 32 << 10 {
			n, err := w.Write(b[off:min(off+32<<10, len(b))])
			sent.Add(int64(n))
			if err != nil {
				return
			}
		}
	}))
	defer ts.Close()
	md, st, err := (&remote.Client{}).Extract(t.Context(), ts.URL+"/big.jpg", embedmeta.Options{})
	require.NoError(t, err)
	assert.True(t, st.Streamed)
	want, _ := embedmeta.Extract(bytes.NewReader(b), int64(len(b)), embedmeta.Options{})
	assert.Equal(t, outcome(want, nil), outcome(md, nil))
	assert.Less(t, st.Fetched, int64(len(b))/4, "the stream stops after the metadata")
}

// TestHTTPWithoutRangeRetries: the stream path retries a 503 like the ranged one, counts
// every request, and does not retry a 404.
func TestHTTPWithoutRangeRetries(t *testing.T) {
	b, err := os.ReadFile("../testdata/IPTC-PhotometadataRef-Std2019.1.jpg")
	require.NoError(t, err)
	var seen atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := seen.Add(1)
		switch {
		case r.URL.Path == "/gone.jpg" && n > 1:
			http.NotFound(w, r)
		case n == 2 || n == 3: // the first two requests of the stream
			http.Error(w, "busy", http.StatusServiceUnavailable)
		default:
			_, _ = w.Write(b)
		}
	}))
	defer ts.Close()
	c := &remote.Client{Retries: 3, RequestTimeout: 2 * time.Second}
	md, st, err := c.Extract(t.Context(), ts.URL+"/flaky.jpg", embedmeta.Options{})
	assert.Equal(t, local(b, embedmeta.Options{}), outcome(md, err))
	assert.True(t, st.Streamed)
	assert.Equal(t, 4, st.Requests, "a ranged GET answered 200, two 503s, the stream")
	assert.Equal(t, int64(4), seen.Load())

	seen.Store(0)
	_, st, err = c.Extract(t.Context(), ts.URL+"/gone.jpg", embedmeta.Options{})
	var he *remote.HTTPError
	require.ErrorAs(t, err, &he)
	assert.Equal(t, http.StatusNotFound, he.StatusCode)
	assert.Equal(t, 2, st.Requests, "no retry of a 404")
}

// TestHTTPFailures: 404 is not retried; 503 then 200 succeeds with the retries counted; a
// body shorter than announced and a server that stalls give an error, never a hang; an
// empty object (416) is an error of the library, not of the transport.
func TestHTTPFailures(t *testing.T) {
	b, err := os.ReadFile("../testdata/IPTC-PhotometadataRef-Std2019.1.jpg")
	require.NoError(t, err)
	want := local(b, embedmeta.Options{})
	var fails atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/flaky.jpg":
			if fails.Add(1) <= 2 {
				http.Error(w, "busy", http.StatusServiceUnavailable)
				return
			}
			http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(b))
		case "/short.jpg": // announces the range, sends half of it, drops the connection
			w.Header().Set("Content-Range", fmt.Sprintf("bytes 0-%d/%d", 65535, len(b)))
			w.Header().Set("Content-Length", "65536")
			w.WriteHeader(http.StatusPartialContent)
			_, _ = w.Write(b[:30000])
			panic(http.ErrAbortHandler)
		case "/stall.jpg":
			<-r.Context().Done()
		case "/empty.jpg":
			http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(nil))
		case "/empty416.jpg": // what S3 and most servers answer a ranged GET of an empty object
			w.Header().Set("Content-Range", "bytes */0")
			http.Error(w, "range not satisfiable", http.StatusRequestedRangeNotSatisfiable)
		default:
			http.NotFound(w, r)
		}
	}))
	defer ts.Close()
	c := &remote.Client{Retries: 3, RequestTimeout: 2 * time.Second}

	md, st, err := c.Extract(t.Context(), ts.URL+"/flaky.jpg", embedmeta.Options{})
	assert.Equal(t, want, outcome(md, err))
	assert.GreaterOrEqual(t, st.Requests, 3)

	_, st, err = c.Extract(t.Context(), ts.URL+"/missing.jpg", embedmeta.Options{})
	var he *remote.HTTPError
	require.ErrorAs(t, err, &he)
	assert.Equal(t, http.StatusNotFound, he.StatusCode)
	assert.Equal(t, 1, st.Requests, "no retry of a 404")
	_, _, err = c.Extract(t.Context(), ts.URL+"/short.jpg", embedmeta.Options{})
	assert.ErrorIs(t, err, remote.ErrShortRead)

	start := time.Now()
	quick := &remote.Client{Retries: -1, RequestTimeout: 200 * time.Millisecond}
	_, _, err = quick.Extract(t.Context(), ts.URL+"/stall.jpg", embedmeta.Options{})
	assert.Error(t, err)
	assert.Less(t, time.Since(start), 10*time.Second)

	ctx, cancel := context.WithCancel(t.Context())
	go func() { time.Sleep(100 * time.Millisecond); cancel() }()
	_, _, err = (&remote.Client{}).Extract(ctx, ts.URL+"/stall.jpg", embedmeta.Options{})
	assert.ErrorIs(t, err, context.Canceled)

	_, wantEmpty := embedmeta.ExtractBytes(nil)
	for _, name := range []string{"/empty.jpg", "/empty416.jpg"} {
		_, st, err := c.Extract(t.Context(), ts.URL+name, embedmeta.Options{})
		require.Error(t, err, name)
		assert.False(t, errors.As(err, &he), "%s: an empty object is no transport error: %v", name, err)
		assert.Equal(t, wantEmpty.Error(), err.Error(), name)
		if name == "/empty416.jpg" {
			assert.Equal(t, int64(0), st.Size)
			assert.Equal(t, 1, st.Requests)
		}
	}
}

// TestS3MatchesLocal: every sample stored in an S3 API server (gofakes3 on loopback,
// reached through the AWS SDK's standard configuration) gives the local answer; List
// finds every object under a prefix.
func TestS3MatchesLocal(t *testing.T) {
	files := samples(t)
	srv := s3test.Start(t, "photos", files)
	c := &remote.Client{}
	defer c.Close()
	for _, name := range names(files) {
		md, st, err := c.Extract(t.Context(), "s3://photos/"+name, embedmeta.Options{})
		assert.Equal(t, local(files[name], embedmeta.Options{}), outcome(md, err), name)
		assert.LessOrEqual(t, st.Fetched, int64(len(files[name])), name)
	}
	var listed []string
	require.NoError(t, c.List(t.Context(), "s3://photos/testdata/formats/", func(u string) bool {
		listed = append(listed, u)
		return true
	}))
	var want []string
	for _, name := range names(files) {
		if strings.HasPrefix(name, "testdata/formats/") {
			want = append(want, "s3://photos/"+name)
		}
	}
	assert.Equal(t, want, listed)
	t.Logf("%d objects, %d requests to the server", len(files), srv.Requests.Load())

	_, _, err := c.Extract(t.Context(), "s3://photos/no/such.jpg", embedmeta.Options{})
	assert.ErrorIs(t, err, os.ErrNotExist)
}

// TestS3EmptyObject: an empty object (S3 answers a ranged GET of it with 416) gives the
// answer an empty local file gives, not a transport error.
func TestS3EmptyObject(t *testing.T) {
	s3test.Start(t, "photos", map[string][]byte{"empty.jpg": {}})
	c := &remote.Client{}
	defer c.Close()
	_, st, err := c.Extract(t.Context(), "s3://photos/empty.jpg", embedmeta.Options{})
	_, want := embedmeta.ExtractBytes(nil)
	require.Error(t, want)
	assert.Equal(t, want.Error(), errorText(err))
	assert.Equal(t, int64(0), st.Size)
}

func errorText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestLocalPaths: a plain path and a file:// URL are read as local files, and List walks
// a folder.
func TestLocalPaths(t *testing.T) {
	ref, err := filepath.Abs("../testdata/IPTC-PhotometadataRef-Std2019.1.jpg")
	require.NoError(t, err)
	b, err := os.ReadFile(ref)
	require.NoError(t, err)
	for _, u := range []string{ref, "file://" + filepath.ToSlash(ref)} {
		md, st, err := remote.Extract(t.Context(), u, embedmeta.Options{})
		assert.Equal(t, local(b, embedmeta.Options{}), outcome(md, err), u)
		assert.Equal(t, int64(len(b)), st.Size)
	}
	n := 0
	require.NoError(t, remote.List(t.Context(), "../testdata/formats/jp2", func(string) bool { n++; return true }))
	assert.Positive(t, n)
	assert.True(t, remote.IsURL("s3://b/k"))
	assert.False(t, remote.IsURL(`C:\x.jpg`))
	assert.False(t, remote.IsURL("photo.jpg"))
}
