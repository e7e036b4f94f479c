package tiff

import (
	"encoding/binary"
	"io"
)

// ent is one IFD entry of a synthetic TIFF: val holds count values of typ as stored; ptr,
// when non-zero, makes it a LONG pointer to IFD number ptr-1 (and also links SubIFDs).
type ent struct {
	id    uint16
	typ   uint16
	count uint32
	val   []byte
	ptr   int
}

// build writes a classic TIFF: the 8-byte header with magic, then pre (e.g. a CR2
// signature), then the IFDs in order, each followed by its out-of-line values. IFD 0 is
// IFD0; chain lists, for each IFD, the number+1 of the IFD its next link points to (0 none).
func build(bo binary.AppendByteOrder, magic uint16, pre []byte, chain []int, ifds ...[]ent) []byte {
	offs := make([]uint32, len(ifds))
	pos := uint32(8 + len(pre))
	for i, es := range ifds {
		offs[i] = pos
		pos += 2 + 12*uint32(len(es)) + 4
		for _, e := range es {
			if len(e.val) > 4 {
				pos += uint32(len(e.val)+1) &^ 1
			}
		}
	}
	out := make([]byte, 0, pos)
	if bo == binary.LittleEndian {
		out = append(out, 'I', 'I')
	} else {
		out = append(out, 'M', 'M')
	}
	out = bo.AppendUint16(out, magic)
	out = bo.AppendUint32(out, offs[0])
	out = append(out, pre...)
	for i, es := range ifds {
		data := offs[i] + 2 + 12*uint32(len(es)) + 4
		var tail []byte
		out = bo.AppendUint16(out, uint16(len(es)))
		for _, e := range es {
			out = bo.AppendUint16(out, e.id)
			if e.ptr > 0 {
				out = bo.AppendUint16(out, 4)
				out = bo.AppendUint32(out, 1)
				out = bo.AppendUint32(out, offs[e.ptr-1])
				continue
			}
			out = bo.AppendUint16(out, e.typ)
			out = bo.AppendUint32(out, e.count)
			if len(e.val) <= 4 {
				v := make([]byte, 4)
				copy(v, e.val)
				out = append(out, v...)
				continue
			}
			out = bo.AppendUint32(out, data+uint32(len(tail)))
			tail = append(tail, e.val...)
			if len(e.val)%2 == 1 {
				tail = append(tail, 0)
			}
		}
		next := uint32(0)
		if i < len(chain) && chain[i] > 0 {
			next = offs[chain[i]-1]
		}
		out = bo.AppendUint32(out, next)
		out = append(out, tail...)
	}
	return out
}

// bigTIFF writes a BigTIFF with one IFD of SHORT entries (id, value) and an optional
// out-of-line XMP value.
func bigTIFF(bo binary.AppendByteOrder, shorts [][2]uint16, xmp []byte) []byte {
	n := len(shorts)
	if xmp != nil {
		n++
	}
	out := []byte("II")
	if bo == binary.BigEndian {
		out = []byte("MM")
	}
	out = bo.AppendUint16(out, 0x2B)
	out = bo.AppendUint16(out, 8)
	out = bo.AppendUint16(out, 0)
	out = bo.AppendUint64(out, 16)
	out = bo.AppendUint64(out, uint64(n))
	for _, s := range shorts {
		out = bo.AppendUint16(out, s[0])
		out = bo.AppendUint16(out, 3)
		out = bo.AppendUint64(out, 1)
		v := make([]byte, 8)
		copy(v, bo.AppendUint16(nil, s[1]))
		out = append(out, v...)
	}
	data := uint64(16 + 8 + 20*n + 8)
	if xmp != nil {
		out = bo.AppendUint16(out, 0x02BC)
		out = bo.AppendUint16(out, 1)
		out = bo.AppendUint64(out, uint64(len(xmp)))
		out = bo.AppendUint64(out, data)
	}
	out = bo.AppendUint64(out, 0)
	return append(out, xmp...)
}

func u16(bo binary.AppendByteOrder, v ...uint16) []byte {
	var b []byte
	for _, x := range v {
		b = bo.AppendUint16(b, x)
	}
	return b
}

func u32(bo binary.AppendByteOrder, v ...uint32) []byte {
	var b []byte
	for _, x := range v {
		b = bo.AppendUint32(b, x)
	}
	return b
}

func short(bo binary.AppendByteOrder, id, v uint16) ent {
	return ent{id: id, typ: 3, count: 1, val: u16(bo, v)}
}
func long(bo binary.AppendByteOrder, id uint16, v uint32) ent {
	return ent{id: id, typ: 4, count: 1, val: u32(bo, v)}
}
func ascii(id uint16, s string) ent {
	return ent{id: id, typ: 2, count: uint32(len(s) + 1), val: append([]byte(s), 0)}
}
func undef(id uint16, b []byte) ent { return ent{id: id, typ: 7, count: uint32(len(b)), val: b} }

// hugeReader is a file of size bytes whose first bytes are head and the rest zeros; it
// counts what is read.
type hugeReader struct {
	head []byte
	size int64
	read int64
}

func (h *hugeReader) ReadAt(p []byte, off int64) (int, error) {
	if off >= h.size {
		return 0, io.EOF
	}
	n := int(min(int64(len(p)), h.size-off))
	for i := range n {
		p[i] = 0
		if off+int64(i) < int64(len(h.head)) {
			p[i] = h.head[off+int64(i)]
		}
	}
	h.read += int64(n)
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}
