package tiff

import (
	"github.com/embedmeta/embedmeta/extract/exif"

	"encoding/binary"
	"io"
	"math"

	"github.com/embedmeta/embedmeta/extract"
)

// header is a parsed TIFF header (TIFF 6.0 §2) or BigTIFF header.
type header struct {
	bo      binary.ByteOrder
	magic   uint16
	bigTIFF bool
	first   uint64 // offset of IFD0
}

// parseHeader reads the header at the start of h (16 bytes are enough for BigTIFF), raw
// magic numbers included (exif.ParseHeader).
func parseHeader(h []byte) (header, bool) {
	hd, ok := exif.ParseHeader(h, true)
	return header{bo: hd.ByteOrder, magic: hd.Magic, bigTIFF: hd.BigTIFF, first: hd.First}, ok
}

// tag is one IFD entry as stored: the structure only, values are read on demand.
type tag struct {
	id    uint16
	typ   extract.Format
	count uint64
	at    uint64 // file offset of the value (inside the entry when it fits there)
	total uint64 // count * size of the type; 0 for an unknown type
}

// dirs reads IFD tables and values through an io.ReaderAt within a read budget.
type dirs struct {
	r       io.ReaderAt
	end     extract.End // where r ends: a stream learns it by reading
	hd      header
	lim     extract.Limits
	ws      *extract.Warnings
	budget  int64
	visited map[uint64]bool
	n       int // IFDs read
}

// read returns the n bytes at off, or nil when they are not in the file or the read budget
// (Limits.MaxTotalRead) is spent.
func (d *dirs) read(off, n uint64) []byte {
	if !d.has(off, n) {
		return nil
	}
	if int64(n) > d.budget {
		d.ws.Add(WarnReadLimit, 0, int64(min(off, math.MaxInt64)), "more than %d bytes read", d.lim.MaxTotalRead)
		d.budget = 0
		return nil
	}
	buf := make([]byte, n)
	k, _ := d.r.ReadAt(buf, int64(off))
	d.budget -= int64(k)
	if uint64(k) < n {
		return nil
	}
	return buf
}

// has reports whether the n bytes at off are in the file.
func (d *dirs) has(off, n uint64) bool {
	return off <= math.MaxInt64 && n <= math.MaxInt64-off && d.end.Has(int64(off+n))
}

func (d *dirs) offsetOf(b []byte) uint64 {
	if d.hd.bigTIFF {
		return d.hd.bo.Uint64(b)
	}
	return uint64(d.hd.bo.Uint32(b))
}

// ifd reads the IFD at off and returns its entries and the offset of the next IFD. It
// refuses (ok false, with a warning) an IFD already read, one outside the file and one
// beyond Limits.MaxIFDs, and reads at most Limits.MaxIFDEntries entries.
func (d *dirs) ifd(name string, off uint64) (tags []tag, next uint64, ok bool) {
	cs, es, ls := uint64(2), uint64(12), uint64(4)
	if d.hd.bigTIFF {
		cs, es, ls = 8, 20, 8
	}
	switch {
	case d.visited[off]:
		d.ws.Add(WarnIFDLoop, 0, int64(min(off, math.MaxInt64)), "%s at %d was already read", name, off)
		return nil, 0, false
	case off < 8:
		// Inside the header: no need to learn the file's size (a stream would be read to
		// its end to print it).
		d.ws.Add(WarnOffset, 0, -1, "%s offset %d inside the 8-byte TIFF header", name, off)
		return nil, 0, false
	case !d.has(off, cs):
		d.ws.Add(WarnOffset, 0, -1, "%s offset %d outside the %d-byte file", name, off, d.end.Size())
		return nil, 0, false
	case d.n >= d.lim.MaxIFDs:
		d.ws.Add(WarnTooManyIFDs, 0, int64(off), "more than %d IFDs", d.lim.MaxIFDs)
		return nil, 0, false
	}
	d.visited[off] = true
	d.n++
	head := d.read(off, cs)
	if head == nil {
		return nil, 0, false
	}
	var stored uint64
	if d.hd.bigTIFF {
		stored = d.hd.bo.Uint64(head)
	} else {
		stored = uint64(d.hd.bo.Uint16(head))
	}
	// Whether every stored entry is in the file, else how many are.
	complete := stored <= (math.MaxInt64-off-cs)/es && d.has(off+cs, stored*es)
	n := min(stored, uint64(d.lim.MaxIFDEntries))
	if !complete && !d.has(off+cs, n*es) {
		n = (uint64(d.end.Size()) - off - cs) / es // fewer than n entries are in the file
	}
	table := d.read(off+cs, n*es)
	if table == nil {
		return nil, 0, false
	}
	tags = make([]tag, 0, n)
	for i := uint64(0); i < n; i++ {
		e := table[i*es : (i+1)*es]
		t := tag{id: d.hd.bo.Uint16(e), typ: extract.Format(d.hd.bo.Uint16(e[2:]))}
		field := e[8:12]
		if d.hd.bigTIFF {
			t.count, field = d.hd.bo.Uint64(e[4:]), e[12:20]
		} else {
			t.count = uint64(d.hd.bo.Uint32(e[4:]))
		}
		size := t.typ.Size()
		if size != 0 && t.count <= math.MaxUint32 {
			t.total = t.count * size
		}
		t.at = off + cs + i*es + (es - uint64(len(field)))
		if t.total > uint64(len(field)) {
			t.at = d.offsetOf(field)
		}
		tags = append(tags, t)
	}
	if !complete {
		return tags, 0, true
	}
	link := d.read(off+cs+stored*es, ls)
	if link == nil {
		return tags, 0, true
	}
	return tags, d.offsetOf(link), true
}

// value returns the bytes of t's value, or nil (with a warning) when they are not in the
// file or longer than max.
func (d *dirs) value(t tag, max int64) []byte {
	if t.total == 0 || t.total > uint64(max) {
		d.ws.Add(WarnValueSize, 0, int64(min(t.at, math.MaxInt64)), "tag 0x%04X: %d values of type %d", t.id, t.count, t.typ)
		return nil
	}
	b := d.read(t.at, t.total)
	if b == nil {
		d.ws.Add(WarnOffset, 0, int64(min(t.at, math.MaxInt64)), "tag 0x%04X: %d bytes at %d outside the file", t.id, t.total, t.at)
	}
	return b
}

// ints returns up to max integer values of t (BYTE, SHORT, LONG, LONG8, IFD, IFD8 and
// their signed forms), nil for other types.
func (d *dirs) ints(t tag, max int) []uint64 {
	size := t.typ.Size()
	switch t.typ {
	case extract.FormatByte, extract.FormatShort, extract.FormatLong, extract.FormatIFD,
		extract.FormatLong8, extract.FormatIFD8, extract.FormatSShort, extract.FormatSLong, extract.FormatSByte:
	default:
		return nil
	}
	n := min(t.count, uint64(max))
	if n == 0 {
		return nil
	}
	b := d.read(t.at, n*size)
	if b == nil {
		return nil
	}
	out := make([]uint64, n)
	for i := range out {
		switch size {
		case 1:
			out[i] = uint64(b[i])
		case 2:
			out[i] = uint64(d.hd.bo.Uint16(b[2*i:]))
		case 4:
			out[i] = uint64(d.hd.bo.Uint32(b[4*i:]))
		case 8:
			out[i] = d.hd.bo.Uint64(b[8*i:])
		}
	}
	return out
}

// first returns the first integer value of t, or -1.
func (d *dirs) first(t tag) int64 {
	v := d.ints(t, 1)
	if len(v) == 0 || v[0] > math.MaxInt64 {
		return -1
	}
	return int64(v[0])
}
