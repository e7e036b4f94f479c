package embedmeta_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta"
)

// checkGolden extracts the file at path and compares its map with the golden path+".json"
// (the CLI's output: the JSON and a newline) byte for byte, and its facts with facts; the
// file must read without warnings.
func checkGolden(t *testing.T, path string, facts embedmeta.Facts) {
	t.Helper()
	md, err := embedmeta.ExtractFile(path)
	require.NoError(t, err)
	js, err := md.MarshalJSON()
	require.NoError(t, err)
	golden, err := os.ReadFile(path + ".json")
	require.NoError(t, err)
	assert.Equal(t, string(golden), string(js)+"\n")
	assert.Equal(t, facts, md.Facts)
	assert.Empty(t, md.Warnings)
}
