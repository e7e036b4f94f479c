package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const ref = "../../testdata/IPTC-PhotometadataRef-Std2019.1"

func runCLI(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

func TestSingleFilePrintsGoldenAndNewline(t *testing.T) {
	want, err := os.ReadFile(ref + ".json")
	require.NoError(t, err)
	code, out, _ := runCLI(ref + ".jpg")
	assert.Equal(t, 0, code)
	assert.Equal(t, string(want)+"\n", out)
}

func TestSeveralFilesPrintNDJSON(t *testing.T) {
	dir := t.TempDir()
	notImage := filepath.Join(dir, "note.txt")
	require.NoError(t, os.WriteFile(notImage, []byte("hello, not an image"), 0o644))
	code, out, errOut := runCLI(ref+".jpg", notImage, filepath.Join(dir, "missing.jpg"))
	assert.Equal(t, exitFailed, code)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	require.Len(t, lines, 3)
	var rec struct {
		File             string          `json:"file"`
		EmbeddedMetadata json.RawMessage `json:"embeddedMetadata"`
		Error            string          `json:"error"`
	}
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &rec))
	assert.Equal(t, ref+".jpg", rec.File)
	golden, _ := os.ReadFile(ref + ".json")
	assert.Equal(t, string(golden), string(rec.EmbeddedMetadata))
	rec.EmbeddedMetadata, rec.Error = nil, ""
	require.NoError(t, json.Unmarshal([]byte(lines[1]), &rec))
	assert.Contains(t, rec.Error, "unsupported")
	assert.Nil(t, rec.EmbeddedMetadata)
	require.NoError(t, json.Unmarshal([]byte(lines[2]), &rec))
	assert.NotEmpty(t, rec.Error)
	assert.Contains(t, errOut, "missing.jpg")
}

func TestRecursiveDirectory(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(ref + ".jpg")
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "sub"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.jpg"), data, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "sub", "b.jpeg"), data, 0o644))
	code, out, _ := runCLI("-r", dir)
	assert.Equal(t, 0, code)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	require.Len(t, lines, 2)
	assert.Contains(t, lines[0], `"file":"`+filepath.Join(dir, "a.jpg")+`"`)
	assert.Contains(t, lines[1], `"file":"`+filepath.Join(dir, "sub", "b.jpeg")+`"`)
}

func TestUsageErrors(t *testing.T) {
	code, _, errOut := runCLI()
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "usage:")
	code, _, _ = runCLI(t.TempDir())
	assert.Equal(t, exitFailed, code, "a directory without -r")
	code, _, _ = runCLI("-no-such-flag")
	assert.Equal(t, exitUsage, code)
}
