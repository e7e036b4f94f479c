package embedmetabeam

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"

	"github.com/embedmeta/embedmeta"
	"github.com/embedmeta/embedmeta/internal/s3test"
)

// TestMain runs the pipelines of the tests on Prism, in process (loopback workers: the DoFns
// run in this test binary).
func TestMain(m *testing.M) { ptest.MainWithDefault(m, "prism") }

// corpusFiles returns the local test corpus: the IPTC reference image, testdata/formats and,
// when present, ../shared/corpus (next to the repository).
func corpusFiles(t testing.TB) []string {
	t.Helper()
	files := []string{"../../testdata/IPTC-PhotometadataRef-Std2019.1.jpg"}
	files = append(files, walk(t, "../../testdata/formats")...)
	if _, err := os.Stat("../../../shared/corpus"); err == nil {
		files = append(files, walk(t, "../../../shared/corpus")...)
	} else {
		t.Logf("../../../shared/corpus absent: only the repository's testdata is read")
	}
	return files
}

// walk returns the regular files under dir in lexical order.
func walk(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			out = append(out, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// record is a record decoded for comparison; EmbeddedMetadata is kept byte for byte.
type record struct {
	File             string          `json:"file"`
	EmbeddedMetadata json.RawMessage `json:"embeddedMetadata"`
	Facts            map[string]any  `json:"facts"`
	Warnings         []string        `json:"warnings"`
	Error            *string         `json:"error"`
	line             string          // the record as written
}

// expected builds the record of the local file path with the library directly, named name.
// Facts are rendered independently of the package (encoding/json with omitempty).
func expected(t testing.TB, name, path string, facts bool, opts ...embedmeta.Option) record {
	t.Helper()
	md, err := embedmeta.ExtractFile(path, opts...)
	r := record{File: name}
	if md != nil {
		for _, w := range md.Warnings {
			r.Warnings = append(r.Warnings, w.String())
		}
	}
	if err != nil {
		s := err.Error()
		r.Error = &s
		return r
	}
	b, _ := md.MarshalJSON()
	r.EmbeddedMetadata = b
	if facts {
		f := md.Facts
		j, _ := json.Marshal(struct {
			FileType   string  `json:"fileType,omitempty"`
			MIME       string  `json:"mime,omitempty"`
			Width      int     `json:"width,omitempty"`
			Height     int     `json:"height,omitempty"`
			HasAlpha   *bool   `json:"hasAlpha,omitempty"`
			Duration   float64 `json:"duration,omitempty"`
			BitRate    int64   `json:"bitRate,omitempty"`
			VideoCodec string  `json:"videoCodec,omitempty"`
			AudioCodec string  `json:"audioCodec,omitempty"`
		}{f.FileType, f.MIME, int(f.Width), int(f.Height), f.HasAlpha, f.Duration, int64(f.BitRate), f.VideoCodec, f.AudioCodec})
		if err := json.Unmarshal(j, &r.Facts); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

// run runs the pipeline that build makes on Prism, writes the PCollection<string> it returns
// with textio.Write, and returns the lines, decoded, by file.
func run(t *testing.T, build func(s beam.Scope) beam.PCollection) map[string]record {
	t.Helper()
	recs, _ := runCounting(t, build)
	return recs
}

// runCounting is run that also returns the counters of the namespace "embedmeta" by name.
func runCounting(t *testing.T, build func(s beam.Scope) beam.PCollection) (map[string]record, map[string]int64) {
	t.Helper()
	p, s := beam.NewPipelineWithRoot()
	out := filepath.Join(t.TempDir(), "records.ndjson")
	textio.Write(s, out, build(s))
	pr, err := ptest.RunWithMetrics(p)
	if err != nil {
		t.Fatalf("pipeline: %v", err)
	}
	counters := map[string]int64{}
	if pr != nil {
		for _, c := range pr.Metrics().AllMetrics().Counters() {
			if c.Namespace() == "embedmeta" {
				counters[c.Name()] += c.Result()
			}
		}
	}
	return readRecords(t, out), counters
}

// readRecords decodes an NDJSON file of records, failing on a duplicate file.
func readRecords(t testing.TB, path string) map[string]record {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs := map[string]record{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var r record
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("record %.200s: %v", sc.Text(), err)
		}
		r.line = sc.Text()
		if _, dup := recs[r.File]; dup {
			t.Errorf("two records for %s", r.File)
		}
		recs[r.File] = r
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return recs
}

// compare checks that got holds exactly the records of want.
func compare(t *testing.T, got map[string]record, want []record) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d records, want %d", len(got), len(want))
	}
	bad := 0
	for _, w := range want {
		g, ok := got[w.File]
		switch {
		case !ok:
			t.Errorf("%s: no record", w.File)
		case !bytes.Equal(g.EmbeddedMetadata, w.EmbeddedMetadata):
			t.Errorf("%s: embeddedMetadata\n got %.300s\nwant %.300s", w.File, g.EmbeddedMetadata, w.EmbeddedMetadata)
		case !slices.Equal(g.Warnings, w.Warnings):
			t.Errorf("%s: warnings %q, want %q", w.File, g.Warnings, w.Warnings)
		case (g.Error == nil) != (w.Error == nil) || g.Error != nil && *g.Error != *w.Error:
			t.Errorf("%s: error %v, want %v", w.File, str(g.Error), str(w.Error))
		case !equalJSON(g.Facts, w.Facts):
			t.Errorf("%s: facts %v, want %v", w.File, g.Facts, w.Facts)
		default:
			continue
		}
		if bad++; bad > 20 {
			t.Fatal("too many differences")
		}
	}
}

func str(p *string) string {
	if p == nil {
		return "<none>"
	}
	return *p
}

func equalJSON(a, b map[string]any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}

// TestExtractLocalCorpus reads every corpus file by its path and checks each record against
// the library's answer for the file, facts included.
func TestExtractLocalCorpus(t *testing.T) {
	files := corpusFiles(t)
	var want []record
	for _, f := range files {
		want = append(want, expected(t, f, f, true))
	}
	got := run(t, func(s beam.Scope) beam.PCollection {
		return Extract(s, beam.CreateList(s, files), Options{Facts: true})
	})
	compare(t, got, want)
	ok := 0 // the comparison is not vacuous: many files have metadata
	for _, r := range want {
		if r.Error == nil && len(r.EmbeddedMetadata) > 2 {
			ok++
		}
	}
	if ok < 20 {
		t.Errorf("only %d of %d files have metadata", ok, len(files))
	}
	t.Logf("%d files, %d with metadata", len(files), ok)
}

// TestRecordsPrefixes lists local directories (an absolute path ending in "/", a relative
// directory path without "/", a file:// URL) and reads a file:// object URL, with raw values
// and without facts. Blank lines and comments of a list are skipped.
func TestRecordsPrefixes(t *testing.T) {
	dir, err := filepath.Abs("../../testdata/formats")
	if err != nil {
		t.Fatal(err)
	}
	rel := "../../testdata/formats/jp2"
	ref, err := filepath.Abs("../../testdata/IPTC-PhotometadataRef-Std2019.1.jpg")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	b, err := os.ReadFile(ref)
	if err != nil {
		t.Fatal(err)
	}
	copied := filepath.Join(tmp, "sub", "ref.jpg")
	if err := os.MkdirAll(filepath.Dir(copied), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(copied, b, 0o644); err != nil {
		t.Fatal(err)
	}
	raw := embedmeta.WithRawValues()
	var want []record
	for _, f := range walk(t, dir) {
		want = append(want, expected(t, f, f, false, raw))
	}
	for _, f := range walk(t, rel) {
		want = append(want, expected(t, f, f, false, raw))
	}
	want = append(want, expected(t, copied, ref, false, raw)) // file:// prefixes list as paths
	want = append(want, expected(t, "file://"+filepath.ToSlash(ref), ref, false, raw))
	got := run(t, func(s beam.Scope) beam.PCollection {
		in := beam.Create(s, dir+"/", rel, "file://"+filepath.ToSlash(tmp), "file://"+filepath.ToSlash(ref), "", "  # a comment")
		return Records(s, in, Options{RawValues: true})
	})
	compare(t, got, want)
}

// TestErrorRecords checks that unreadable inputs give error records and leave the pipeline
// running: a missing file, a file of no known format, a prefix that cannot be listed.
func TestErrorRecords(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(text, []byte("no metadata here\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.jpg")
	missingDir := filepath.Join(dir, "nodir") + "/"
	good := "../../testdata/IPTC-PhotometadataRef-Std2019.1.jpg"
	got := run(t, func(s beam.Scope) beam.PCollection {
		return Records(s, beam.Create(s, text, missing, missingDir, good), Options{})
	})
	if len(got) != 4 {
		t.Fatalf("%d records, want 4: %v", len(got), got)
	}
	for _, name := range []string{text, missing, missingDir} {
		r := got[name]
		if r.Error == nil || r.EmbeddedMetadata != nil {
			t.Errorf("%s: want an error record, got %+v", name, r)
		}
	}
	if r := got[text]; r.Error != nil && !strings.Contains(*r.Error, embedmeta.ErrUnsupportedFormat.Error()) {
		t.Errorf("%s: error %q", text, *r.Error)
	}
	if r := got[missingDir]; r.Error != nil && !strings.HasPrefix(*r.Error, "listing: ") {
		t.Errorf("%s: error %q", missingDir, *r.Error)
	}
	compare(t, map[string]record{good: got[good]}, []record{expected(t, good, good, false)})
}

// TestAppendRecord pins the record's member order and escaping to the CLI's.
func TestAppendRecord(t *testing.T) {
	md, err := embedmeta.ExtractFile("../../testdata/IPTC-PhotometadataRef-Std2019.1.jpg")
	if err != nil {
		t.Fatal(err)
	}
	b := AppendRecord(nil, `a"<b>.jpg`, md, nil, true)
	meta, _ := md.MarshalJSON()
	want := `{"file":"a\"<b>.jpg","embeddedMetadata":` + string(meta) + `,"facts":{"fileType":"image","mime":"image/jpeg","width":1000,"height":500,"hasAlpha":false}}`
	if string(b) != want {
		t.Errorf("record %s\nwant %s", b, want)
	}
	if !json.Valid(b) {
		t.Error("invalid JSON")
	}
	b = AppendRecord(nil, "x", nil, errors.New("boom"), true)
	if string(b) != `{"file":"x","error":"boom"}` {
		t.Errorf("error record %s", b)
	}
}

// TestRecordsMatchCLI checks the records of the pipeline byte for byte against the lines the
// embedmeta CLI (built from the enclosing module) prints with --ndjson --facts for the same
// files.
func TestRecordsMatchCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the CLI")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build the CLI with")
	}
	bin := filepath.Join(t.TempDir(), "embedmeta")
	build := exec.Command(gobin, "build", "-o", bin, "./cmd/embedmeta")
	build.Dir = "../.."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the CLI: %v\n%s", err, out)
	}
	files := corpusFiles(t)
	cmd := exec.Command(bin, "--ndjson", "--facts", "--progress", "never", "--files-from", "-")
	cmd.Stdin = strings.NewReader(strings.Join(files, "\n") + "\n")
	out, err := cmd.Output()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) { // 1: some file failed
		t.Fatalf("CLI: %v", err)
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != len(files) {
		t.Fatalf("CLI printed %d lines for %d files", len(lines), len(files))
	}
	got := run(t, func(s beam.Scope) beam.PCollection {
		return Extract(s, beam.CreateList(s, files), Options{Facts: true})
	})
	if len(got) != len(files) {
		t.Errorf("%d records for %d files", len(got), len(files))
	}
	bad := 0
	for i, f := range files {
		if g := got[f].line; g != lines[i] {
			t.Errorf("%s:\npipeline %.300s\n     CLI %.300s", f, g, lines[i])
			if bad++; bad > 10 {
				t.Fatal("too many differences")
			}
		}
	}
}

// TestS3Corpus stores the corpus in an S3 API server on loopback (gofakes3, in process) and
// runs the pipeline over the bucket: a listed prefix, and object URLs given one by one
// (a missing one among them). Each record must be the library's record of the local file,
// named by its URL.
func TestS3Corpus(t *testing.T) {
	files := corpusFiles(t)
	objects := map[string][]byte{}
	local := map[string]string{} // key -> local path
	var size int64
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		key := filepath.ToSlash(f)
		for strings.HasPrefix(key, "../") {
			key = key[3:] // testdata/..., shared/corpus/...
		}
		if _, dup := objects[key]; dup {
			t.Fatalf("two files for key %s", key)
		}
		objects[key], local[key] = b, f
		size += int64(len(b))
	}
	// One server per test binary: remote's default client keeps the buckets it opened,
	// with the endpoint of their time.
	srv := s3test.Start(t, "corpus", objects)

	t.Run("prefix", func(t *testing.T) {
		var want []record
		for key, f := range local {
			want = append(want, expected(t, "s3://corpus/"+key, f, true))
		}
		reqs := srv.Requests.Load()
		got, counters := runCounting(t, func(s beam.Scope) beam.PCollection {
			return Records(s, beam.Create(s, "s3://corpus/"), Options{Facts: true})
		})
		compare(t, got, want)
		served := srv.Requests.Load() - reqs
		t.Logf("%d objects (%d bytes): %d requests served, counters %v", len(want), size, served, counters)
		if counters["objects"] != int64(len(want)) || counters["requests"] == 0 || counters["bytes_fetched"] == 0 {
			t.Errorf("counters %v, want %d objects and some requests and bytes", counters, len(want))
		}
		if counters["bytes_fetched"] > size {
			t.Errorf("fetched %d bytes, more than the %d stored", counters["bytes_fetched"], size)
		}
		if served < counters["requests"] {
			t.Errorf("server saw %d requests, the DoFn counted %d", served, counters["requests"])
		}
	})

	t.Run("objects", func(t *testing.T) {
		keys := []string{"testdata/IPTC-PhotometadataRef-Std2019.1.jpg"}
		for key := range local {
			if strings.HasPrefix(key, "testdata/formats/jp2/") {
				keys = append(keys, key)
			}
		}
		var urls []string
		var want []record
		for _, key := range keys {
			urls = append(urls, "s3://corpus/"+key)
			want = append(want, expected(t, "s3://corpus/"+key, local[key], false, embedmeta.WithRawValues()))
		}
		missing := "s3://corpus/no/such/object.jpg"
		urls = append(urls, missing)
		got := run(t, func(s beam.Scope) beam.PCollection {
			return Extract(s, beam.CreateList(s, urls), Options{RawValues: true})
		})
		if r, ok := got[missing]; !ok || r.Error == nil || r.EmbeddedMetadata != nil {
			t.Errorf("missing object: record %+v", r)
		}
		delete(got, missing)
		compare(t, got, want)
	})
}
