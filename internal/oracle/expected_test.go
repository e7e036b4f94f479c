package oracle

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/embedmeta/embedmeta/internal/testcorpus"
)

// equal compares decoded JSON values as the differential tests do.
var equal = testcorpus.EqualJSON

// tally counts the keys of one folder of the shared expectations.
type tally struct{ files, expected, present, equal, extra int }

func (a tally) String() string {
	return fmt.Sprintf("files %3d  expected %5d  present %5d  equal %5d (%.2f%%)  extra %d",
		a.files, a.expected, a.present, a.equal, pct(a.equal, a.expected), a.extra)
}

var pct = testcorpus.Pct

// compareShared maps every file of ../shared/corpus-exiftool and compares it with
// ../shared/expected, returning tallies per top folder and the differences.
func compareShared(t *testing.T) (map[string]*tally, []string) {
	answers, expected := testcorpus.Answers(), testcorpus.Expected()
	if answers == "" || expected == "" {
		t.Skip("../shared corpus not present")
	}
	byDir := map[string]*tally{}
	var diffs []string
	err := filepath.WalkDir(expected, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") {
			return err
		}
		rel, _ := filepath.Rel(expected, strings.TrimSuffix(p, ".json"))
		raw, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		var want map[string]any
		if err := json.Unmarshal(raw, &want); err != nil {
			return err
		}
		pr, err1 := os.ReadFile(filepath.Join(answers, rel+".G1.json"))
		nu, err2 := os.ReadFile(filepath.Join(answers, rel+".G1n.json"))
		if err1 != nil || err2 != nil {
			return nil // no ExifTool answer
		}
		res, err := MapJSON(pr, nu)
		if err != nil {
			t.Errorf("%s: %v", rel, err)
			return nil
		}
		dir := strings.Split(filepath.ToSlash(rel), "/")[0]
		a := byDir[dir]
		if a == nil {
			a = &tally{}
			byDir[dir] = a
		}
		a.files++
		for k, w := range want {
			a.expected++
			g, ok := res.Values[k]
			if !ok {
				diffs = append(diffs, fmt.Sprintf("%s\tmissing\t%s\t%v", rel, k, w))
				continue
			}
			a.present++
			if equal(w, g) {
				a.equal++
			} else {
				diffs = append(diffs, fmt.Sprintf("%s\tdiffers\t%s\toracle %#v (from %s), want %#v", rel, k, g, res.Source[k], w))
			}
		}
		for k, v := range res.Values {
			if _, ok := want[k]; !ok {
				a.extra++
				diffs = append(diffs, fmt.Sprintf("%s\textra\t%s\t%#v (from %s)", rel, k, v, res.Source[k]))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(diffs)
	return byDir, diffs
}
