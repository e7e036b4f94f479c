package embedmeta_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/embedmeta/embedmeta"
)

// shortReader hands out a file's bytes in random short reads (from 1 byte to 8 KiB), as a
// network connection does: the stream path must not depend on how reads are cut.
type shortReader struct {
	b   []byte
	rng *rand.Rand
}

func newShortReader(b []byte, seed uint64) *shortReader {
	return &shortReader{b: b, rng: rand.New(rand.NewPCG(seed, uint64(len(b))))}
}

func (r *shortReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	n := min(len(p), len(r.b))
	switch r.rng.IntN(4) {
	case 0:
		n = min(n, 1+r.rng.IntN(16))
	case 1, 2:
		n = min(n, 1+r.rng.IntN(8192))
	}
	copy(p, r.b[:n])
	r.b = r.b[n:]
	return n, nil
}

// streamDiff compares ExtractReader over data in random short reads with ExtractBytes on
// the same bytes: the same error class, the same fields (as JSON), the same facts and the
// same warnings, in order. It returns "" when they agree.
func streamDiff(data []byte, seed uint64) string {
	want, werr := embedmeta.ExtractBytes(data)
	got, gerr := embedmeta.ExtractReader(context.Background(), newShortReader(data, seed))
	if errClass(werr) != errClass(gerr) {
		return fmt.Sprintf("errors differ: bytes %v, stream %v", werr, gerr)
	}
	if want == nil || got == nil {
		if (want == nil) != (got == nil) {
			return fmt.Sprintf("metadata: bytes %v, stream %v", want != nil, got != nil)
		}
		return ""
	}
	wj, _ := want.MarshalJSON()
	gj, _ := got.MarshalJSON()
	if !bytes.Equal(wj, gj) {
		return fmt.Sprintf("fields differ\n bytes:  %.400s\n stream: %.400s", wj, gj)
	}
	if !reflect.DeepEqual(want.Facts, got.Facts) {
		return fmt.Sprintf("facts differ: bytes %+v, stream %+v", want.Facts, got.Facts)
	}
	if !reflect.DeepEqual(want.Warnings, got.Warnings) {
		return fmt.Sprintf("warnings differ\n bytes:  %q\n stream: %q", want.Warnings, got.Warnings)
	}
	return ""
}

func errClass(err error) string {
	var fe *embedmeta.FormatError
	switch {
	case err == nil:
		return "nil"
	case errors.Is(err, embedmeta.ErrUnsupportedFormat):
		return "unsupported"
	case errors.As(err, &fe):
		return "format"
	}
	return "other: " + err.Error()
}

// cutPoints returns at least 50 lengths to truncate an n-byte file to: half spread over the
// first 64 KiB (where metadata usually is), half over the whole file, then the whole file.
func cutPoints(n int) []int {
	var cuts []int
	seen := map[int]bool{}
	add := func(c int) {
		if c >= 0 && c <= n && !seen[c] {
			seen[c] = true
			cuts = append(cuts, c)
		}
	}
	head := min(n, 64<<10)
	for i := range 25 {
		add(head * i / 25)
		add(n * (i + 1) / 26)
	}
	for i := 1; len(cuts) < 50 && i < n; i++ {
		add(i)
	}
	add(n)
	return cuts
}

// streamFixtures returns every file under the module's testdata folders and the shared
// corpus (when present beside the checkout).
func streamFixtures(t *testing.T) []string {
	var files []string
	walk := func(root string, keep func(string) bool) {
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && keep(p) {
				files = append(files, p)
			}
			return nil
		})
	}
	walk(".", func(p string) bool {
		return strings.Contains(filepath.ToSlash(p), "testdata/") && !strings.Contains(p, "testdata/fuzz/") &&
			!strings.HasSuffix(p, ".json") && !strings.HasSuffix(p, ".go")
	})
	if _, err := os.Stat(corpusDir); err == nil {
		walk(corpusDir, func(p string) bool { return !strings.HasSuffix(p, ".csv") && !strings.HasSuffix(p, ".md") })
	}
	if len(files) < 20 {
		t.Fatalf("only %d fixtures found", len(files))
	}
	return files
}

// TestStreamMatchesBytes (issue 12, point 2): for every fixture and corpus file and at least
// 50 truncations of each, ExtractReader over random short reads gives the same fields, facts
// and warnings as ExtractBytes on the same bytes.
func TestStreamMatchesBytes(t *testing.T) {
	files := streamFixtures(t)
	for i, p := range files {
		t.Run(filepath.ToSlash(p), func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			fails := 0
			for _, cut := range cutPoints(len(data)) {
				if d := streamDiff(data[:cut], uint64(i*1000+cut)); d != "" {
					t.Errorf("cut at %d of %d: %s", cut, len(data), d)
					if fails++; fails == 3 {
						return
					}
				}
			}
		})
	}
}

// FuzzStream compares the stream path with the bytes path on any input.
func FuzzStream(f *testing.F) {
	_ = filepath.WalkDir("testdata", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(p, ".json") {
			if st, err := d.Info(); err == nil && st.Size() <= 256<<10 {
				if b, err := os.ReadFile(p); err == nil {
					f.Add(b, uint64(0))
				}
			}
		}
		return nil
	})
	f.Fuzz(func(t *testing.T, data []byte, seed uint64) {
		if d := streamDiff(data, seed); d != "" {
			t.Fatal(d)
		}
	})
}

// mutate returns a copy of data with a few bytes of its structure changed: random bytes in
// the first 64 KiB overwritten (lengths, offsets, counts go wrong), a run duplicated or cut
// out, as hostile and damaged files are.
func mutate(data []byte, rng *rand.Rand) []byte {
	b := bytes.Clone(data)
	if len(b) == 0 {
		return b
	}
	head := min(len(b), 64<<10)
	for range 1 + rng.IntN(4) {
		i := rng.IntN(head)
		switch rng.IntN(4) {
		case 0:
			b[i] = byte(rng.IntN(256))
		case 1:
			b[i] = 0xFF
		case 2:
			b[i] ^= 1 << rng.IntN(8)
		case 3:
			j := min(len(b), i+1+rng.IntN(64))
			if rng.IntN(2) == 0 {
				b = append(b[:i], b[j:]...)
			} else {
				b = append(b[:j], append(bytes.Clone(b[i:j]), b[j:]...)...)
			}
			head = min(len(b), 64<<10)
			if head == 0 {
				return b
			}
		}
	}
	return b
}

// TestStreamMatchesBytesMutated (issue 12, point 2): damaged files too: 30 mutants of every
// fixture and corpus file give the same answer as a stream and as bytes.
func TestStreamMatchesBytesMutated(t *testing.T) {
	files := streamFixtures(t)
	for i, p := range files {
		t.Run(filepath.ToSlash(p), func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(uint64(i), 7))
			fails := 0
			for k := range 30 {
				m := mutate(data, rng)
				if d := streamDiff(m, uint64(k)); d != "" {
					t.Errorf("mutant %d (%d bytes): %s", k, len(m), d)
					if fails++; fails == 2 {
						return
					}
				}
			}
		})
	}
}
