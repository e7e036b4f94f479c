package embedmeta_test

import (
	"encoding/json"
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

// The differential test: our embeddedMetadata for every corpus file against the
// spec-normalized expectation made from ExifTool 12.57's parse (testdata/corpus/expected, or
// the corpus EMBEDMETA_CORPUS names; internal/testcorpus).
var (
	corpusDir   = testcorpus.Dir()
	expectedDir = testcorpus.Expected()
)

// agreement counts keys of the expectations.
type agreement struct {
	files, expected, present, equal, extra int
}

func (a agreement) String() string {
	return fmt.Sprintf("files %3d  keys expected %5d  present %5d (%.1f%%)  equal %5d (%.1f%%)  extra %d",
		a.files, a.expected, a.present, pct(a.present, a.expected), a.equal, pct(a.equal, a.expected), a.extra)
}

// pct and equalJSON are the differential tests' measures (internal/testcorpus).
var (
	pct       = testcorpus.Pct
	equalJSON = testcorpus.EqualJSON
)

// corpusFloors are the agreement (equal keys / expected keys, %) below which the test fails,
// per container folder. Raise them as the engine grows; never lower them without a note.
// Floors sit just under the agreement measured when they were set; every difference that
// remains is listed with its reason in testdata/corpus/known-differences.tsv.
var corpusFloors = map[string]float64{
	// jpeg, tiff and raw were 99.6, 99.9 and 99.3 before T3 (one kind per key): the expected
	// files keep ExifTool's type of each source (crs:Contrast a number where EXIF Contrast is
	// a label, aux:ImageNumber a string), 19 keys listed as spec differences.
	// They hold for the project's testdata/corpus and for the whole shared corpus; raw and
	// xmp-sidecar were 99.0 and 97.5 before the project's copy, which leaves out agreeing files.
	"jpeg": 99.2, "tiff": 98.7, "raw": 98.8, "png": 99.9, "webp": 99.9, "gif": 99.9,
	"heif": 99.9, "avif": 99.9, "jxl": 99.9, "psd": 99.9, "video": 99.9,
	"document":    88,   // one SVG whose expected file contradicts S1 (see known differences)
	"xmp-sidecar": 96.5, // ExifTool list quirks and a UTF-16 character it loses (see known differences)
	"malformed":   98.9, // the expectations of damaged files are a floor of what to recover
}

func TestCorpusDifferential(t *testing.T) {
	if _, err := os.Stat(expectedDir); err != nil {
		t.Skip("shared corpus not present")
	}
	known := loadKnownDifferences(t)
	byKind := map[string]*agreement{}
	var diffs, unknown []string
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
		note := func(key, kind, text string) {
			if !known.accepts(rel, key, kind) {
				unknown = append(unknown, text)
			}
			diffs = append(diffs, text)
		}
		for _, k := range keys {
			a.expected++
			g, ok := got[k]
			if !ok {
				note(k, "missing", fmt.Sprintf("%s: missing %s = %v", rel, k, want[k]))
				continue
			}
			a.present++
			if equalJSON(want[k], g) {
				a.equal++
			} else {
				note(k, "differs", fmt.Sprintf("%s: %s = %v, want %v", rel, k, g, want[k]))
			}
		}
		for k, v := range got {
			if _, ok := want[k]; !ok {
				a.extra++
				note(k, "extra", fmt.Sprintf("%s: extra %s = %v", rel, k, v))
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
	total := agreement{}
	for _, k := range kinds {
		a := byKind[k]
		t.Logf("%-11s %v", k, a)
		assert.GreaterOrEqual(t, pct(a.equal, a.expected), corpusFloors[k], "agreement of %s", k)
		if k != "malformed" {
			total.files += a.files
			total.expected += a.expected
			total.present += a.present
			total.equal += a.equal
			total.extra += a.extra
		}
	}
	t.Logf("%-11s %v", "all (valid)", total)
	sort.Strings(unknown)
	for _, u := range unknown {
		t.Errorf("difference not in testdata/corpus/known-differences.tsv: %s", u)
	}
	for _, stale := range known.unused() {
		t.Logf("stale known difference (no longer occurs): %s", stale)
	}
}

// knownDifference is one row of testdata/corpus/known-differences.tsv.
type knownDifference struct {
	path, key, kind, class, reason string
	used                           bool
}

type knownDifferences []*knownDifference

func loadKnownDifferences(t *testing.T) knownDifferences {
	raw, err := os.ReadFile("testdata/corpus/known-differences.tsv")
	if err != nil {
		t.Fatalf("known differences: %v", err)
	}
	var out knownDifferences
	for i, line := range strings.Split(string(raw), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 5 || f[4] == "" {
			t.Fatalf("known-differences.tsv line %d: want 5 tab-separated columns with a reason", i+1)
		}
		switch f[3] {
		case "spec", "exiftool", "limit", "ours":
		default:
			t.Fatalf("known-differences.tsv line %d: unknown class %q", i+1, f[3])
		}
		out = append(out, &knownDifference{path: f[0], key: f[1], kind: f[2], class: f[3], reason: f[4]})
	}
	return out
}

// accepts reports whether a difference is listed (path may end in /* for a folder).
func (k knownDifferences) accepts(path, key, kind string) bool {
	for _, d := range k {
		pathOK := d.path == path || strings.HasSuffix(d.path, "/*") && strings.HasPrefix(path, strings.TrimSuffix(d.path, "*"))
		if pathOK && (d.key == "*" || d.key == key) && (d.kind == "*" || d.kind == kind) {
			d.used = true
			return true
		}
	}
	return false
}

func (k knownDifferences) unused() []string {
	var out []string
	for _, d := range k {
		if !d.used {
			out = append(out, d.path+" "+d.key+" "+d.kind)
		}
	}
	return out
}
