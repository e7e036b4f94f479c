package brotli

import (
	"bytes"
	"io"
	"math/rand/v2"
	"testing"

	upstream "github.com/andybalholm/brotli"
)

// TestSameAsUpstream: what the module's encoder writes, at several levels and window sizes,
// decodes here to the input, and damaged streams decode (or fail) as the module's decoder does.
func TestSameAsUpstream(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	text := bytes.Repeat([]byte("<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF>the quick brown fox </rdf:RDF>"), 50)
	noise := make([]byte, 5000)
	for i := range noise {
		noise[i] = byte(rng.IntN(256))
	}
	inputs := [][]byte{nil, []byte("a"), text, noise, append(append([]byte{}, text...), noise...)}
	for _, in := range inputs {
		for _, level := range []int{0, 1, 5, 9, 11} {
			var buf bytes.Buffer
			w := upstream.NewWriterOptions(&buf, upstream.WriterOptions{Quality: level, LGWin: 16})
			if _, err := w.Write(in); err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			comp := buf.Bytes()
			got, err := io.ReadAll(NewReader(bytes.NewReader(comp)))
			if err != nil || !bytes.Equal(got, in) {
				t.Fatalf("level %d, %d bytes: got %d bytes, %v", level, len(in), len(got), err)
			}
			for range 20 { // damaged copies
				bad := bytes.Clone(comp)
				if len(bad) > 0 {
					bad[rng.IntN(len(bad))] ^= byte(1 + rng.IntN(255))
				}
				bad = bad[:rng.IntN(len(bad)+1)]
				want, wantErr := io.ReadAll(upstream.NewReader(bytes.NewReader(bad)))
				got, gotErr := io.ReadAll(NewReader(bytes.NewReader(bad)))
				if !bytes.Equal(got, want) || (gotErr == nil) != (wantErr == nil) {
					t.Fatalf("damaged stream: got %d bytes, %v; upstream %d bytes, %v", len(got), gotErr, len(want), wantErr)
				}
			}
		}
	}
}
