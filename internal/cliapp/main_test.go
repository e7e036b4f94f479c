package cliapp

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
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
	code = Run(context.Background(), args, stdin, &o, &e)
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

// TestRecursive: a walk reads the files whose content is a recognised format and skips
// the others silently (notes.txt); --all-files reports them too.
func TestRecursive(t *testing.T) {
	dir := sampleDir(t)
	code, out, errOut := runCLI("-r", dir)
	assert.Equal(t, exitOK, code, "notes.txt is skipped: %s", errOut)
	assert.Empty(t, errOut)
	recs := records(t, out)
	require.Len(t, recs, 2)
	assert.Equal(t, filepath.Join(dir, "a.jpg"), recs[0].File)
	assert.Equal(t, filepath.Join(dir, "sub", "b.JPEG"), recs[1].File)
	_, out2, _ := runCLI("--recursive", dir)
	assert.Equal(t, out, out2)

	code, out, _ = runCLI("-r", "--all-files", dir)
	assert.Equal(t, exitFailed, code, "notes.txt is not an image")
	recs = records(t, out)
	require.Len(t, recs, 3)
	assert.Equal(t, filepath.Join(dir, "notes.txt"), recs[1].File)
	assert.Contains(t, recs[1].Error, "unsupported")

	// -j: the array's commas stay right when the skipped file is first or last.
	code, out, _ = runCLI("-rj", dir)
	assert.Equal(t, exitOK, code)
	var arr []record
	require.NoError(t, json.Unmarshal([]byte(out), &arr), out)
	assert.Len(t, arr, 2)
	// A file named on the command line is always reported.
	code, out, _ = runCLI("--ndjson", filepath.Join(dir, "notes.txt"))
	assert.Equal(t, exitFailed, code)
	assert.Contains(t, records(t, out)[0].Error, "unsupported")
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
		for _, f := range []string{"--recursive", "--all-files", "--ext", "--json", "--ndjson", "--csv", "--sep",
			"--pretty", "--tags", "--exclude", "--groups", "--raw", "--facts", "--workers", "--progress",
			"--files-from", "--sidecar", "--list", "--version", "--help"} {
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
	for _, args := range [][]string{{"-no-such-flag"}, {"--no-such-flag", ref + ".jpg"}, {"-rq", "."},
		{"-P"}, {"-P", "0", "x"}, {"--progress=sometimes", "x"}, {"--pretty=yes", "x"}, {"-t", "Foo:Bar", "x"},
		{"-t", "[", "x"}, {"--csv", "-j", "x"}, {"--all-files", "x"}} {
		code, out, errOut := runCLI(args...)
		assert.Equal(t, exitUsage, code, "%q", args)
		assert.Empty(t, out, "%q", args)
		assert.Equal(t, 1, strings.Count(errOut, "\n"), "%q: one line, not the help: %s", args, errOut)
		assert.Contains(t, errOut, "embedmeta -h", "%q", args)
	}
}

// TestParseArgs: flags anywhere, combined short flags, values attached or next, long flags
// with = or a space or one dash (ExifTool's -ext), -- ends the flags, - is a file.
func TestParseArgs(t *testing.T) {
	tests := []struct {
		args []string
		want func(c *config) bool
		desc string
	}{
		{[]string{"a.jpg", "--pretty"}, func(c *config) bool { return c.pretty && len(c.args) == 1 }, "flag after the file"},
		{[]string{"-rj", "d"}, func(c *config) bool { return c.recursive && c.jsonArray }, "combined"},
		{[]string{"-rnG", "d"}, func(c *config) bool { return c.recursive && c.raw && c.groups }, "three combined"},
		{[]string{"-P4", "a"}, func(c *config) bool { return c.workers == 4 }, "value attached"},
		{[]string{"-rP", "3", "a"}, func(c *config) bool { return c.recursive && c.workers == 3 }, "value next, after a switch"},
		{[]string{"--workers=5", "a"}, func(c *config) bool { return c.workers == 5 }, "long ="},
		{[]string{"-tGPS*", "-t", "Make,Model", "a"}, func(c *config) bool { return slices.Equal(c.tags, []string{"GPS*", "Make", "Model"}) }, "repeatable list"},
		{[]string{"-ext", "jpg", "-r", "d"}, func(c *config) bool { return slices.Equal(c.exts, []string{"jpg"}) }, "ExifTool's -ext"},
		{[]string{"-pretty", "a"}, func(c *config) bool { return c.pretty }, "Go's -pretty"},
		{[]string{"--", "-r", "--pretty"}, func(c *config) bool { return !c.recursive && slices.Equal(c.args, []string{"-r", "--pretty"}) }, "-- ends flags"},
		{[]string{"-", "-j"}, func(c *config) bool { return c.jsonArray && slices.Equal(c.args, []string{"-"}) }, "- is stdin"},
		{[]string{"--sep", " | ", "--csv", "a"}, func(c *config) bool { return c.csv && c.sep == " | " }, "value with spaces"},
	}
	for _, tc := range tests {
		cfg, help, err := parseArgs(tc.args)
		require.NoError(t, err, tc.desc)
		assert.False(t, help)
		assert.True(t, tc.want(cfg), "%s: %q -> %+v", tc.desc, tc.args, cfg)
	}
}

// TestFlagsAfterFiles: `embedmeta photo.jpg --pretty` is the file with --pretty, as in
// every GNU tool; `-- -x.jpg` reads a file whose name starts with a dash.
func TestFlagsAfterFiles(t *testing.T) {
	code, out, _ := runCLI(ref+".jpg", "--pretty")
	assert.Equal(t, exitOK, code)
	assert.True(t, strings.HasPrefix(out, "{\n  \"ExifVersion\""), out[:40])

	dir := t.TempDir()
	data, err := os.ReadFile(ref + ".jpg")
	require.NoError(t, err)
	dash := filepath.Join(dir, "-x.jpg")
	require.NoError(t, os.WriteFile(dash, data, 0o644))
	want := golden(t) + "\n"
	t.Chdir(dir)
	code, out, _ = runCLI("--", "-x.jpg")
	assert.Equal(t, exitOK, code)
	assert.Equal(t, want, out)
}

// TestTagWildcards: -t/-x take name wildcards, alone or after a group.
func TestTagWildcards(t *testing.T) {
	keys := func(args ...string) []string {
		code, out, errOut := runCLI(append(args, ref+".jpg")...)
		require.Equal(t, exitOK, code, errOut)
		var m map[string]json.RawMessage
		require.NoError(t, json.Unmarshal([]byte(out), &m))
		var ks []string
		for k := range m {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		return ks
	}
	assert.Equal(t, []string{"DateCreated", "DateTimeCreated", "DateTimeOriginal"},
		filter(keys("-t", "*Date*"), func(k string) bool { return !strings.Contains(k, "Artwork") }))
	for _, k := range keys("-t", "Location*Name") {
		assert.True(t, strings.HasPrefix(k, "Location") && strings.HasSuffix(k, "Name"), k)
	}
	assert.Equal(t, []string{"City"}, keys("-t", "XMP:Cit?"))
	assert.Empty(t, keys("-t", "EXIF:Cit?"))
	all, noDates := keys(), keys("-x", "*date*")
	assert.Less(t, len(noDates), len(all))
	for _, k := range noDates {
		assert.NotContains(t, strings.ToLower(k), "date")
	}
}

func filter(ks []string, keep func(string) bool) []string {
	var out []string
	for _, k := range ks {
		if keep(k) {
			out = append(out, k)
		}
	}
	return out
}

// TestNoMatchIsError: a pattern that matches nothing is an error (record, stderr, exit 1),
// as a missing file is; the other inputs are still read.
func TestNoMatchIsError(t *testing.T) {
	dir := sampleDir(t)
	code, out, errOut := runCLI(filepath.Join(dir, "*.png"), ref+".jpg")
	assert.Equal(t, exitFailed, code)
	recs := records(t, out)
	require.Len(t, recs, 2)
	assert.Contains(t, recs[0].Error, "no file matches")
	assert.Len(t, recs[1].EmbeddedMetadata, 179)
	assert.Contains(t, errOut, "*.png")
	code, _, errOut = runCLI(filepath.Join(dir, "*.png"))
	assert.Equal(t, exitFailed, code)
	assert.Contains(t, errOut, "no file matches")
}

// TestNDJSONOneFile: --ndjson prints a record even for one file, so that a batch of one in
// a pipeline keeps its "file" member.
func TestNDJSONOneFile(t *testing.T) {
	code, out, _ := runCLI("--ndjson", ref+".jpg")
	assert.Equal(t, exitOK, code)
	recs := records(t, out)
	require.Len(t, recs, 1)
	assert.Equal(t, ref+".jpg", recs[0].File)
	assert.Len(t, recs[0].EmbeddedMetadata, 179)
}

// TestCSV: a header (SourceFile, then every key in first-seen order), one row per file,
// list items joined by --sep, numbers and dates as in the JSON.
func TestCSV(t *testing.T) {
	dir := sampleDir(t)
	code, out, errOut := runCLI("--csv", "-t", "Keywords,City,Rating,DateCreated", ref+".jpg", filepath.Join(dir, "notes.txt"))
	assert.Equal(t, exitFailed, code)
	assert.Contains(t, errOut, "notes.txt")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 3)
	assert.Equal(t, []string{"SourceFile", "Keywords", "City", "DateCreated", "Rating"}, rows[0])
	assert.Equal(t, []string{ref + ".jpg", "Keyword1ref2019.1, Keyword2ref2019.1, Keyword3ref2019.1",
		"City (Core) (ref2019.1)", "2019-10-16T19:01:03.000Z", "1"}, rows[1])
	assert.Equal(t, []string{filepath.Join(dir, "notes.txt"), "", "", "", ""}, rows[2])

	_, out, _ = runCLI("--csv", "--sep", "|", "-G", "--facts", "-t", "IPTC:Keywords", ref+".jpg")
	rows, err = csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, []string{"SourceFile", "IPTC:Keywords", "facts:fileType", "facts:mime", "facts:width", "facts:height"}, rows[0][:6])
	assert.Equal(t, "Keyword1ref2019.1|Keyword2ref2019.1|Keyword3ref2019.1", rows[1][1])
}

// TestList: --list prints every key of the dictionary with its kind, shape, groups and
// sources; -t selects.
func TestList(t *testing.T) {
	code, out, _ := runCLI("--list")
	assert.Equal(t, exitOK, code)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	assert.Equal(t, "key\tkind\tshape\tgroups\tsources", lines[0])
	assert.Greater(t, len(lines), 2000)
	assert.Contains(t, out, "\nLensInfo\tnumber\tfixed vector\tEXIF,XMP\tEXIF 0xA432, ")
	assert.Contains(t, out, "\nKeywords\tstring\tcollapsing list\tXMP,IPTC\tIIM 2:25, ")
	assert.Contains(t, out, "\nYCbCrPositioning\tstring\tscalar\tXMP\tXMP tiff:YCbCrPositioning\n", "the EXIF tag is left out (S3)")
	assert.NotContains(t, out, "\nPadding\t", "S5 keys are not listed")
	_, out, _ = runCLI("--list", "-t", "GPSLat*")
	assert.Equal(t, "key\tkind\tshape\tgroups\tsources\nGPSLatitude\tnumber\tscalar\tEXIF,XMP\tEXIF-GPS 0x0002, XMP drone-dji:GpsLatitude, XMP exif:GPSLatitude\nGPSLatitudeRef\tstring\tscalar\tEXIF\tEXIF-GPS 0x0001\n", out)
}

func TestOutputErrorExitCode(t *testing.T) {
	var e bytes.Buffer
	code := Run(context.Background(), []string{ref + ".jpg"}, nil, failingWriter{}, &e)
	assert.Equal(t, exitOutput, code)
	// A file that cannot be read has no record: nothing is written, so the failing output is
	// not an error of its own (exit 1, one message).
	e.Reset()
	code = Run(context.Background(), []string{"/nonexistent.jpg"}, nil, failingWriter{}, &e)
	assert.Equal(t, exitFailed, code)
	assert.Equal(t, 1, strings.Count(e.String(), "\n"), e.String())
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
	code := Run(ctx, []string{"-r", dir}, nil, &o, &e)
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
	p := newPrinter(cfg)
	inputs, err := collect(&config{recursive: true, args: []string{jpegs}}, nil)
	require.NoError(t, err)
	var want []string
	require.NoError(t, expand(t.Context(), inputs, nil, nil, func(e entry) bool {
		md, err := embedmeta.ExtractFile(e.path)
		if errors.Is(err, embedmeta.ErrUnsupportedFormat) {
			return true // a walk skips what it does not recognise
		}
		want = append(want, string(p.appendRecord(nil, result{name: e.path, md: md, err: err})))
		return true
	}))
	_, out, _ := runCLI("-P", "3", "-r", jpegs, jpegs)
	got := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	require.Len(t, got, 2*len(want))
	for i, line := range got {
		require.Equal(t, want[i%len(want)], line, "record %d", i)
	}
}

// TestIndentAsEncodingJSON: --pretty's indent gives what json.Indent gives, on every
// record and bare object of the reference and of the format samples, and on edge cases.
func TestIndentAsEncodingJSON(t *testing.T) {
	var docs [][]byte
	for _, s := range []string{`{}`, `[]`, `{"a":[]}`, `{"a":{},"b":[1,{"c":[[],{}]}]}`, `"x"`, `12`,
		`{"k":"a,b:{c}[d]\"e\\\\","l":["\"",",",":"]}`, `{"a": [ 1 , 2 ] }`} {
		docs = append(docs, []byte(s))
	}
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "formats", "*", "*"))
	require.NoError(t, err)
	files = append(files, ref+".jpg")
	p := newPrinter(&config{})
	for _, f := range files {
		md, err := embedmeta.ExtractFile(f)
		docs = append(docs, p.appendRecord(nil, result{name: f, md: md, err: err}))
		if err == nil {
			docs = append(docs, p.appendMetadata(nil, md))
		}
	}
	require.Greater(t, len(docs), 20)
	for _, d := range docs {
		for _, prefix := range []string{"", "  "} {
			var want bytes.Buffer
			require.NoError(t, json.Indent(&want, d, prefix, "  "), "%s", d)
			require.Equal(t, want.String(), string(indent(d, prefix)))
		}
	}
}
