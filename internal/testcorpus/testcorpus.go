// Package testcorpus locates, for tests only, the shared corpus of media files and
// ExifTool's answers for them. The corpus is not part of the repository: it sits in a
// folder "shared" beside the checkout, or wherever EMBEDMETA_CORPUS points; tests that need
// it skip when it is absent.
package testcorpus

import (
	"os"
	"path/filepath"
	"runtime"
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
