package extract

import (
	"errors"
	"io"
)

// Slicer is implemented by an io.ReaderAt whose bytes are already in memory: it hands out
// sub-slices of them instead of copying into a caller's buffer. Container walkers use it
// when their reader offers it (see ReadSlice) and fall back to ReadAt otherwise.
//
// The returned slice aliases the reader's memory and must never be written to; a caller
// that modifies data must copy it first. Its capacity ends at its length, so appending to it
// always copies.
type Slicer interface {
	// Slice returns the n bytes at off, or false when they do not all exist.
	Slice(off, n int64) ([]byte, bool)
}

// Bytes is a file held in memory, read in place: it implements io.ReaderAt (copying, like
// bytes.Reader) and Slicer (not copying). Payloads and raw entries decoded from it alias the
// slice, which must therefore not be modified while they are in use.
type Bytes []byte

var errNegativeOffset = errors.New("extract.Bytes.ReadAt: negative offset")

// ReadAt implements io.ReaderAt as bytes.Reader does: it copies len(p) bytes from off,
// returning io.EOF when fewer exist or off is at or past the end.
func (b Bytes) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errNegativeOffset
	}
	if off >= int64(len(b)) {
		return 0, io.EOF
	}
	n := copy(p, b[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// Slice implements Slicer: b[off:off+n] with its capacity cut to n, without copying.
func (b Bytes) Slice(off, n int64) ([]byte, bool) {
	if off < 0 || n < 0 || off > int64(len(b)) || n > int64(len(b))-off {
		return nil, false
	}
	return b[off : off+n : off+n], true
}

// Lender is implemented by an io.ReaderAt that can read into buffers it lends: the buffer
// is the caller's as a fresh one would be, but only until the reader is released (for a
// BlockReader, its Close). A walker's payloads are read that way when its reader offers
// it (see ReadSlice), so that reading many files reuses memory.
type Lender interface {
	// ReadLent returns the n bytes at off in a lent buffer, or false when they could not
	// all be read.
	ReadLent(off, n int64) ([]byte, bool)
	// Lend returns an n-byte lent buffer of unspecified content, for the caller to fill
	// (segments joined into one payload).
	Lend(n int) []byte
}

// Buffer returns an n-byte buffer of unspecified content for a payload made from r's
// bytes: lent when r is a Lender, otherwise fresh.
func Buffer(r io.ReaderAt, n int) []byte {
	if l, ok := r.(Lender); ok {
		return l.Lend(n)
	}
	return make([]byte, n)
}

// ReadSlice returns the n bytes of r at off: a sub-slice when r is a Slicer that has them
// (which the caller must not modify), a lent buffer when r is a Lender, otherwise a fresh
// buffer filled by ReadAt. It reports
// false when n is negative or ReadAt fails before n bytes; io.EOF after all n bytes is
// success. It does not check n against any limit: callers bound n before calling.
func ReadSlice(r io.ReaderAt, off, n int64) ([]byte, bool) {
	if s, ok := r.(Slicer); ok {
		if b, ok := s.Slice(off, n); ok {
			return b, true
		}
	}
	if n < 0 || off < 0 {
		return nil, false
	}
	if l, ok := r.(Lender); ok {
		return l.ReadLent(off, n)
	}
	b := make([]byte, n)
	if m, err := r.ReadAt(b, off); m < len(b) && err != nil {
		return nil, false
	}
	return b, true
}

// ReadFull fills b from r at off and reports whether all of it was read (io.EOF after the
// last byte is success).
func ReadFull(r io.ReaderAt, b []byte, off int64) bool {
	n, err := r.ReadAt(b, off)
	return n == len(b) && (err == nil || err == io.EOF)
}
