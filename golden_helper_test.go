package embedmeta_test

import (
	"flag"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta"
)

// update rewrites the goldens the project makes itself (go test -run Golden -update .). The
// reference image's golden is the product's contract, copied from ../shared/golden: it is
// never rewritten.
var update = flag.Bool("update", false, "rewrite the golden files of testdata/formats with the current output")

// compareGolden compares got with the golden file. On a difference it writes got beside the
// golden as <golden>.got (ignored by git), where a person can diff it, and names it in the
// failure; a match removes a stale .got. With -update and updatable, it rewrites the golden.
func compareGolden(t *testing.T, golden string, got []byte, updatable bool) {
	t.Helper()
	if *update && updatable {
		require.NoError(t, os.WriteFile(golden, got, 0o644))
		return
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	if string(want) == string(got) {
		_ = os.Remove(golden + ".got")
		return
	}
	_ = os.WriteFile(golden+".got", got, 0o644)
	hint := "diff " + golden + " " + golden + ".got"
	if updatable {
		hint += "; go test -run Golden -update . rewrites the golden"
	}
	assert.Equal(t, string(want), string(got), "output written to %s.got (%s)", golden, hint)
}

// checkGolden extracts the file at path and compares its map with the golden path+".json"
// (the CLI's output: the JSON and a newline) byte for byte, and its facts with facts; the
// file must read without warnings.
func checkGolden(t *testing.T, path string, facts embedmeta.Facts) {
	t.Helper()
	md, err := embedmeta.ExtractFile(path)
	require.NoError(t, err)
	js, err := md.MarshalJSON()
	require.NoError(t, err)
	compareGolden(t, path+".json", append(js, '\n'), true)
	assert.Equal(t, facts, md.Facts)
	assert.Empty(t, md.Warnings)
}
