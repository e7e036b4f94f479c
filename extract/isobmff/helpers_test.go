package isobmff

import (
	"bytes"
	"io"
	"testing"

	"github.com/embedmeta/embedmeta/extract"
)

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }

// checkInside fails when a payload claims an offset outside the file.
func checkInside(t testing.TB, p extract.Payloads, size int) {
	t.Helper()
	for _, ps := range [][]extract.Payload{p.EXIF, p.XMP, p.IRB, p.IIM} {
		for _, q := range ps {
			if q.Offset < 0 || q.Offset > int64(size) {
				t.Fatalf("payload offset %d outside %d bytes", q.Offset, size)
			}
		}
	}
}

// countingReader serves b followed by virtual zero bytes and counts what is read.
type countingReader struct {
	b       []byte
	virtual int64
	read    int64
}

func (r *countingReader) ReadAt(p []byte, off int64) (int, error) {
	r.read += int64(len(p))
	n := 0
	for n < len(p) {
		at := off + int64(n)
		switch {
		case at < int64(len(r.b)):
			p[n] = r.b[at]
		case at < int64(len(r.b))+r.virtual:
			p[n] = 0
		default:
			return n, io.EOF
		}
		n++
	}
	return n, nil
}
