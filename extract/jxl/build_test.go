package jxl

import (
	"bytes"
	"encoding/binary"

	"github.com/andybalholm/brotli"
)

// box builds an ISO BMFF box.
func box(typ string, parts ...[]byte) []byte {
	var body []byte
	for _, p := range parts {
		body = append(body, p...)
	}
	out := binary.BigEndian.AppendUint32(nil, uint32(8+len(body)))
	return append(append(out, typ...), body...)
}

func cat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// bitWriter writes LSB-first bit fields, the inverse of bits.
type bitWriter struct {
	b   []byte
	pos int
}

func (w *bitWriter) put(v uint32, n int) {
	for i := 0; i < n; i++ {
		if w.pos>>3 >= len(w.b) {
			w.b = append(w.b, 0)
		}
		w.b[w.pos>>3] |= byte(v>>i&1) << (w.pos & 7)
		w.pos++
	}
}

// codestream returns a codestream start: signature and a SizeHeader for w x h written in
// the general form (no div8, ratio 0, 13-bit selectors), or div8 when both are multiples
// of 8 up to 256, or ratio when ratio != 0.
func codestream(w, h uint32, ratio uint32) []byte {
	bw := &bitWriter{}
	small := w%8 == 0 && h%8 == 0 && w <= 256 && h <= 256 && ratio == 0
	if small {
		bw.put(1, 1)
		bw.put(h/8-1, 5)
		bw.put(0, 3)
		bw.put(w/8-1, 5)
	} else {
		bw.put(0, 1)
		bw.put(1, 2)
		bw.put(h-1, 13)
		bw.put(ratio, 3)
		if ratio == 0 {
			bw.put(1, 2)
			bw.put(w-1, 13)
		}
	}
	return append([]byte{0xFF, 0x0A}, append(bw.b, 0, 0, 0, 0)...)
}

// tiffII is a little-endian TIFF structure with one out-of-line ASCII Make entry.
func tiffII(make string) []byte {
	b := []byte("II*\x00\x08\x00\x00\x00")
	b = binary.LittleEndian.AppendUint16(b, 1)
	b = binary.LittleEndian.AppendUint16(b, 0x010F)
	b = binary.LittleEndian.AppendUint16(b, 2)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(make)+1))
	b = binary.LittleEndian.AppendUint32(b, 26)
	b = binary.LittleEndian.AppendUint32(b, 0)
	return append(append(b, make...), 0)
}

const xmpPacket = `<x:xmpmeta xmlns:x="adobe:ns:meta/"/>`

// exifBox is the payload of an Exif box: the 4-byte offset, "Exif\0\0", the TIFF structure.
func exifBox() []byte { return cat([]byte{0, 0, 0, 6}, []byte("Exif\x00\x00"), tiffII("Camera")) }

// compress Brotli-compresses b.
func compress(b []byte) []byte {
	var buf bytes.Buffer
	w := brotli.NewWriterLevel(&buf, 5)
	_, _ = w.Write(b)
	_ = w.Close()
	return buf.Bytes()
}

// container wraps boxes in the JPEG XL container (signature and ftyp first).
func container(boxes ...[]byte) []byte {
	return cat(signature, box("ftyp", []byte("jxl "), []byte{0, 0, 0, 0}, []byte("jxl ")), cat(boxes...))
}
