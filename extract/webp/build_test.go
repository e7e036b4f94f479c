package webp

import (
	"bytes"
	"encoding/binary"
)

// chunk is one RIFF chunk with its pad byte.
func chunk(fourcc string, data ...[]byte) []byte {
	d := bytes.Join(data, nil)
	b := append([]byte(fourcc), binary.LittleEndian.AppendUint32(nil, uint32(len(d)))...)
	b = append(b, d...)
	if len(d)%2 == 1 {
		b = append(b, 0)
	}
	return b
}

// riffFile wraps chunks in "RIFF" size "WEBP".
func riffFile(chunks ...[]byte) []byte {
	body := append([]byte("WEBP"), bytes.Join(chunks, nil)...)
	return append(append([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, uint32(len(body)))...), body...)
}

func u24(v int) []byte { return []byte{byte(v), byte(v >> 8), byte(v >> 16)} }

// vp8x is a VP8X chunk with the given flags and canvas size.
func vp8x(flags byte, w, h int) []byte {
	return chunk("VP8X", []byte{flags, 0, 0, 0}, u24(w-1), u24(h-1))
}

// vp8 is a VP8 key frame header of the given size followed by a few bytes of data.
func vp8(w, h int) []byte {
	d := []byte{0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a}
	d = binary.LittleEndian.AppendUint16(d, uint16(w))
	d = binary.LittleEndian.AppendUint16(d, uint16(h))
	return chunk("VP8 ", d, []byte{1, 2, 3})
}

// vp8l is a VP8L header of the given size and alpha hint.
func vp8l(w, h int, alpha bool) []byte {
	v := uint32(w-1) | uint32(h-1)<<14
	if alpha {
		v |= 1 << 28
	}
	return chunk("VP8L", []byte{0x2f}, binary.LittleEndian.AppendUint32(nil, v), []byte{9, 9})
}

// anmf is an animation frame header with the given duration (ms) and a VP8L bitstream.
func anmf(ms int) []byte {
	return chunk("ANMF", u24(0), u24(0), u24(0), u24(0), u24(ms), []byte{0}, vp8l(1, 1, false))
}

// tiffBlob is a minimal little-endian TIFF structure: IFD0 with Orientation = v.
func tiffBlob(v byte) []byte {
	return []byte{'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, v, 0, 0, 0, 0, 0, 0, 0}
}

const packet = `<x:xmpmeta xmlns:x="adobe:ns:meta/"/>`
