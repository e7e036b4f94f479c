package exif

import (
	"bytes"
	"io"
	"math"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/schema"
)

// Tap is a container walker's share of a WalkAt walk: it is called with every IFD the walk
// reads, once the IFD's table is read and before its entries are decoded (so before the
// walk descends into the sub-IFDs they point to): IFD0, IFD1, IFD2, ... at depth 0, then
// the Exif IFD (depth 1), its Interop IFD and the GPS IFD as the walk meets them. dir is
// the name of the IFD (IFD0 in a Panasonic RW2 too); entries are its entries as stored,
// none of them checked yet, which tap must not modify (the walk decodes them next).
type Tap func(w Walk, dir string, depth int, entries []Entry)

// Walk is what a Tap may do during the walk it is called from: read entry values and
// further IFDs through the walk's bounded reader, within its Limits, its loop detection
// and its read budget. Problems these reads meet are the container walker's: they go to
// the warnings WalkAt was given at once, with the codes of this package.
type Walk struct{ t *walk }

// Has reports whether the n bytes at off are in the structure.
func (w Walk) Has(off, n uint64) bool { return w.t.has(off, n) }

func (t *walk) has(off, n uint64) bool {
	return off <= math.MaxInt64 && n <= math.MaxInt64-off && t.src.has(off+n)
}

// Budget returns how many bytes the walk may still read (Limits.MaxTotalRead).
func (w Walk) Budget() int64 {
	if w.t.rs == nil {
		return math.MaxInt64
	}
	return w.t.rs.budget
}

// Spend charges the budget with n bytes read by other means (an embedded JPEG's walker).
func (w Walk) Spend(n int64) {
	if w.t.rs != nil {
		w.t.rs.budget -= n
	}
}

// read returns the n bytes at off as the source holds them, or nil (warning when the read
// budget is spent, which stops the walk).
func (t *walk) read(off, n uint64) []byte {
	if !t.has(off, n) {
		return nil
	}
	b := t.src.at(off, n)
	if b == nil {
		t.budget(off)
	}
	return b
}

// Ints returns up to max integer values of e (BYTE, SHORT, LONG, LONG8, IFD, IFD8 and the
// signed forms, as unsigned), nil for other types or when they are not in the structure.
func (w Walk) Ints(e Entry, max int) []uint64 {
	size := e.Type.Size()
	switch e.Type {
	case schema.TypeByte, schema.TypeShort, schema.TypeLong, schema.TypeIFD,
		schema.TypeLong8, schema.TypeIFD8, schema.TypeSShort, schema.TypeSLong, schema.TypeSByte:
	default:
		return nil
	}
	n := min(e.Count, uint64(max))
	if n == 0 {
		return nil
	}
	b := w.t.read(e.Value, n*size)
	if b == nil {
		return nil
	}
	out := make([]uint64, n)
	bo := w.t.bo
	for i := range out {
		switch size {
		case 1:
			out[i] = uint64(b[i])
		case 2:
			out[i] = uint64(bo.Uint16(b[2*i:]))
		case 4:
			out[i] = uint64(bo.Uint32(b[4*i:]))
		case 8:
			out[i] = bo.Uint64(b[8*i:])
		}
	}
	return out
}

// First returns the first integer value of e (see Ints), or -1.
func (w Walk) First(e Entry) int64 {
	v := w.Ints(e, 1)
	if len(v) == 0 || v[0] > math.MaxInt64 {
		return -1
	}
	return int64(v[0])
}

// Value returns a copy of the bytes of e's value, or nil with a warning when its type is
// unknown (WarnBadType), it is empty or longer than max (WarnCountRange), or it is not in
// the structure (WarnOffsetRange).
func (w Walk) Value(e Entry, max int64) []byte {
	t := w.t
	switch {
	case e.Type.Size() == 0:
		t.warn(WarnBadType, e.At, "tag 0x%04X: %d values of type %d", e.ID, e.Count, uint16(e.Type))
		return nil
	case e.Size == 0 || e.Size > uint64(max):
		t.warn(WarnCountRange, e.At, "tag 0x%04X: %d values of type %d", e.ID, e.Count, uint16(e.Type))
		return nil
	case !w.Has(e.Value, e.Size):
		t.warn(WarnOffsetRange, e.At, "tag 0x%04X: %d bytes at %d outside the file", e.ID, e.Size, e.Value)
		return nil
	}
	b := t.read(e.Value, e.Size)
	if b == nil {
		return nil
	}
	return bytes.Clone(b)
}

// Peek is Value without the warnings, for an entry the walk decodes too (whose problems
// the decoding reports): nil when Value would warn.
func (w Walk) Peek(e Entry, max int64) []byte {
	if e.Size == 0 || e.Size > uint64(max) || !w.Has(e.Value, e.Size) {
		return nil
	}
	b := w.t.read(e.Value, e.Size)
	if b == nil {
		return nil
	}
	return bytes.Clone(b)
}

// Sub reads the IFD at off, which the entry from points to, and shows it to tap alone (its
// entries are not decoded): an IFD the container walker follows and the EXIF decoder does
// not, such as a SubIFD (0x014A). depth is its depth (Limits.MaxDepth).
func (w Walk) Sub(dir string, off uint64, from Entry, depth int, tap Tap) {
	t := w.t
	was := t.tapping
	t.tapping = true
	defer func() { t.tapping = was }()
	tab, ok := t.table(dir, off, from.At, depth, false)
	if !ok {
		return
	}
	_ = t.call(tap, dir, depth, tab)
}

// call calls tap with the entries of tab and returns them.
func (t *walk) call(tap Tap, dir string, depth int, tab table) []Entry {
	es := make([]Entry, tab.n)
	for i := range es {
		es[i] = tab.entry(t, uint64(i))
	}
	tap(Walk{t}, dir, depth, es)
	return es
}

// show calls the walk's tap with the IFD tab and returns its entries, for the decoding.
func (t *walk) show(dir string, depth int, tab table) []Entry {
	was := t.tapping
	t.tapping = true
	es := t.call(t.tap, dir, depth, tab)
	t.tapping = was
	return es
}

// walked is the EXIF payload WalkAt returns: the structure's reader, carrying what the walk
// decoded, for DecodeAt to hand out instead of walking again.
type walked struct {
	io.ReaderAt
	size     int64
	lim      extract.Limits
	entries  []extract.RawEntry
	warnings []extract.Warning
}

// WalkAt walks the TIFF structure of the size bytes of r (a TIFF file: its header at
// offset 0) once, for the EXIF decoder and for the container walker whose tap it shows
// every IFD read (see Tap). It reports whether IFD0 was read; if so it returns the EXIF
// payload to hand over (Payload.Reader set): decoding it with the same Limits gives the
// entries and warnings DecodeAt would give, from this walk. The warnings of the decoding
// wait in the payload; those of the reads tap asks for go to ws at once; when IFD0 cannot
// be read, all go to ws.
func WalkAt(r io.ReaderAt, size int64, lim extract.Limits, ws *extract.Warnings, tap Tap) (extract.Payload, bool) {
	lim = lim.Resolved()
	pending := &extract.Warnings{Max: math.MaxInt}
	t := walkAt(r, 0, size, lim, pending, ws, tap)
	if t == nil || !t.read0 {
		replay(ws, pending.List)
		return extract.Payload{}, false
	}
	w := &walked{ReaderAt: r, size: size, lim: lim, entries: t.out, warnings: pending.List}
	return extract.Payload{Reader: w, Size: size}, true
}

// replay adds warnings recorded elsewhere to ws.
func replay(ws *extract.Warnings, list []extract.Warning) {
	if ws == nil {
		return
	}
	for _, w := range list {
		ws.Add(w.Code, w.Source, w.Offset, "%s", w.Msg)
	}
}
