package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"

	"github.com/embedmeta/embedmeta/beam/embedmetabeam"
	"github.com/embedmeta/embedmeta/internal/s3test"
)

func TestMain(m *testing.M) { ptest.MainWithDefault(m, "prism") }

// runCommand runs the command's pipeline on Prism and returns the records by file.
func runCommand(t *testing.T, input string, opts embedmetabeam.Options) map[string]map[string]json.RawMessage {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out.ndjson")
	p, err := pipeline(input, out, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := ptest.Run(p); err != nil {
		t.Fatalf("pipeline: %v", err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	recs := map[string]map[string]json.RawMessage{}
	for _, line := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		var r map[string]json.RawMessage
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%.200s: %v", line, err)
		}
		var file string
		if err := json.Unmarshal(r["file"], &file); err != nil {
			t.Fatalf("%.200s: no file: %v", line, err)
		}
		recs[file] = r
	}
	return recs
}

// TestInputs runs the pipeline on a single file, a directory and a list file (@FILE) that
// names a file, a prefix and a missing file.
func TestInputs(t *testing.T) {
	ref := "../../../testdata/IPTC-PhotometadataRef-Std2019.1.jpg"
	dir := "../../../testdata/formats/jp2"
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}

	recs := runCommand(t, ref, embedmetabeam.Options{Facts: true})
	if r := recs[ref]; len(recs) != 1 || r["facts"] == nil || len(r["embeddedMetadata"]) < 100 {
		t.Errorf("one file: %d records, %v", len(recs), recs)
	}

	recs = runCommand(t, dir, embedmetabeam.Options{})
	if len(recs) != len(entries) {
		t.Errorf("directory: %d records for %d files", len(recs), len(entries))
	}
	for f, r := range recs {
		if !strings.HasPrefix(f, dir+"/") || r["facts"] != nil {
			t.Errorf("directory: record %s: %v", f, r)
		}
	}

	list := filepath.Join(t.TempDir(), "inputs.txt")
	missing := filepath.Join(t.TempDir(), "missing.jpg")
	if err := os.WriteFile(list, []byte(ref+"\n\n"+dir+"/\n"+missing+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	recs = runCommand(t, "@"+list, embedmetabeam.Options{})
	if len(recs) != len(entries)+2 {
		t.Errorf("list: %d records, want %d", len(recs), len(entries)+2)
	}
	if recs[ref] == nil || recs[missing]["error"] == nil {
		t.Errorf("list: records %v", recs)
	}
}

// TestBadInput checks the errors of inputs the pipeline cannot be built for.
func TestBadInput(t *testing.T) {
	for _, in := range []string{"", " @", "@nosuchfs://x/list.txt"} {
		if _, err := pipeline(in, filepath.Join(t.TempDir(), "out"), embedmetabeam.Options{}); err == nil {
			t.Errorf("%q: no error", in)
		}
	}
}

// TestS3Input runs the pipeline over a bucket prefix of an S3 API server on loopback, and
// over a list file naming an object and a missing one.
func TestS3Input(t *testing.T) {
	dir := "../../../testdata/formats/jp2"
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	objects := map[string][]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		objects["jp2/"+e.Name()] = b
	}
	objects["other/x.jpg"] = []byte("not listed under jp2/")
	// One server per test binary: remote's default client keeps the buckets it opened,
	// with the endpoint of their time.
	s3test.Start(t, "media", objects)

	recs := runCommand(t, "s3://media/jp2/", embedmetabeam.Options{Facts: true})
	if len(recs) != len(entries) {
		t.Errorf("prefix: %d records for %d objects", len(recs), len(entries))
	}
	for _, e := range entries {
		r := recs["s3://media/jp2/"+e.Name()]
		if r == nil || r["embeddedMetadata"] == nil && r["error"] == nil {
			t.Errorf("%s: record %v", e.Name(), r)
		}
	}

	one := "s3://media/jp2/" + entries[0].Name()
	list := filepath.Join(t.TempDir(), "urls.txt")
	if err := os.WriteFile(list, []byte(one+"\ns3://media/missing.jpg\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	recs = runCommand(t, "@"+list, embedmetabeam.Options{})
	if len(recs) != 2 || recs[one] == nil || recs["s3://media/missing.jpg"]["error"] == nil {
		t.Errorf("list: records %v", recs)
	}
}
