package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
)

const ref = "../../testdata/IPTC-PhotometadataRef-Std2019.1"

func runCLI(args ...string) (code int, stdout, stderr string) {
	return runWithStdin(nil, args...)
}

func runWithStdin(stdin io.Reader, args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(context.Background(), args, stdin, &o, &e)
	return code, o.String(), e.String()
}

// record is one NDJSON / -j record.
type record struct {
	File             string                     `json:"file"`
	EmbeddedMetadata map[string]json.RawMessage `json:"embeddedMetadata"`
	Facts            map[string]any             `json:"facts"`
	Warnings         []string                   `json:"warnings"`
	Error            string                     `json:"error"`
}

func records(t *testing.T, out string) []record {
	t.Helper()
	var recs []record
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		var r record
		require.NoError(t, json.Unmarshal([]byte(line), &r), line)
		recs = append(recs, r)
	}
	return recs
}

func golden(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(ref + ".json")
	require.NoError(t, err)
	return string(b)
}

// sampleDir holds two copies of the reference image and a text file.
func sampleDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	data, err := os.ReadFile(ref + ".jpg")
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "sub"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.jpg"), data, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "sub", "b.JPEG"), data, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("not an image"), 0o644))
	return dir
}

func TestSingleFilePrintsGoldenAndNewline(t *testing.T) {
	code, out, _ := runCLI(ref + ".jpg")
	assert.Equal(t, exitOK, code)
	assert.Equal(t, golden(t)+"\n", out)
}

func TestSeveralFilesPrintNDJSON(t *testing.T) {
	dir := sampleDir(t)
	code, out, errOut := runCLI(ref+".jpg", filepath.Join(dir, "notes.txt"), filepath.Join(dir, "missing.jpg"))
	assert.Equal(t, exitFailed, code)
	recs := records(t, out)
	require.Len(t, recs, 3)
	assert.Equal(t, ref+".jpg", recs[0].File)
	assert.Len(t, recs[0].EmbeddedMetadata, 179)
	assert.Contains(t, recs[1].Error, "unsupported")
	assert.Nil(t, recs[1].EmbeddedMetadata)
	assert.NotEmpty(t, recs[2].Error)
	assert.Contains(t, errOut, "missing.jpg")
}

func TestRecursive(t *testing.T) {
	dir := sampleDir(t)
	code, out, _ := runCLI("-r", dir)
	assert.Equal(t, exitFailed, code, "notes.txt is not an image")
	recs := records(t, out)
	require.Len(t, recs, 3)
	assert.Equal(t, filepath.Join(dir, "a.jpg"), recs[0].File)
	assert.Equal(t, filepath.Join(dir, "notes.txt"), recs[1].File)
	assert.Equal(t, filepath.Join(dir, "sub", "b.JPEG"), recs[2].File)
	_, out2, _ := runCLI("--recursive", dir)
	assert.Equal(t, out, out2)
}

func TestExtFilter(t *testing.T) {
	dir := sampleDir(t)
	code, out, _ := runCLI("-r", "--ext", "jpeg,.JPG", dir)
	assert.Equal(t, exitOK, code)
	assert.Len(t, records(t, out), 2)
	_, out, _ = runCLI("-r", "--ext", "jpeg", dir)
	recs := records(t, out)
	require.Len(t, recs, 1)
	assert.Equal(t, filepath.Join(dir, "sub", "b.JPEG"), recs[0].File)
}

func TestGlob(t *testing.T) {
	dir := sampleDir(t)
	code, out, _ := runCLI(filepath.Join(dir, "*.jpg"))
	assert.Equal(t, exitOK, code)
	recs := records(t, out)
	require.Len(t, recs, 1, "a glob gives records, even for one match")
	assert.Equal(t, filepath.Join(dir, "a.jpg"), recs[0].File)
}

func TestStdin(t *testing.T) {
	data, err := os.ReadFile(ref + ".jpg")
	require.NoError(t, err)
	code, out, _ := runWithStdin(bytes.NewReader(data), "-")
	assert.Equal(t, exitOK, code)
	assert.Equal(t, golden(t)+"\n", out)
}

func TestJSONArray(t *testing.T) {
	for _, flag := range []string{"-j", "--json"} {
		code, out, _ := runCLI(flag, ref+".jpg", ref+".jpg")
		assert.Equal(t, exitOK, code)
		var recs []record
		require.NoError(t, json.Unmarshal([]byte(out), &recs), out)
		assert.Len(t, recs, 2)
		assert.Len(t, recs[1].EmbeddedMetadata, 179)
	}
}

func TestPretty(t *testing.T) {
	code, out, _ := runCLI("--pretty", ref+".jpg")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "{\n  \"ExifVersion\": \"0232\",\n")
	var compact bytes.Buffer
	require.NoError(t, json.Compact(&compact, []byte(out)))
	assert.Equal(t, golden(t), compact.String())
	_, out, _ = runCLI("-j", "--pretty", ref+".jpg")
	assert.True(t, json.Valid([]byte(out)))
}

func TestTagsAndExclude(t *testing.T) {
	_, out, _ := runCLI("-t", "Make,Artist", "-t", "xmp:creator", ref+".jpg")
	assert.Equal(t, `{"Artist":"Creator1 (ref2019.1)","Creator":"Creator1 (ref2019.1)"}`+"\n", out)
	_, out, _ = runCLI("--tags", "EXIF:*", ref+".jpg")
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &m))
	assert.Len(t, m, 12)
	_, out, _ = runCLI("-t", "IPTC:*", "-x", "Keywords", "--exclude", "iptc:Caption*", ref+".jpg")
	m = nil
	require.NoError(t, json.Unmarshal([]byte(out), &m))
	assert.NotContains(t, m, "Keywords")
	assert.Contains(t, m, "ObjectName")
	code, _, errOut := runCLI("-t", "Bogus:Make", ref+".jpg")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "unknown group")
}

func TestGroupsPrefix(t *testing.T) {
	for _, flag := range []string{"-G", "--groups"} {
		_, out, _ := runCLI(flag, "-t", "Artist,City,DateTimeCreated", ref+".jpg")
		assert.Equal(t, `{"EXIF:Artist":"Creator1 (ref2019.1)","XMP:City":"City (Core) (ref2019.1)",`+
			`"Composite:DateTimeCreated":"2019-10-16T19:01:03.000Z"}`+"\n", out)
	}
}

func TestRawValues(t *testing.T) {
	for _, flag := range []string{"-n", "--raw"} {
		_, out, _ := runCLI(flag, "-t", "ResolutionUnit,ColorSpace", ref+".jpg")
		assert.Equal(t, `{"ResolutionUnit":2,"ColorSpace":65535}`+"\n", out)
	}
}

func TestFacts(t *testing.T) {
	code, out, _ := runCLI("--facts", ref+".jpg")
	assert.Equal(t, exitOK, code)
	recs := records(t, out)
	require.Len(t, recs, 1)
	assert.Equal(t, "image/jpeg", recs[0].Facts["mime"])
	assert.Equal(t, "image", recs[0].Facts["fileType"])
	assert.NotContains(t, recs[0].EmbeddedMetadata, "mime", "facts never go inside embeddedMetadata")
}

func TestWorkersKeepOrder(t *testing.T) {
	dir := sampleDir(t)
	var want string
	for _, w := range []string{"1", "2", "8"} {
		for _, flag := range []string{"-P", "--workers"} {
			_, out, _ := runCLI(flag, w, "-r", dir)
			if want == "" {
				want = out
			}
			assert.Equal(t, want, out, "%s %s", flag, w)
		}
	}
	code, _, _ := runCLI("-P", "0", ref+".jpg")
	assert.Equal(t, exitUsage, code)
}

func TestProgress(t *testing.T) {
	dir := sampleDir(t)
	_, _, errOut := runCLI("--progress", "always", "-r", "--ext", "jpg,jpeg", dir)
	assert.Contains(t, errOut, "embedmeta")
	assert.Contains(t, errOut, "/2")
	_, _, errOut = runCLI("--progress", "never", "-r", "--ext", "jpg,jpeg", dir)
	assert.Empty(t, errOut)
	_, _, errOut = runCLI("--progress", "auto", "-r", "--ext", "jpg,jpeg", dir)
	assert.Empty(t, errOut, "stderr is not a terminal")
	code, _, _ := runCLI("--progress", "sometimes", dir)
	assert.Equal(t, exitUsage, code)
}

func TestFilesFrom(t *testing.T) {
	dir := sampleDir(t)
	list := filepath.Join(dir, "list.txt")
	a, b := filepath.Join(dir, "a.jpg"), filepath.Join(dir, "sub", "b.JPEG")
	require.NoError(t, os.WriteFile(list, []byte(a+"\r\n\n"+b+"\n"), 0o644))
	code, out, _ := runCLI("--files-from", list)
	assert.Equal(t, exitOK, code)
	recs := records(t, out)
	require.Len(t, recs, 2)
	assert.Equal(t, b, recs[1].File)
	code, out, _ = runWithStdin(strings.NewReader(a+"\n"), "--files-from", "-")
	assert.Equal(t, exitOK, code)
	assert.Len(t, records(t, out), 1, "a listed file gives a record, never the bare object")
}

func TestSidecar(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(ref + ".jpg")
	require.NoError(t, err)
	photo := filepath.Join(dir, "photo.jpg")
	require.NoError(t, os.WriteFile(photo, data, 0o644))
	sidecar := `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
		`<rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:City="Sidecar City"/></rdf:RDF></x:xmpmeta>`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "photo.xmp"), []byte(sidecar), 0o644))
	_, out, _ := runCLI("-t", "City", photo)
	assert.Equal(t, `{"City":"City (Core) (ref2019.1)"}`+"\n", out)
	_, out, _ = runCLI("--sidecar", "-t", "City", photo)
	assert.Equal(t, `{"City":"Sidecar City"}`+"\n", out)
}

func TestVersionAndHelp(t *testing.T) {
	code, out, _ := runCLI("--version")
	assert.Equal(t, exitOK, code)
	assert.Equal(t, "embedmeta dev\n", out)
	for _, flag := range []string{"-h", "--help"} {
		code, out, _ = runCLI(flag)
		assert.Equal(t, exitOK, code)
		assert.Contains(t, out, "examples:")
		// every flag the help lists is tested in this file
		for _, f := range []string{"--recursive", "--ext", "--json", "--pretty", "--tags", "--exclude",
			"--groups", "--raw", "--facts", "--workers", "--progress", "--files-from", "--sidecar", "--version", "--help"} {
			assert.Contains(t, out, f)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	code, _, errOut := runCLI()
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "usage:")
	code, _, _ = runCLI(t.TempDir())
	assert.Equal(t, exitUsage, code, "a directory without -r")
	code, _, _ = runCLI("-no-such-flag")
	assert.Equal(t, exitUsage, code)
}

func TestOutputErrorExitCode(t *testing.T) {
	var e bytes.Buffer
	code := run(context.Background(), []string{ref + ".jpg"}, nil, failingWriter{}, &e)
	assert.Equal(t, exitOutput, code)
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, io.ErrClosedPipe }

// TestCancelled: a run cancelled (SIGINT) prints a prefix of the records, here none, says
// where it stopped and exits with status 1.
func TestCancelled(t *testing.T) {
	dir := sampleDir(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var o, e bytes.Buffer
	code := run(ctx, []string{"-r", dir}, nil, &o, &e)
	assert.Equal(t, exitFailed, code)
	assert.Empty(t, o.String())
	assert.Contains(t, e.String(), "stopped after 0 files")
}

// TestBatchMatchesLibrary: a batch over the corpus's JPEGs, each file named twice and read
// by three workers (each with its own Extractor, records rendered in the workers), prints
// for every file the record that the library's ExtractFile gives it, rendered alone.
func TestBatchMatchesLibrary(t *testing.T) {
	dir := testcorpus.Dir()
	if dir == "" {
		t.Skip("shared corpus not present")
	}
	jpegs := filepath.Join(dir, "jpeg")
	cfg := &config{recursive: true}
	p := &printer{cfg: cfg}
	inputs, err := collect(&config{recursive: true, args: []string{jpegs}}, nil)
	require.NoError(t, err)
	var want []string
	require.NoError(t, expand(inputs, nil, func(path string) bool {
		md, err := embedmeta.ExtractFile(path)
		want = append(want, string(p.appendRecord(nil, result{name: path, md: md, err: err})))
		return true
	}))
	_, out, _ := runCLI("-P", "3", "-r", jpegs, jpegs)
	got := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	require.Len(t, got, 2*len(want))
	for i, line := range got {
		require.Equal(t, want[i%len(want)], line, "record %d", i)
	}
}
