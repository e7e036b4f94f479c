package jpeg

import (
	"bytes"
	"encoding/binary"
)

// seg is one marker segment of a synthetic JPEG: marker code and payload.
func seg(marker byte, payload ...[]byte) []byte {
	p := bytes.Join(payload, nil)
	b := []byte{0xFF, marker, 0, 0}
	binary.BigEndian.PutUint16(b[2:], uint16(len(p)+2))
	return append(b, p...)
}

// jpegOf joins SOI, the given parts and SOS + a little image data + EOI.
func jpegOf(parts ...[]byte) []byte {
	b := []byte{0xFF, markerSOI}
	for _, p := range parts {
		b = append(b, p...)
	}
	return append(b, sos()...)
}

// sos is a scan header followed by entropy-coded bytes and EOI.
func sos() []byte {
	return append(seg(markerSOS, []byte{1, 1, 0, 0, 63, 0}), 0x12, 0xFF, 0x00, 0x34, 0xFF, markerEOI)
}

// tiffBlob is a minimal little-endian TIFF structure: IFD0 with Orientation = v.
func tiffBlob(v byte) []byte {
	return []byte{'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, v, 0, 0, 0, 0, 0, 0, 0}
}

func exifSeg(v byte) []byte { return seg(markerAPP1, []byte("Exif\x00\x00"), tiffBlob(v)) }

func xmpSeg(packet string) []byte { return seg(markerAPP1, sigXMP, []byte(packet)) }

// extSeg is one Extended XMP chunk.
func extSeg(guid string, full, off uint32, data string) []byte {
	h := make([]byte, 8)
	binary.BigEndian.PutUint32(h, full)
	binary.BigEndian.PutUint32(h[4:], off)
	return seg(markerAPP1, sigXMPExt, []byte(guid), h, []byte(data))
}

func irbSeg(data string) []byte { return seg(markerAPP13, sigPhotoshop, []byte(data)) }

// countingReader records the furthest byte read and how many bytes were read.
type countingReader struct {
	*bytes.Reader
	furthest, total int64
}

func (c *countingReader) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.Reader.ReadAt(p, off)
	c.total += int64(n)
	if end := off + int64(n); end > c.furthest {
		c.furthest = end
	}
	return n, err
}
