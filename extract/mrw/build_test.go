package mrw

import (
	"bytes"
	"encoding/binary"
)

// order is a byte order that also appends (binary.BigEndian, binary.LittleEndian).
type order interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

// block is an MRW block: name and data.
func block(bo order, name string, data []byte) []byte {
	b := append([]byte(name), 0, 0, 0, 0)
	bo.PutUint32(b[4:], uint32(len(data)))
	return append(b, data...)
}

// prd is a PRD block's data for an image of w x h.
func prd(bo order, w, h uint16) []byte {
	b := []byte("27200001")
	b = bo.AppendUint16(b, h+8)
	b = bo.AppendUint16(b, w+8)
	b = bo.AppendUint16(b, h)
	b = bo.AppendUint16(b, w)
	return append(b, 12, 12, 0x59, 0, 0, 0, 0, 1)
}

// ttwOf is a TIFF structure in byte order bo: IFD0 with ImageWidth w, ImageLength h,
// Orientation 6 and, when xmp is set, an XMP packet (0x02BC).
func ttwOf(bo order, w, h uint32, xmp string) []byte {
	b := []byte("MM\x00\x2A")
	if bo.String() == binary.LittleEndian.String() {
		b = []byte("II\x2A\x00")
	}
	b = bo.AppendUint32(b, 8)
	n := uint16(3)
	if xmp != "" {
		n++
	}
	b = bo.AppendUint16(b, n)
	entry := func(tag, typ uint16, count, val uint32) {
		b = bo.AppendUint16(b, tag)
		b = bo.AppendUint16(b, typ)
		b = bo.AppendUint32(b, count)
		if typ == 3 && count == 1 {
			b = bo.AppendUint16(b, uint16(val))
			b = append(b, 0, 0)
			return
		}
		b = bo.AppendUint32(b, val)
	}
	entry(0x100, 4, 1, w)
	entry(0x101, 4, 1, h)
	entry(0x112, 3, 1, 6)
	if xmp != "" {
		entry(0x2BC, 1, uint32(len(xmp)), uint32(8+2+int(n)*12+4))
	}
	b = bo.AppendUint32(b, 0)
	return append(b, xmp...)
}

// mrwOf joins the header ("\0MRM" or "\0MRI" by bo, the blocks' length) , the blocks and a
// little image data.
func mrwOf(bo order, blocks ...[]byte) []byte {
	meta := bytes.Join(blocks, nil)
	h := []byte("\x00MRM\x00\x00\x00\x00")
	if bo.String() == binary.LittleEndian.String() {
		h[3] = 'I'
	}
	bo.PutUint32(h[4:], uint32(len(meta)))
	return bytes.Join([][]byte{h, meta, []byte("IMAGEDATA")}, nil)
}
