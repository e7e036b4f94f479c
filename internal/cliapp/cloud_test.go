package cliapp

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	_ "gocloud.dev/blob/s3blob"

	"github.com/embedmeta/embedmeta"
	"github.com/embedmeta/embedmeta/internal/cloudreader"
	"github.com/embedmeta/embedmeta/internal/s3test"
)

// bucketFiles returns the testdata/formats samples and the reference image, by key.
func bucketFiles(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	_ = filepath.WalkDir("../../testdata/formats", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, rerr := os.ReadFile(p)
			require.NoError(t, rerr)
			rel, _ := filepath.Rel("../../testdata", p)
			out[filepath.ToSlash(rel)] = b
		}
		return nil
	})
	b, err := os.ReadFile(ref + ".jpg")
	require.NoError(t, err)
	out["ref.jpg"] = b
	return out
}

// localRecords is what the CLI prints for the local copies of the objects under prefix
// (the "file" member being the object's URL), skipping what a walk skips.
func localRecords(t *testing.T, files map[string][]byte, prefix string) []string {
	t.Helper()
	p := newPrinter(&config{})
	var keys []string
	for k := range files {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var out []string
	for _, k := range keys {
		b := files[k]
		md, err := embedmeta.Extract(bytes.NewReader(b), int64(len(b)))
		if err != nil && strings.Contains(err.Error(), "unsupported") {
			continue
		}
		out = append(out, string(p.appendRecord(nil, result{name: "s3://photos/" + k, md: md, err: err})))
	}
	return out
}

// TestCloudRecursivePrefix: -r over an s3:// prefix lists the objects and prints, in key
// order, the records the local files give (the URL as "file"), skipping objects that are
// not media (the SOURCES.md, the .json goldens) as a walk skips such files.
func TestCloudRecursivePrefix(t *testing.T) {
	files := bucketFiles(t)
	s3test.Start(t, "photos", files)
	Objects = func() ObjectReader { return cloudreader.New() }
	defer func() { Objects = nil }()
	code, out, errOut := runCLI("-r", "s3://photos/formats/")
	assert.Equal(t, exitOK, code, errOut)
	want := localRecords(t, files, "formats/")
	got := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	require.Equal(t, len(want), len(got))
	for i := range want {
		assert.Equal(t, want[i], got[i])
	}

	code, out, _ = runCLI("s3://photos/ref.jpg")
	assert.Equal(t, exitOK, code)
	assert.Equal(t, golden(t)+"\n", out, "one object: the bare object, as for one file")

	code, out, _ = runCLI("--ndjson", "s3://photos/missing.jpg")
	assert.Equal(t, exitFailed, code)
	assert.Contains(t, records(t, out)[0].Error, "not found")

	code, _, errOut = runCLI("s3://photos/formats/")
	assert.Equal(t, exitUsage, code, "a prefix without -r")
	assert.Contains(t, errOut, "use -r")
}

// TestCloudHandOver: embedmeta, which links no bucket driver, hands a command line with
// URLs to the embedmeta-cloud beside it (arguments and --files-from - alike), and says how
// to install it when there is none.
func TestCloudHandOver(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("exec")
	}
	dir := buildCommands(t)
	files := bucketFiles(t)
	s3test.Start(t, "photos", files)
	embedmeta := filepath.Join(dir, "embedmeta")
	noPath := t.TempDir()

	out, err := command(embedmeta, noPath, "--ndjson", "s3://photos/ref.jpg").Output()
	require.NoError(t, err)
	assert.Equal(t, localRecords(t, files, "ref.jpg")[0]+"\n", string(out))

	cmd := command(embedmeta, noPath, "--files-from", "-")
	cmd.Stdin = strings.NewReader("s3://photos/ref.jpg\n" + ref + ".jpg\n")
	out, err = cmd.Output()
	require.NoError(t, err)
	recs := records(t, string(out))
	require.Len(t, recs, 2)
	assert.Equal(t, "s3://photos/ref.jpg", recs[0].File)
	assert.Equal(t, recs[0].EmbeddedMetadata, recs[1].EmbeddedMetadata)

	alone := copyFile(t, embedmeta, t.TempDir())
	var e bytes.Buffer
	cmd = command(alone, noPath, "s3://photos/ref.jpg")
	cmd.Stderr = &e
	err = cmd.Run()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, exitUsage, ee.ExitCode())
	assert.Contains(t, e.String(), "embedmeta-cloud")

	// Local files never need it.
	out, err = command(alone, noPath, ref+".jpg").Output()
	require.NoError(t, err)
	assert.Equal(t, golden(t)+"\n", string(out))
}
