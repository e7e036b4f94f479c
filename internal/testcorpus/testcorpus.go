// Package testcorpus locates, for tests only, the shared corpus of media files and
// ExifTool's answers for them. The corpus is not part of the repository: it sits in a
// folder "shared" beside the checkout, or wherever EMBEDMETA_CORPUS points; tests that need
// it skip when it is absent.
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

// Dir returns the corpus folder (its README lists what each file exercises), or "" when it
// is not present.
func Dir() string { return existing(base(), "corpus") }

// Answers returns the folder with ExifTool 12.57's output for every corpus file
// ("<path>.G1.json", "<path>.G1n.json"), or "".
func Answers() string { return existing(base(), "corpus-exiftool") }

// Expected returns the folder with the spec-normalized expectation of every corpus file, or "".
func Expected() string { return existing(base(), "expected") }

// base is the folder holding corpus/, corpus-exiftool/ and expected/.
func base() string {
	if env := os.Getenv("EMBEDMETA_CORPUS"); env != "" {
		return filepath.Dir(filepath.Clean(env))
	}
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return ""
	}
	module := filepath.Join(filepath.Dir(file), "..", "..") // internal/testcorpus -> module root
	return filepath.Join(module, "..", "shared")
}

func existing(dir, name string) string {
	if dir == "" {
		return ""
	}
	p := filepath.Join(dir, name)
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
