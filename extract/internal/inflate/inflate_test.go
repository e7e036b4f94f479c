package inflate

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
)

// samples returns inputs of several kinds and sizes: empty, text-like, random (stored
// blocks), long runs (long matches) and a mix, above and below the 32 KiB window.
func samples() [][]byte {
	rng := rand.New(rand.NewPCG(3, 4))
	random := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		return b
	}
	text := bytes.Repeat([]byte("<rdf:li xml:lang='x-default'>Caption (ref2019.1)</rdf:li>\n"), 2000)
	mix := append(append(append([]byte{}, random(5000)...), text[:40000]...), random(70000)...)
	return [][]byte{nil, []byte("a"), text[:100], text, random(100), random(100000), bytes.Repeat([]byte{0}, 300000), mix}
}

// compare reads data with inflate's reader and with the standard library's and requires
// the same bytes and the same error.
func compare(t *testing.T, name string, ours, std func(io.Reader) (io.ReadCloser, error), data []byte) {
	t.Helper()
	got, gotErr := readAll(ours, data)
	want, wantErr := readAll(std, data)
	if !bytes.Equal(got, want) || fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
		t.Fatalf("%s: inflate gives %d bytes, %v; the standard library %d bytes, %v", name, len(got), gotErr, len(want), wantErr)
	}
}

func readAll(open func(io.Reader) (io.ReadCloser, error), data []byte) ([]byte, error) {
	r, err := open(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	out, err := io.ReadAll(io.LimitReader(r, 1<<22))
	if cerr := r.Close(); err == nil {
		err = cerr
	}
	return out, err
}

func ourFlate(r io.Reader) (io.ReadCloser, error) { return NewReader(r), nil }
func stdFlate(r io.Reader) (io.ReadCloser, error) { return flate.NewReader(r), nil }
func stdZlib(r io.Reader) (io.ReadCloser, error)  { return zlib.NewReader(r) }

// TestAgainstStandardLibrary inflates what compress/flate and compress/zlib write at every
// level, whole, cut short and with a byte changed, and compares with their readers.
func TestAgainstStandardLibrary(t *testing.T) {
	for i, in := range samples() {
		for _, level := range []int{flate.NoCompression, flate.BestSpeed, flate.DefaultCompression, flate.BestCompression, flate.HuffmanOnly} {
			var fb, zb bytes.Buffer
			fw, _ := flate.NewWriter(&fb, level)
			fw.Write(in)
			fw.Close()
			zw, _ := zlib.NewWriterLevel(&zb, level)
			zw.Write(in)
			zw.Close()
			for _, c := range []struct {
				kind      string
				data      []byte
				ours, std func(io.Reader) (io.ReadCloser, error)
			}{{"deflate", fb.Bytes(), ourFlate, stdFlate}, {"zlib", zb.Bytes(), NewZlibReader, stdZlib}} {
				name := fmt.Sprintf("%s sample %d level %d", c.kind, i, level)
				compare(t, name, c.ours, c.std, c.data)
				if got, _ := readAll(c.ours, c.data); !bytes.Equal(got, in) {
					t.Fatalf("%s: the round trip differs", name)
				}
				for _, cut := range []int{0, 1, 2, len(c.data) / 2, len(c.data) - 1} {
					if cut <= len(c.data) {
						compare(t, fmt.Sprintf("%s cut at %d", name, cut), c.ours, c.std, c.data[:cut])
					}
				}
				for _, at := range []int{0, 1, 3, len(c.data) / 3, len(c.data) - 2} {
					if at >= 0 && at < len(c.data) {
						bad := bytes.Clone(c.data)
						bad[at] ^= 0x5a
						compare(t, fmt.Sprintf("%s byte %d changed", name, at), c.ours, c.std, bad)
					}
				}
			}
		}
	}
}

func TestZlibHeader(t *testing.T) {
	for _, data := range [][]byte{{0x78}, {0x78, 0x9c}, {0x79, 0x9c}, {0x78, 0xbb, 1, 2}, {0x78, 0xbb, 0, 0, 0, 1, 3, 0}, {0x88, 0x1d}} {
		compare(t, fmt.Sprintf("% x", data), NewZlibReader, stdZlib, data)
	}
}

// FuzzInflate compares inflate's readers with the standard library's on arbitrary bytes.
func FuzzInflate(f *testing.F) {
	for _, in := range samples()[:4] {
		var zb bytes.Buffer
		zw := zlib.NewWriter(&zb)
		zw.Write(in)
		zw.Close()
		f.Add(zb.Bytes())
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		compare(t, "zlib", NewZlibReader, stdZlib, data)
		compare(t, "deflate", ourFlate, stdFlate, data)
	})
}

// emptyReader returns nothing and no error, for ever.
type emptyReader struct{}

func (emptyReader) Read([]byte) (int, error) { return 0, nil }

// TestNoProgress: a reader without ReadByte that keeps returning nothing ends the read with
// io.ErrNoProgress instead of looping.
func TestNoProgress(t *testing.T) {
	if _, err := NewZlibReader(emptyReader{}); err != io.ErrNoProgress {
		t.Fatalf("NewZlibReader over a reader that never progresses: %v, want io.ErrNoProgress", err)
	}
}
