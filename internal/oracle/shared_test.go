package oracle

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/embedmeta/embedmeta/internal/testcorpus"
)

// sharedFloors are the agreement (keys equal to the corpus's expected files / expected keys, %)
// the mapper must keep per corpus folder, set just under what it measured on ExifTool 12.57's
// outputs, over the project's testdata/corpus and over the whole shared corpus
// (EMBEDMETA_CORPUS); raw and xmp-sidecar were 99.0 and 97.2 before the project's copy, which
// leaves out files that agreed. What remains is not the mapper's choice:
//   - document: the SVG whose expected file turns SVG elements into keys (S1 says no);
//   - T3 keys the dictionary types differently from the older expected files
//     (crs:Brightness/Contrast/Saturation/Sharpness/Shadows/Exposure are strings,
//     aux:ImageNumber and MicrosoftPhoto RatingPercent integers);
//   - rationals 0/0 ("undef"), absent by V3 where the expected files keep ExifTool's text;
//   - what ExifTool's JSON hides: EXIF text with invalid UTF-8 (ExifTool writes '?'), the
//     raw text of photomech:TimeCreated, XMP document order across namespaces (BonTon).
var sharedFloors = map[string]float64{
	"avif": 100, "document": 91.7, "gif": 100, "heif": 100, "jpeg": 99.2, "jxl": 100,
	"malformed": 99.8, "png": 100, "psd": 100, "raw": 98.8, "tiff": 98.7, "video": 100,
	"webp": 100, "xmp-sidecar": 95.8,
}

// sharedTotalFloor is the overall agreement the mapper must keep (the brief asks >= 99%).
const sharedTotalFloor = 99.0

// TestAgreementWithSharedExpected runs the mapper over every ExifTool answer of the corpus
// (internal/testcorpus) and compares it with the reference implementation's expected files. EMBEDMETA_ORACLE_DIFFS=1 logs every difference.
func TestAgreementWithSharedExpected(t *testing.T) {
	byDir, diffs := compareShared(t)
	if os.Getenv("EMBEDMETA_ORACLE_DIFFS") != "" {
		for _, d := range diffs {
			t.Log(d)
		}
	}
	dirs := make([]string, 0, len(byDir))
	for d := range byDir {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	var all tally
	for _, d := range dirs {
		a := byDir[d]
		t.Logf("%-12s %v", d, a)
		floor, ok := sharedFloors[d]
		if !ok {
			t.Errorf("folder %s has no floor", d)
		} else if got := pct(a.equal, a.expected); got < floor {
			t.Errorf("%s: agreement %.2f%% below its floor %.2f%%", d, got, floor)
		}
		all.files += a.files
		all.expected += a.expected
		all.present += a.present
		all.equal += a.equal
		all.extra += a.extra
	}
	t.Logf("%-12s %v", "all", all)
	if got := pct(all.equal, all.expected); got < sharedTotalFloor {
		t.Errorf("overall agreement %.2f%% below %.2f%%", got, sharedTotalFloor)
	}
	if all.extra > 2 {
		t.Errorf("%d keys the expected files do not have (want at most 2)", all.extra)
	}
	if want := answered(t); all.files != want {
		t.Errorf("%d files compared, but %d have an ExifTool answer and an expected file", all.files, want)
	}
}

// answered counts the corpus files that have both ExifTool answers and an expected file.
func answered(t *testing.T) int {
	answers, expected := testcorpus.Answers(), testcorpus.Expected()
	n := 0
	err := filepath.WalkDir(answers, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".G1n.json") {
			return err
		}
		rel, _ := filepath.Rel(answers, strings.TrimSuffix(p, ".G1n.json"))
		_, errPrinted := os.Stat(filepath.Join(answers, rel+".G1.json"))
		_, errExpected := os.Stat(filepath.Join(expected, rel+".json"))
		if errPrinted == nil && errExpected == nil {
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
