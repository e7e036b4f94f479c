// Package testcorpus locates, for tests only, the corpus of media files and ExifTool's answers
// for them. The project carries the redistributable part of the shared corpus in
// testdata/corpus (files/, exiftool/, expected/ and manifest.csv; internal/testcorpus/copycorpus
// refreshes it), so the tests that need it run on a fresh clone. Setting EMBEDMETA_CORPUS to a
// folder laid out as the shared corpus (corpus/ with corpus-exiftool/ and expected/ beside it)
// runs them over that folder instead. Give an absolute path: each package's tests run in
// their own folder.
package testcorpus

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// Dir returns the corpus folder, or "" when it is not present.
func Dir() string { return existing(layout().files) }

// Answers returns the folder with ExifTool 12.57's output for every corpus file
// ("<path>.G1.json", "<path>.G1n.json"), or "".
func Answers() string { return existing(layout().answers) }

// Expected returns the folder with the spec-normalized expectation of every corpus file
// ("<path>.json"), or "".
func Expected() string { return existing(layout().expected) }

// Shared reports whether the corpus is an outside one named by EMBEDMETA_CORPUS rather than
// the project's testdata/corpus.
func Shared() bool { return os.Getenv("EMBEDMETA_CORPUS") != "" }

// folders are the three folders of a corpus.
type folders struct{ files, answers, expected string }

func layout() folders {
	if env := os.Getenv("EMBEDMETA_CORPUS"); env != "" {
		corpus := filepath.Clean(env)
		base := filepath.Dir(corpus)
		return folders{corpus, filepath.Join(base, "corpus-exiftool"), filepath.Join(base, "expected")}
	}
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return folders{}
	}
	root := filepath.Join(filepath.Dir(file), "..", "..", "testdata", "corpus") // internal/testcorpus -> module root
	return folders{filepath.Join(root, "files"), filepath.Join(root, "exiftool"), filepath.Join(root, "expected")}
}

func existing(p string) string {
	if p == "" {
		return ""
	}
	if st, err := os.Stat(p); err != nil || !st.IsDir() {
		return ""
	}
	return p
}

// File is one corpus file with ExifTool's answer for it.
type File struct {
	Name   string // path below the corpus folder, with '/' separators
	Data   []byte
	Answer []byte // ExifTool's `-j -G1 -a -n` output (<name>.G1n.json); nil when there is none
}

// Files returns every corpus file whose content match accepts, in path order. It skips t
// when the corpus is absent.
func Files(t testing.TB, match func(head []byte) bool) []File {
	root := Dir()
	if root == "" {
		t.Skip("shared corpus not present")
	}
	var out []File
	_ = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil || !match(b) {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		f := File{Name: filepath.ToSlash(rel), Data: b}
		if ans := Answers(); ans != "" {
			f.Answer, _ = os.ReadFile(filepath.Join(ans, rel+".G1n.json"))
		}
		out = append(out, f)
		return nil
	})
	return out
}

// Found reports which payload kinds ExifTool read tags from in this file: EXIF (IFD0 tags),
// XMP and IPTC.
func (f File) Found() (exif, xmp, iptc bool) {
	return bytes.Contains(f.Answer, []byte(`"IFD0:`)), bytes.Contains(f.Answer, []byte(`"XMP-`)),
		bytes.Contains(f.Answer, []byte(`"IPTC:`))
}

// AddFiles adds every file that matches the glob pattern (relative to the test's package,
// e.g. "testdata/*.png") to the seed corpus of f.
func AddFiles(f *testing.F, pattern string) {
	names, _ := filepath.Glob(pattern)
	for _, name := range names {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
}

// HangGuard is how long one input may take in a test before the test calls it a hang: a
// guard against loops and quadratic blow-ups (a million-element input that is quadratic
// takes hours), never a speed target — benchmarks measure speed. It is generous because the
// machines tests run on are shared and the race detector slows code 5-20x.
const HangGuard = 30 * time.Second

// EqualJSON compares two values decoded by encoding/json as the differential tests do:
// numbers with a relative tolerance of 1e-9 (ExifTool rounds some computed values to about
// ten significant digits), everything else exactly.
func EqualJSON(a, b any) bool {
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
			if !EqualJSON(x[i], y[i]) {
				return false
			}
		}
		return true
	}
	return a == b
}

// Pct is a as a percentage of b (100 when b is 0: nothing expected, nothing missed).
func Pct(a, b int) float64 {
	if b == 0 {
		return 100
	}
	return 100 * float64(a) / float64(b)
}
