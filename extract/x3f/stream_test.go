package x3f

import (
	"os"
	"testing"

	"github.com/embedmeta/embedmeta/internal/streamtest"
)

// streamDiff compares Locate over data as a stream (head first, settled and walked again
// when the stream ended before an answer it was given, as scan does) with Locate over the
// same bytes in memory. "" when they agree.
func streamDiff(data []byte, seed int) string {
	d, _ := streamtest.DiffKeepAll(Locate, data, seed) // X3F is random in scan's format table
	return d
}

// TestStreamMatchesBytes: over a stream (kept whole, as scan keeps a random container's),
// Locate gives what it gives over the same bytes in memory, for the samples and synthetic
// files, one with 300 KiB of image data before its JpgFromRaw, each cut at some 60 points.
func TestStreamMatchesBytes(t *testing.T) {
	inputs := map[string][]byte{
		"synthetic": x3fOf(2, 3, 2640, 1760, sec{"IMA2", image(jpegOf(640, 480, true), true)}, sec{"PROP", []byte("SECp")}),
		"big":       x3fOf(4, 0, 2640, 1760, sec{"IMAG", make([]byte, 300<<10)}, sec{"IMA2", image(jpegOf(640, 480, true), true)}),
	}
	for _, name := range []string{"Sigma.x3f", "SigmaDP2.x3f"} {
		b, err := os.ReadFile("../../testdata/formats/x3f/" + name)
		if err != nil {
			t.Fatal(err)
		}
		inputs[name] = b
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
	a, _ := os.ReadFile("../../testdata/formats/x3f/Sigma.x3f")
	b, _ := os.ReadFile("../../testdata/formats/x3f/SigmaDP2.x3f")
	return [][]byte{a, b, x3fOf(2, 3, 2640, 1760, sec{"IMA2", image(jpegOf(640, 480, true), true)}, sec{"PROP", []byte("SECp")})}
}
