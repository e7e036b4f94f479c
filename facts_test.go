package embedmeta_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/embedmeta/embedmeta"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
)

var exiftoolDir = testcorpus.Answers()

// factsFloors are the agreement (%) of MIME type and dimensions with ExifTool's MIMEType and
// Composite:ImageSize below which TestCorpusFacts fails, per corpus folder.
var factsFloors = map[string]float64{
	"jpeg": 100, "tiff": 100, "raw": 100, "png": 100, "webp": 100, "gif": 100, "heif": 100,
	"avif": 100, "jxl": 100, "psd": 100, "video": 100, "document": 100, "xmp-sidecar": 100,
}

// TestCorpusFacts compares the file facts of every corpus file whose container we read with
// ExifTool 12.57's File:MIMEType and Composite:ImageSize.
func TestCorpusFacts(t *testing.T) {
	if _, err := os.Stat(exiftoolDir); err != nil {
		t.Skip("shared corpus not present")
	}
	type tally struct{ checks, equal int }
	byKind := map[string]*tally{}
	var diffs []string
	_ = filepath.WalkDir(exiftoolDir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".G1n.json") {
			return err
		}
		rel, _ := filepath.Rel(exiftoolDir, strings.TrimSuffix(p, ".G1n.json"))
		kind := strings.Split(rel, string(filepath.Separator))[0]
		if kind == "malformed" {
			return nil
		}
		md, xerr := embedmeta.ExtractFile(filepath.Join(corpusDir, rel))
		if errors.Is(xerr, embedmeta.ErrUnsupportedFormat) {
			return nil
		}
		raw, _ := os.ReadFile(p)
		var et []map[string]any
		if json.Unmarshal(raw, &et) != nil || len(et) == 0 {
			return nil
		}
		tl := byKind[kind]
		if tl == nil {
			tl = &tally{}
			byKind[kind] = tl
		}
		check := func(what string, got, want any) {
			tl.checks++
			if fmt.Sprint(got) == fmt.Sprint(want) {
				tl.equal++
			} else {
				diffs = append(diffs, fmt.Sprintf("%s: %s = %v, want %v", rel, what, got, want))
			}
		}
		var facts embedmeta.Facts
		if md != nil {
			facts = md.Facts
		}
		if mime, ok := et[0]["File:MIMEType"]; ok {
			check("mime", facts.MIME, mime)
		}
		if size, ok := et[0]["Composite:ImageSize"].(string); ok {
			check("size", fmt.Sprintf("%d %d", facts.Width, facts.Height), size)
		}
		return nil
	})
	sort.Strings(diffs)
	if os.Getenv("EMBEDMETA_CORPUS_DIFFS") != "" {
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
		tl := byKind[k]
		t.Logf("%-12s facts checked %4d  equal %4d (%.1f%%)", k, tl.checks, tl.equal, pct(tl.equal, tl.checks))
		assert.GreaterOrEqual(t, pct(tl.equal, tl.checks), factsFloors[k], "facts agreement of %s", k)
	}
}
