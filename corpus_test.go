package embedmeta_test

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/embedmeta/embedmeta"
)

// The differential test: our embeddedMetadata for every corpus file against the
// spec-normalized expectation made from ExifTool 12.57's parse (../shared/expected).
const (
	corpusDir   = "../shared/corpus"
	expectedDir = "../shared/expected"
)

// agreement counts keys of the expectations.
type agreement struct {
	files, expected, present, equal, extra int
}

func (a agreement) String() string {
	return fmt.Sprintf("files %3d  keys expected %5d  present %5d (%.1f%%)  equal %5d (%.1f%%)  extra %d",
		a.files, a.expected, a.present, pct(a.present, a.expected), a.equal, pct(a.equal, a.expected), a.extra)
}

func pct(a, b int) float64 {
	if b == 0 {
		return 100
	}
	return 100 * float64(a) / float64(b)
}

// equalJSON compares two decoded JSON values; numbers with a relative tolerance of 1e-9.
func equalJSON(a, b any) bool {
	switch x := a.(type) {
	case float64:
		y, ok := b.(float64)
		return ok && (x == y || math.Abs(x-y) <= 1e-9*math.Max(math.Abs(x), math.Abs(y)))
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !equalJSON(x[i], y[i]) {
				return false
			}
		}
		return true
	}
	return a == b
}

// corpusFloors are the agreement (equal keys / expected keys, %) below which the test fails,
// per container folder. Raise them as the engine grows; never lower them without a note.
// Folders at 0 are measured and reported but not yet held to a floor.
var corpusFloors = map[string]float64{
	"jpeg": 99, "malformed": 0,
	"tiff": 0, "raw": 0, "png": 0, "webp": 0, "gif": 0, "heif": 0, "avif": 0, "jxl": 0,
	"psd": 0, "video": 0, "document": 0, "xmp-sidecar": 0,
}

func TestCorpusDifferential(t *testing.T) {
	if _, err := os.Stat(expectedDir); err != nil {
		t.Skip("shared corpus not present")
	}
	byKind := map[string]*agreement{}
	var diffs []string
	err := filepath.WalkDir(expectedDir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") {
			return err
		}
		rel, _ := filepath.Rel(expectedDir, strings.TrimSuffix(p, ".json"))
		kind := strings.Split(rel, string(filepath.Separator))[0]
		if _, ok := corpusFloors[kind]; !ok {
			return nil // a folder not measured
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		var want map[string]any
		if err := json.Unmarshal(raw, &want); err != nil {
			return err
		}
		md, xerr := embedmeta.ExtractFile(filepath.Join(corpusDir, rel))
		got := map[string]any{}
		if xerr == nil {
			js, _ := md.MarshalJSON()
			if err := json.Unmarshal(js, &got); err != nil {
				t.Errorf("%s: our JSON does not parse: %v", rel, err)
			}
		}
		a := byKind[kind]
		if a == nil {
			a = &agreement{}
			byKind[kind] = a
		}
		a.files++
		keys := make([]string, 0, len(want))
		for k := range want {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			a.expected++
			g, ok := got[k]
			if !ok {
				diffs = append(diffs, fmt.Sprintf("%s: missing %s = %v", rel, k, want[k]))
				continue
			}
			a.present++
			if equalJSON(want[k], g) {
				a.equal++
			} else {
				diffs = append(diffs, fmt.Sprintf("%s: %s = %v, want %v", rel, k, g, want[k]))
			}
		}
		for k, v := range got {
			if _, ok := want[k]; !ok {
				a.extra++
				diffs = append(diffs, fmt.Sprintf("%s: extra %s = %v", rel, k, v))
			}
		}
		return nil
	})
	assert.NoError(t, err)
	if os.Getenv("EMBEDMETA_CORPUS_DIFFS") != "" {
		sort.Strings(diffs)
		for _, d := range diffs {
			t.Log(d)
		}
	}
	kinds := make([]string, 0, len(byKind))
	for k := range byKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		a := byKind[k]
		t.Logf("%-6s %v", k, a)
		assert.GreaterOrEqual(t, pct(a.equal, a.expected), corpusFloors[k], "agreement of %s", k)
	}
}
