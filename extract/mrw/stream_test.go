package mrw

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"reflect"
	"testing"

	"github.com/embedmeta/embedmeta/extract"
)

// pieces hands out its bytes in reads of 1 to 4099 bytes, cut differently for every seed.
type pieces struct {
	b    []byte
	seed int
}

func (r *pieces) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	r.seed = (r.seed*1103515245 + 12345) & 0x7FFFFFFF
	n := min(len(p), len(r.b), 1+r.seed%4099)
	copy(p, r.b[:n])
	r.b = r.b[n:]
	return n, nil
}

// streamDiff compares Locate over data as a stream (head first, settled and walked again
// when the stream ended before an answer it was given, as scan does) with Locate over the
// same bytes in memory. "" when they agree.
func streamDiff(data []byte, seed int) string {
	lim := extract.DefaultLimits()
	var wws, sws extract.Warnings
	want, werr := Locate(extract.Bytes(data), int64(len(data)), lim, &wws)
	s := extract.NewStream(context.Background(), &pieces{b: data, seed: seed}, lim)
	defer s.Close()
	_, _ = s.ReadAt(make([]byte, 512), 0)
	got, gerr := Locate(s, lim.MaxStreamRead, lim, &sws)
	if !s.Settle() {
		sws = extract.Warnings{}
		got, gerr = Locate(s, lim.MaxStreamRead, lim, &sws)
	}
	s.Warn(&sws)
	switch {
	case fmt.Sprint(werr) != fmt.Sprint(gerr):
		return fmt.Sprintf("errors: bytes %v, stream %v", werr, gerr)
	case !reflect.DeepEqual(wws, sws):
		return fmt.Sprintf("warnings:\n bytes:  %q\n stream: %q", wws.List, sws.List)
	case !reflect.DeepEqual(want, got):
		return fmt.Sprintf("payloads:\n bytes:  %.300v\n stream: %.300v", want, got)
	}
	return ""
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
		for i := range 61 {
			cut := n * i / 60
			if i < 30 {
				cut = min(n, 4096) * i / 30
			}
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
