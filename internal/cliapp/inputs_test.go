package cliapp

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExpand: files come in argument order with each directory's files in lexical order
// in its place; a false from emit stops the listing; a directory that cannot be walked
// ends it with an error after what came before.
func TestExpand(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"b.jpg", "a.jpg", "sub/c.png", "skip.txt"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, nil, 0o644))
	}
	inputs := []input{{path: "first.jpg"}, {path: dir, dir: true}, {path: "last.jpg"}}
	var got []string
	err := expand(t.Context(), inputs, []string{"jpg", "png"}, nil, func(e entry) bool { got = append(got, e.path); return true })
	require.NoError(t, err)
	assert.Equal(t, []string{"first.jpg", filepath.Join(dir, "a.jpg"), filepath.Join(dir, "b.jpg"),
		filepath.Join(dir, "sub", "c.png"), "last.jpg"}, got)

	got = nil
	err = expand(t.Context(), inputs, nil, nil, func(e entry) bool { got = append(got, e.path); return len(got) < 2 })
	require.NoError(t, err)
	assert.Len(t, got, 2, "stopped by emit")

	got = nil
	missing := []input{{path: "first.jpg"}, {path: filepath.Join(dir, "gone"), dir: true}, {path: "last.jpg"}}
	err = expand(t.Context(), missing, nil, nil, func(e entry) bool { got = append(got, e.path); return true })
	require.Error(t, err)
	assert.Equal(t, []string{"first.jpg"}, got)
}

// TestWalkErrorAfterRecords: a directory that vanishes between the check of the arguments
// and its walk is reported after the records of the files before it, with exit status 1.
func TestWalkErrorAfterRecords(t *testing.T) {
	dir := sampleDir(t)
	cfg := &config{recursive: true, workers: 2, progress: "never", args: []string{dir}}
	inputs, err := collect(cfg, nil)
	require.NoError(t, err)
	gone := filepath.Join(t.TempDir(), "gone")
	inputs = append(inputs, input{path: gone, dir: true})
	var stdout, stderr bytes.Buffer
	code := extractAll(t.Context(), cfg, inputs, nil, &stdout, &stderr)
	assert.Equal(t, exitFailed, code)
	assert.Len(t, records(t, stdout.String()), 2, "notes.txt is skipped")
	assert.Contains(t, stderr.String(), gone)
}
