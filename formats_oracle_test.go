package embedmeta_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta"
	"github.com/embedmeta/embedmeta/internal/oracle"
)

// The oracle differential of the containers under testdata/formats (issue 13, item 4): for
// every sample with ExifTool's answer checked in beside it (<file>.exiftool.G1.json and
// .G1n.json, written by testdata/formats/gen-exiftool.sh), internal/oracle maps ExifTool's
// parse to the spec's embeddedMetadata and the test compares ours with it key by key.

const formatsDir = "testdata/formats"

// formatsOracleFloors are the agreement (equal keys / keys the oracle expects, %) below which
// TestFormatsOracle fails, per container folder. Every difference that remains is listed
// with its reason in testdata/formats/known-differences.tsv. Raise them as the engine grows;
// never lower them without a note.
var formatsOracleFloors = map[string]float64{
	"avi": 99.9, "bitmap": 99.9, "crw": 99.9, "jp2": 99.9, "jpeg-trailer": 99.9,
	"mrw": 99.9, "raf": 99.9, "x3f": 99.9,
	"ps": 98.5, // gen-dos.eps: ExifTool reads the TIFF preview's IFD0, S5 does not (known differences)
}

// formatsSample is one sample file with ExifTool's answer.
type formatsSample struct {
	path, folder string // path below formatsDir with '/' separators; its top folder
}

// formatsSamples lists every sample of testdata/formats that has both ExifTool outputs.
func formatsSamples(t *testing.T) []formatsSample {
	t.Helper()
	var out []formatsSample
	err := filepath.WalkDir(formatsDir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".exiftool.G1n.json") {
			return err
		}
		file := strings.TrimSuffix(p, ".exiftool.G1n.json")
		if _, err := os.Stat(file + ".exiftool.G1.json"); err != nil {
			t.Errorf("%s: no printed output beside the numeric one", file)
			return nil
		}
		rel, _ := filepath.Rel(formatsDir, file)
		rel = filepath.ToSlash(rel)
		out = append(out, formatsSample{path: rel, folder: strings.Split(rel, "/")[0]})
		return nil
	})
	require.NoError(t, err)
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out
}

// formatsCompare maps one sample with the oracle and compares our output with it; it calls
// note for every difference (kind missing, extra or differs) and counts into a.
func formatsCompare(t *testing.T, s formatsSample, a *agreement, note func(path, key, kind, text string)) {
	t.Helper()
	file := filepath.Join(formatsDir, filepath.FromSlash(s.path))
	printed, err := os.ReadFile(file + ".exiftool.G1.json")
	require.NoError(t, err)
	numeric, err := os.ReadFile(file + ".exiftool.G1n.json")
	require.NoError(t, err)
	want, err := oracle.MapJSON(printed, numeric)
	require.NoError(t, err, s.path)
	got := map[string]any{}
	if md, xerr := embedmeta.ExtractFile(file); xerr == nil {
		js, err := md.MarshalJSON()
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(js, &got), s.path)
	}
	a.files++
	keys := make([]string, 0, len(want.Values))
	for k := range want.Values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		w := want.Values[k]
		a.expected++
		g, ok := got[k]
		switch {
		case !ok:
			note(s.path, k, "missing", fmt.Sprintf("%s: missing %s = %v (ExifTool %s)", s.path, k, w, want.Source[k]))
		case !equalJSON(w, g):
			a.present++
			note(s.path, k, "differs", fmt.Sprintf("%s: %s = %#v, oracle %#v (ExifTool %s)", s.path, k, g, w, want.Source[k]))
		default:
			a.present++
			a.equal++
		}
	}
	extra := make([]string, 0)
	for k := range got {
		if _, ok := want.Values[k]; !ok {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	for _, k := range extra {
		a.extra++
		note(s.path, k, "extra", fmt.Sprintf("%s: extra %s = %#v", s.path, k, got[k]))
	}
}

// TestFormatsOracle is the differential test of the new containers against ExifTool.
func TestFormatsOracle(t *testing.T) {
	known := loadFormatsKnownDifferences(t, filepath.Join(formatsDir, "known-differences.tsv"))
	samples := formatsSamples(t)
	require.NotEmpty(t, samples)
	byFolder := map[string]*agreement{}
	var unknown, all []string
	for _, s := range samples {
		if _, ok := formatsOracleFloors[s.folder]; !ok {
			t.Errorf("%s: folder %s has no floor in formatsOracleFloors", s.path, s.folder)
			continue
		}
		a := byFolder[s.folder]
		if a == nil {
			a = &agreement{}
			byFolder[s.folder] = a
		}
		formatsCompare(t, s, a, func(path, key, kind, text string) {
			all = append(all, text)
			if !known.accepts(path, key, kind) {
				unknown = append(unknown, text)
			}
		})
	}
	if os.Getenv("EMBEDMETA_FORMATS_DIFFS") != "" {
		for _, d := range all {
			t.Log(d)
		}
	}
	folders := make([]string, 0, len(byFolder))
	for f := range byFolder {
		folders = append(folders, f)
	}
	sort.Strings(folders)
	var total agreement
	for _, f := range folders {
		a := byFolder[f]
		t.Logf("%-12s %v", f, a)
		assert.GreaterOrEqual(t, pct(a.equal, a.expected), formatsOracleFloors[f], "agreement of %s", f)
		total.files += a.files
		total.expected += a.expected
		total.present += a.present
		total.equal += a.equal
		total.extra += a.extra
	}
	t.Logf("%-12s %v", "all", total)
	for f := range formatsOracleFloors {
		if byFolder[f] == nil {
			t.Errorf("folder %s has a floor but no sample with ExifTool's answer", f)
		}
	}
	for _, u := range unknown {
		t.Errorf("difference not in %s/known-differences.tsv: %s", formatsDir, u)
	}
	for _, stale := range known.unused() {
		t.Errorf("stale known difference (no longer occurs; remove it): %s", stale)
	}
}

// loadFormatsKnownDifferences reads a known-differences file in the format of
// testdata/corpus/known-differences.tsv (path key kind class reason).
func loadFormatsKnownDifferences(t *testing.T, name string) knownDifferences {
	t.Helper()
	raw, err := os.ReadFile(name)
	require.NoError(t, err)
	var out knownDifferences
	for i, line := range strings.Split(string(raw), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 5 || f[4] == "" {
			t.Fatalf("%s line %d: want 5 tab-separated columns with a reason", name, i+1)
		}
		switch f[2] {
		case "missing", "extra", "differs", "*":
		default:
			t.Fatalf("%s line %d: unknown kind %q", name, i+1, f[2])
		}
		switch f[3] {
		case "spec", "exiftool", "oracle", "ours":
		default:
			t.Fatalf("%s line %d: unknown class %q", name, i+1, f[3])
		}
		out = append(out, &knownDifference{path: f[0], key: f[1], kind: f[2], class: f[3], reason: f[4]})
	}
	return out
}

// TestFormatsOracleFresh re-runs ExifTool on every sample, when ExifTool 12.57 is installed,
// and fails when a checked-in output differs from what gen-exiftool.sh would write now.
func TestFormatsOracleFresh(t *testing.T) {
	if testing.Short() {
		t.Skip("runs ExifTool twice per sample")
	}
	exiftool, err := exec.LookPath("exiftool")
	if err != nil {
		t.Skip("exiftool not installed")
	}
	ver, err := exec.Command(exiftool, "-ver").Output()
	if err != nil || strings.TrimSpace(string(ver)) != "12.57" {
		t.Skipf("exiftool %q is not the spec's oracle version 12.57", strings.TrimSpace(string(ver)))
	}
	samples := formatsSamples(t)
	require.NotEmpty(t, samples)
	// Every sample file must have its answer (a new sample without one is not compared).
	var files []string
	require.NoError(t, filepath.WalkDir(formatsDir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || p == formatsDir || filepath.Dir(p) == formatsDir {
			return err
		}
		switch filepath.Ext(p) {
		case ".json", ".md", ".py", ".sh", ".tsv":
			return nil
		}
		rel, _ := filepath.Rel(formatsDir, p)
		files = append(files, filepath.ToSlash(rel))
		return nil
	}))
	have := map[string]bool{}
	for _, s := range samples {
		have[s.path] = true
	}
	for _, f := range files {
		if !have[f] {
			t.Errorf("%s has no ExifTool output: run testdata/formats/gen-exiftool.sh %s", f, f)
		}
	}
	for _, s := range samples {
		for _, v := range []struct{ suffix, flag string }{{".exiftool.G1.json", ""}, {".exiftool.G1n.json", "-n"}} {
			args := []string{"-j", "-G1", "-a"}
			if v.flag != "" {
				args = append(args, v.flag)
			}
			args = append(args, "--System:all", "--", s.path)
			cmd := exec.Command(exiftool, args...)
			cmd.Dir = formatsDir
			cmd.Env = append(os.Environ(), "TZ=UTC", "LC_ALL=C")
			out, _ := cmd.Output() // exit status 1 for a file ExifTool cannot read; the JSON says so
			checked, err := os.ReadFile(filepath.Join(formatsDir, filepath.FromSlash(s.path)+v.suffix))
			require.NoError(t, err)
			if !bytes.Equal(out, checked) {
				t.Errorf("%s%s is stale: run testdata/formats/gen-exiftool.sh %s", s.path, v.suffix, s.path)
			}
		}
	}
}
