package x3f

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

// jpegOf is a JPEG: SOI, an Exif APP1 (when exif), SOF0 of w x h, SOS, data, EOI.
func jpegOf(w, h int, exif bool) []byte {
	b := []byte{0xFF, 0xD8}
	if exif {
		b = append(b, seg(0xE1, []byte("Exif\x00\x00"), tiffBlob)...)
	}
	b = append(b, seg(0xC0, []byte{8, byte(h >> 8), byte(h), byte(w >> 8), byte(w), 1, 1, 0x11, 0})...)
	b = append(b, seg(0xDA, []byte{1, 1, 0, 0, 63, 0})...)
	return append(b, 0x12, 0x34, 0xFF, 0xD9)
}

// image is an image section holding data: a JPEG image header (or other, when not jpg).
func image(data []byte, jpg bool) []byte {
	h := make([]byte, imageHead)
	copy(h, jpegImage)
	if !jpg {
		h[12] = 3 // another format
	}
	return append(h, data...)
}

// sec is a section of the file: its type and bytes.
type sec struct {
	tag  string
	data []byte
}

// x3fOf builds an X3F file of version major.minor with the header's width and height, the
// sections, the directory and its pointer. fix may change the bytes afterwards.
func x3fOf(major, minor uint16, w, h uint32, secs ...sec) []byte {
	le := binary.LittleEndian
	hlen := 72 + 160
	switch {
	case major >= 4:
		hlen = 0x300
	case major == 2 && minor >= 3 || major == 3:
		hlen = 104 + 160
	}
	b := make([]byte, hlen)
	copy(b, magic)
	le.PutUint32(b[4:], uint32(major)<<16|uint32(minor))
	at := 28
	if major >= 4 {
		at = 40
	}
	le.PutUint32(b[at:], w)
	le.PutUint32(b[at+4:], h)
	var dir []byte
	for _, s := range secs {
		dir = le.AppendUint32(dir, uint32(len(b)))
		dir = le.AppendUint32(dir, uint32(len(s.data)))
		dir = append(dir, s.tag...)
		b = append(b, s.data...)
	}
	off := uint32(len(b))
	b = append(b, "SECd\x00\x00\x02\x00"...)
	b = le.AppendUint32(b, uint32(len(secs)))
	b = append(b, dir...)
	return le.AppendUint32(b, off)
}
