package keysdoc

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta"
)

var update = flag.Bool("update", false, "rewrite docs/keys.md")

const docPath = "../../docs/keys.md"

// TestKeysDocUpToDate fails when docs/keys.md is not what the dictionary and the bundled
// goldens give now; go test ./internal/keysdoc -update rewrites it.
func TestKeysDocUpToDate(t *testing.T) {
	ex, err := Examples("../../testdata")
	require.NoError(t, err)
	want := Render(embedmeta.Keys(), ex)
	if *update {
		require.NoError(t, os.WriteFile(docPath, want, 0o644))
	}
	got, err := os.ReadFile(docPath)
	require.NoError(t, err)
	if !bytes.Equal(got, want) {
		t.Fatalf("docs/keys.md is stale: run go test ./internal/keysdoc -update (or go generate .)")
	}
}

// TestRender: a row per key with its kind, shape, groups, unit, example and sources; cells
// escaped; an index by initial.
func TestRender(t *testing.T) {
	keys := []embedmeta.KeyInfo{}
	for _, k := range embedmeta.Keys() {
		switch k.Key {
		case "ExposureTime", "Keywords", "ResolutionUnit", "City":
			keys = append(keys, k)
		}
	}
	doc := string(Render(keys, map[string]string{"Keywords": `["a|b","c"]`}))
	assert.Contains(t, doc, "[C](#c) · [E](#e) · [K](#k) · [R](#r)\n")
	assert.Contains(t, doc, "| ExposureTime | number | scalar | EXIF, XMP | s |  | EXIF 0x829A, XMP exif:ExposureTime |\n")
	assert.Contains(t, doc, "| Keywords | string | collapsing list | XMP, IPTC |  | `[\"a\\|b\",\"c\"]` | IIM 2:25, ")
	assert.Contains(t, doc, "| ResolutionUnit | string | scalar | EXIF, XMP |  | e.g. `\"None\"` |")
	assert.Equal(t, 4, strings.Count(doc, "\n## "))
}
