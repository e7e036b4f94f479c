package raf

import (
	"os"
	"testing"

	"github.com/embedmeta/embedmeta/internal/streamtest"
)

// streamDiff compares Locate over data as a stream (head first, settled and walked again
// when the stream ended before an answer it was given, as scan does) with Locate over the
// same bytes in memory. "" when they agree.
func streamDiff(data []byte, seed int) string {
	d, _ := streamtest.Diff(Locate, data, seed)
	return d
}

// TestStreamMatchesBytes: over a stream, Locate gives what it gives over the same bytes in
// memory, for the sample, synthetic files and one whose preview is larger than the
// stream's window (64 KiB), each cut at some 60 points.
func TestStreamMatchesBytes(t *testing.T) {
	sample, err := os.ReadFile("../../testdata/formats/raf/FujiFilm.raf")
	if err != nil {
		t.Fatal(err)
	}
	big := jpegOf(160, 120, true)
	big = append(big[:len(big)-2], make([]byte, 300<<10)...) // image data before EOI
	inputs := map[string][]byte{
		"sample":      sample,
		"synthetic":   rafOf(jpegOf(160, 120, true), dir(cropped(4256, 1424)), dir(cropped(10, 20)), nil),
		"big-preview": rafOf(append(big, 0xFF, 0xD9), dir(cropped(4256, 1424)), nil, nil),
	}
	for name, data := range inputs {
		n := len(data)
		for _, cut := range streamtest.Cuts(n) {
			if d := streamDiff(data[:cut], cut); d != "" {
				t.Errorf("%s cut at %d of %d: %s", name, cut, n, d)
				break
			}
		}
	}
}

// FuzzStream: on any input Locate gives over a stream what it gives over the bytes.
func FuzzStream(f *testing.F) {
	for _, b := range fuzzSeeds() {
		f.Add(b, 1)
	}
	f.Fuzz(func(t *testing.T, data []byte, seed int) {
		if d := streamDiff(data, seed&0xFFFF); d != "" {
			t.Fatal(d)
		}
	})
}

func fuzzSeeds() [][]byte {
	sample, _ := os.ReadFile("../../testdata/formats/raf/FujiFilm.raf")
	return [][]byte{sample, rafOf(jpegOf(160, 120, true), dir(cropped(4256, 1424)), dir(cropped(10, 20)), nil)}
}
