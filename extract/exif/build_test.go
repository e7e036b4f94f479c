package exif

import (
	"encoding/binary"
)

// tEntry is one IFD entry of a synthetic TIFF blob. sub (1-based index into the IFD list)
// makes it a pointer whose value is that IFD's offset; raw overrides the value/offset field.
type tEntry struct {
	id    uint16
	typ   uint16
	count uint32
	val   []byte
	sub   int
	raw   *uint32
}

// tIFD is one IFD of a synthetic blob; next is the 1-based index of the next IFD, or nextRaw
// a literal next-IFD offset.
type tIFD struct {
	entries []tEntry
	next    int
	nextRaw *uint32
}

func u32p(v uint32) *uint32 { return &v }

// build lays out a TIFF blob: header, the IFDs one after the other, then the out-of-line
// values. The first IFD is IFD0.
func build(bo binary.ByteOrder, ifds ...tIFD) []byte {
	offs := make([]uint32, len(ifds))
	at := uint32(8)
	for i, d := range ifds {
		offs[i] = at
		at += 2 + 12*uint32(len(d.entries)) + 4
	}
	b := make([]byte, at)
	if bo == binary.BigEndian {
		copy(b, "MM\x00*")
	} else {
		copy(b, "II*\x00")
	}
	bo.PutUint32(b[4:], offs[0])
	for i, d := range ifds {
		p := offs[i]
		bo.PutUint16(b[p:], uint16(len(d.entries)))
		for j, e := range d.entries {
			q := p + 2 + 12*uint32(j)
			bo.PutUint16(b[q:], e.id)
			bo.PutUint16(b[q+2:], e.typ)
			bo.PutUint32(b[q+4:], e.count)
			switch {
			case e.raw != nil:
				bo.PutUint32(b[q+8:], *e.raw)
			case e.sub > 0:
				bo.PutUint32(b[q+8:], offs[e.sub-1])
			case len(e.val) <= 4:
				copy(b[q+8:q+12], e.val)
			default:
				bo.PutUint32(b[q+8:], uint32(len(b)))
				b = append(b, e.val...)
			}
		}
		q := p + 2 + 12*uint32(len(d.entries))
		switch {
		case d.nextRaw != nil:
			bo.PutUint32(b[q:], *d.nextRaw)
		case d.next > 0:
			bo.PutUint32(b[q:], offs[d.next-1])
		}
	}
	return b
}

// enc encodes values in byte order bo: uint8/int8 as 1 byte, uint16/int16 as 2, uint32/
// int32/float32 as 4, uint64/float64 as 8.
func enc(bo binary.ByteOrder, vs ...any) []byte {
	var b []byte
	for _, v := range vs {
		b, _ = binary.Append(b, bo, v)
	}
	return b
}

// ptr is a LONG pointer entry to IFD number sub (1-based).
func ptr(id uint16, sub int) tEntry { return tEntry{id: id, typ: 4, count: 1, sub: sub} }

// short is a SHORT entry with one value.
func short(bo binary.ByteOrder, id, v uint16) tEntry {
	return tEntry{id: id, typ: 3, count: 1, val: enc(bo, v)}
}
