package raf

import (
	"bytes"
	"encoding/binary"
)

// seg is a JPEG marker segment.
func seg(marker byte, payload ...[]byte) []byte {
	p := bytes.Join(payload, nil)
	b := []byte{0xFF, marker, 0, 0}
	binary.BigEndian.PutUint16(b[2:], uint16(len(p)+2))
	return append(b, p...)
}

// tiffBlob is a little-endian TIFF structure: IFD0 with Orientation = 6.
var tiffBlob = []byte{'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0}

const packet = `<x:xmpmeta xmlns:x="adobe:ns:meta/"/>`

// jpegOf is a JPEG preview: SOI, Exif APP1, XMP APP1 (when xmp), SOF0 of w x h (when w >
// 0), SOS, a little image data and EOI.
func jpegOf(w, h int, xmp bool) []byte {
	b := []byte{0xFF, 0xD8}
	b = append(b, seg(0xE1, []byte("Exif\x00\x00"), tiffBlob)...)
	if xmp {
		b = append(b, seg(0xE1, []byte("http://ns.adobe.com/xap/1.0/\x00"), []byte(packet))...)
	}
	if w > 0 {
		b = append(b, seg(0xC0, []byte{8, byte(h >> 8), byte(h), byte(w >> 8), byte(w), 1, 1, 0x11, 0})...)
	}
	b = append(b, seg(0xDA, []byte{1, 1, 0, 0, 63, 0})...)
	return append(b, 0x12, 0x34, 0xFF, 0xD9)
}

// entry is one RAF directory entry.
type entry struct {
	tag uint16
	val []byte
}

// cropped is a RawImageCroppedSize entry (stored height first).
func cropped(w, h uint16) entry {
	return entry{tagRawImageCroppedSize, binary.BigEndian.AppendUint16(binary.BigEndian.AppendUint16(nil, h), w)}
}

// dir is a RAF directory.
func dir(es ...entry) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(len(es)))
	for _, e := range es {
		b = binary.BigEndian.AppendUint16(b, e.tag)
		b = binary.BigEndian.AppendUint16(b, uint16(len(e.val)))
		b = append(b, e.val...)
	}
	return b
}

// rafOf builds a RAF file: a 0x94-byte header, the JPEG, the first directory, the second
// (when not nil) and some CFA bytes. fix may change the header after the offsets are set.
func rafOf(jpg, dir1, dir2 []byte, fix func(h []byte)) []byte {
	h := make([]byte, 0x94)
	copy(h, magic+"0201FF392201FinePix S5Pro")
	copy(h[0x3C:], "0106")
	be := binary.BigEndian
	pos := uint32(len(h))
	put := func(at int, part []byte) {
		if part == nil {
			return
		}
		be.PutUint32(h[at:], pos)
		be.PutUint32(h[at+4:], uint32(len(part)))
		pos += uint32(len(part))
	}
	put(offJPEG, jpg)
	put(offRAFDir, dir1)
	put(offRAFDir2, dir2)
	be.PutUint32(h[0x64:], pos)
	be.PutUint32(h[0x68:], 8)
	if fix != nil {
		fix(h)
	}
	return bytes.Join([][]byte{h, jpg, dir1, dir2, []byte("CFACFACF")}, nil)
}
