package exif

import (
	"io"
	"math"

	"github.com/embedmeta/embedmeta/extract"
)

// source gives the walk the bytes of a TIFF structure, addressed by TIFF offsets (relative
// to the byte-order mark). A blob source slices memory; a reader source reads only the
// ranges asked for (IFD tables and the values decoded), so a multi-gigabyte TIFF file costs
// a few kilobytes.
type source interface {
	// at returns the n bytes at off, or nil when they do not all exist (or may not be read).
	at(off, n uint64) []byte
	// has reports whether the structure holds at least n bytes. A structure read from a
	// stream learns it by reading (extract.End): ask has, not size, to decide.
	has(n uint64) bool
	// size is how many bytes the structure spans: for warnings, once has said no.
	size() uint64
}

// blobSource is a TIFF structure held in memory (a JPEG APP1 payload, a PNG eXIf chunk).
type blobSource []byte

func (b blobSource) at(off, n uint64) []byte {
	if off > uint64(len(b)) || n > uint64(len(b))-off {
		return nil
	}
	return b[off : off+n : off+n]
}

func (b blobSource) has(n uint64) bool { return n <= uint64(len(b)) }

func (b blobSource) size() uint64 { return uint64(len(b)) }

// readerSource is a TIFF structure read through an io.ReaderAt (a TIFF or TIFF-based raw
// file), within a budget of bytes (Limits.MaxTotalRead).
type readerSource struct {
	r         io.ReaderAt
	base      int64       // file offset of the byte-order mark
	n         uint64      // most bytes the structure may span from base
	end       extract.End // where r ends
	budget    int64       // bytes that may still be read
	exhausted bool        // a read was refused because of the budget
}

func (s *readerSource) at(off, n uint64) []byte {
	if off > math.MaxUint64-n || !s.has(off+n) {
		return nil
	}
	if int64(n) > s.budget {
		s.exhausted = true
		return nil
	}
	// In place when the reader is in memory, in a lent buffer when it lends (both live as
	// long as the payload's entries may: until the reader is released), else a new buffer.
	buf, ok := extract.ReadSlice(s.r, s.base+int64(off), int64(n))
	if !ok {
		return nil // a short read is a truncated file: the bytes do not exist
	}
	s.budget -= int64(n)
	return buf
}

func (s *readerSource) has(n uint64) bool {
	return n <= s.n && n <= math.MaxInt64-uint64(s.base) && s.end.Has(s.base+int64(n))
}

func (s *readerSource) size() uint64 {
	return min(s.n, uint64(max(s.end.Size()-s.base, 0)))
}
