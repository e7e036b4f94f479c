package embedmeta

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/internal/testcorpus"
)

// TestResultsOwnTheirMemory guards the memory the pipeline recycles (scan.Scratch, the XMP
// decoder's paths, BlockReader's lent payload buffers, normalize's buffers): a Metadata
// must never refer to any of it, nor to the caller's bytes. Every corpus file is read from
// disk and from a private copy of its bytes; after all the others have gone through the
// same recycled memory, and after the copies have been overwritten, each result must still
// print as it did when it was made.
func TestResultsOwnTheirMemory(t *testing.T) {
	dir := testcorpus.Dir()
	if dir == "" {
		t.Skip("shared corpus not present")
	}
	type kept struct {
		name      string
		md        *Metadata
		json      string
		data      []byte
		fromBytes *Metadata
		bytesJSON string
	}
	var all []kept
	_ = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return nil
		}
		md, err := ExtractFile(path)
		if err != nil {
			return nil
		}
		js, err := md.MarshalJSON()
		require.NoError(t, err)
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		mb, err := ExtractBytes(data)
		require.NoError(t, err)
		bj, err := mb.MarshalJSON()
		require.NoError(t, err)
		all = append(all, kept{path, md, string(js), data, mb, string(bj)})
		return nil
	})
	require.Greater(t, len(all), 100)
	for _, k := range all {
		for i := range k.data {
			k.data[i] = 0xA5 // the caller reuses its buffer
		}
	}
	for _, k := range all {
		js, err := k.md.MarshalJSON()
		require.NoError(t, err)
		require.Equal(t, k.json, string(js), "%s (from the file) changed after later reads", k.name)
		bj, err := k.fromBytes.MarshalJSON()
		require.NoError(t, err)
		require.Equal(t, k.bytesJSON, string(bj), "%s (from bytes) changed after its bytes were overwritten", k.name)
	}
}
