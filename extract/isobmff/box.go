package isobmff

import (
	"encoding/binary"
	"io"

	"github.com/embedmeta/embedmeta/extract"
)

// maxBoxes bounds the number of box headers one Reader parses: a file of tiny boxes cannot
// make a walk long.
const maxBoxes = 1 << 16

// Box is one box header (ISO/IEC 14496-12 §4.2): where the box starts, how long its header
// is and how long the whole box is.
type Box struct {
	Type      string   // the four-character code, e.g. "moov"
	UUID      [16]byte // the extended type of a "uuid" box; zero otherwise
	Offset    int64    // file offset of the box header
	HeaderLen int64    // 8, 16 (largesize) plus 16 for a uuid box
	Size      int64    // the whole box, header included, clamped to its parent
}

// Data returns the file offset of the box payload (after the header).
func (b Box) Data() int64 { return b.Offset + b.HeaderLen }

// End returns the file offset just past the box.
func (b Box) End() int64 { return b.Offset + b.Size }

// Len returns the length of the box payload.
func (b Box) Len() int64 { return b.Size - b.HeaderLen }

// Reader reads boxes from the bytes behind R, which end at End, within a read budget
// (Limits.MaxTotalRead) and a box count, reporting trouble to WS with codes that start with
// Prefix ("isobmff", "jxl").
type Reader struct {
	R      io.ReaderAt
	End    extract.End    // where R ends (extract.EndOf): a stream learns it by reading
	Lim    extract.Limits // resolved
	WS     *extract.Warnings
	Prefix string

	total   int64 // bytes read so far
	boxes   int   // box headers parsed so far
	limited bool  // a budget was exhausted: the walk stops
}

// Warning code suffixes reported by a Reader (prefixed with Reader.Prefix and a dot).
const (
	WarnBoxSize  = "box-size"       // a box size below its header, or beyond its parent / the file
	WarnTooMany  = "too-many-boxes" // more than 65536 box headers
	WarnTooDeep  = "too-deep"       // nesting deeper than Limits.MaxDepth
	WarnReadLim  = "read-limit"     // Limits.MaxTotalRead reached
	WarnTooLarge = "too-large"      // a payload above Limits.MaxSegment / MaxXMPBytes
	WarnBadBox   = "bad-box"        // a box whose fields contradict its size
)

// Warn records a warning whose code is Prefix + "." + code.
func (r *Reader) Warn(code string, off int64, format string, args ...any) {
	r.WS.Add(r.Prefix+"."+code, 0, off, format, args...)
}

// ReadAt returns the n bytes at off, or false when they are not all in the file or the read
// budget is spent (a warning is recorded then).
func (r *Reader) ReadAt(off, n int64) ([]byte, bool) {
	if !r.End.Fits(off, n) {
		return nil, false
	}
	if r.limited || r.total+n > r.Lim.MaxTotalRead {
		if !r.limited {
			r.Warn(WarnReadLim, off, "read budget of %d bytes spent", r.Lim.MaxTotalRead)
		}
		r.limited = true
		return nil, false
	}
	// In-memory input is sliced, not copied: the result is never written to.
	if sl, ok := r.R.(extract.Slicer); ok {
		if b, ok := sl.Slice(off, n); ok {
			r.total += n
			return b, true
		}
	}
	b := make([]byte, n)
	m, err := r.R.ReadAt(b, off)
	r.total += int64(m)
	if m < len(b) && err != nil {
		return nil, false
	}
	return b, true
}

// Payload reads a box's whole payload when it is at most max bytes; otherwise it warns and
// returns false.
func (r *Reader) Payload(b Box, max int64) ([]byte, bool) {
	if b.Len() > max {
		r.Warn(WarnTooLarge, b.Offset, "%q box of %d bytes exceeds the limit of %d", b.Type, b.Len(), max)
		return nil, false
	}
	return r.ReadAt(b.Data(), b.Len())
}

// Header parses the box header at off inside a parent that ends at end. A size of 0 means
// "to the end of the parent". A size beyond the parent is clamped to it with a warning; a
// header that does not fit or a size smaller than the header gives false.
func (r *Reader) Header(off, end int64) (Box, bool) {
	if r.limited || off >= end {
		return Box{}, false
	}
	// end is the parent's; a parent may run past the file (the top level's end is the input's
	// size, which a stream learns by reading): every comparison that needs the file's end
	// asks r.End, so that a stream ending early is noticed (see extract.End). Where the input
	// ends there is no box to count: a stream's top level ends there as a file's does.
	r.reach(off)
	if !r.End.Has(off + 1) {
		return Box{}, false
	}
	if r.boxes++; r.boxes > maxBoxes {
		r.Warn(WarnTooMany, off, "more than %d boxes", maxBoxes)
		r.limited = true
		return Box{}, false
	}
	if off+8 > end || !r.End.Has(off+8) {
		return Box{}, false
	}
	h, ok := r.ReadAt(off, 8)
	if !ok {
		return Box{}, false
	}
	b := Box{Type: string(h[4:8]), Offset: off, HeaderLen: 8, Size: int64(binary.BigEndian.Uint32(h))}
	switch b.Size {
	case 0:
		b.Size = r.within(end) - off
	case 1:
		x, ok := r.ReadAt(off+8, 8)
		if !ok || off+16 > end {
			r.Warn(WarnBoxSize, off, "%q box: largesize field missing", b.Type)
			return Box{}, false
		}
		b.HeaderLen = 16
		ls := binary.BigEndian.Uint64(x)
		if ls > uint64(end-off) || !r.End.Has(off+int64(ls)) {
			b.Size = r.within(end) - off + 1 // clamped below
		} else {
			b.Size = int64(ls)
		}
	}
	if b.Type == "uuid" {
		u, ok := r.ReadAt(off+b.HeaderLen, 16)
		if !ok || off+b.HeaderLen+16 > end {
			r.Warn(WarnBoxSize, off, "uuid box without its extended type")
			return Box{}, false
		}
		copy(b.UUID[:], u)
		b.HeaderLen += 16
	}
	if b.Size < b.HeaderLen {
		r.Warn(WarnBoxSize, off, "%q box size %d is smaller than its header", b.Type, b.Size)
		return Box{}, false
	}
	if b.Size > end-off || !r.End.Has(off+b.Size) {
		e := r.within(end)
		r.Warn(WarnBoxSize, off, "%q box of %d bytes runs past its parent or the file; clamped to %d", b.Type, b.Size, e-off)
		b.Size = e - off
	}
	return b, true
}

// reach reads the header at off when the input's end is not known yet (a stream), before
// End is asked whether it exists. A header is read where it lies anyway; read first, one
// beyond the stream's end makes the end known and the walk ends there as a file's does,
// where asking first would record a provisional answer (extract.Stream.Has) that the stream
// settles by walking again: after every movie whose last box is a large mdat. A file's
// reads are not doubled: its end is known.
func (r *Reader) reach(off int64) {
	if _, known := r.End.Known(); known || off < 0 {
		return
	}
	if sl, ok := r.R.(extract.Slicer); ok {
		sl.Slice(off, 8)
		return
	}
	var b [8]byte
	_, _ = r.R.ReadAt(b[:], off)
}

// within returns end, or the input's size when the input ends before end.
func (r *Reader) within(end int64) int64 {
	if r.End.Has(end) {
		return end
	}
	return min(end, r.End.Size())
}

// Children calls fn for every box in [off, end) in order until fn returns false, a header is
// bad or a budget is spent. depth is the nesting depth of the boxes (0 at the top level); a
// depth above Limits.MaxDepth gives a warning and no call.
func (r *Reader) Children(off, end int64, depth int, fn func(Box) bool) {
	if depth > r.Lim.MaxDepth {
		r.Warn(WarnTooDeep, off, "boxes nested deeper than %d", r.Lim.MaxDepth)
		return
	}
	for off < end {
		b, ok := r.Header(off, end)
		if !ok {
			if !r.limited && end-off >= 8 && r.End.Has(off+8) {
				r.Warn(WarnBoxSize, off, "unreadable box header; the rest of the parent is skipped")
			}
			return
		}
		if !fn(b) {
			return
		}
		off = b.End()
	}
}
