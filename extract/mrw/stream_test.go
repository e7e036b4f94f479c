package mrw

import (
	"encoding/binary"
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
// memory, for the sample, synthetic files and one whose padding block is larger than the
// stream's window (64 KiB), each cut at some 60 points.
func TestStreamMatchesBytes(t *testing.T) {
	sample, err := os.ReadFile("../../testdata/formats/mrw/Minolta.mrw")
	if err != nil {
		t.Fatal(err)
	}
	be, le := binary.BigEndian, binary.LittleEndian
	inputs := map[string][]byte{
		"sample":      sample,
		"synthetic":   mrwOf(be, block(be, "\x00PRD", prd(be, 30, 20)), block(be, "\x00TTW", ttwOf(be, 640, 480, packet))),
		"little":      mrwOf(le, block(le, "\x00TTW", ttwOf(le, 640, 480, packet)), block(le, "\x00PRD", prd(le, 30, 20))),
		"big-padding": mrwOf(be, block(be, "\x00PRD", prd(be, 30, 20)), block(be, "\x00PAD", make([]byte, 300<<10)), block(be, "\x00TTW", ttwOf(be, 640, 480, packet))),
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
	sample, _ := os.ReadFile("../../testdata/formats/mrw/Minolta.mrw")
	be := binary.BigEndian
	return [][]byte{sample, mrwOf(be, block(be, "\x00PRD", prd(be, 30, 20)), block(be, "\x00TTW", ttwOf(be, 640, 480, packet)))}
}
