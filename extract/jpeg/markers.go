package jpeg

import "bytes"

// JPEG marker codes (ITU-T T.81 Table B.1) the walker distinguishes.
const (
	markerTEM   = 0x01 // temporary private use in arithmetic coding; standalone
	markerRST0  = 0xD0 // RST0..RST7 restart markers; standalone
	markerRST7  = 0xD7
	markerSOI   = 0xD8 // start of image; standalone
	markerEOI   = 0xD9 // end of image
	markerSOS   = 0xDA // start of scan: entropy-coded data follows
	markerAPP1  = 0xE1 // Exif, XMP, Extended XMP
	markerAPP13 = 0xED // Photoshop image resources
)

// Segment signatures.
var (
	sigExif      = []byte("Exif\x00")                               // Exif 2.3 §4.7.2: "Exif\0\0"
	sigXMP       = []byte("http://ns.adobe.com/xap/1.0/\x00")       // XMP Part 3 §1.1.3
	sigXMPExt    = []byte("http://ns.adobe.com/xmp/extension/\x00") // XMP Part 3 §1.1.3.1
	sigXMPLegacy = []byte("XMP\x00")                                // non-standard header some writers use
	sigPhotoshop = []byte("Photoshop 3.0\x00")                      // Photoshop File Formats, JPEG APP13
	tiffII       = []byte("II*\x00")
	tiffMM       = []byte("MM\x00*")
)

// isSOF reports whether m is a start-of-frame marker SOF0..SOF15 (T.81 Table B.1); 0xC4
// (DHT), 0xC8 (JPG extension) and 0xCC (DAC) share the range but are not frames.
func isSOF(m byte) bool {
	return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC
}

// standalone reports whether a marker has no length word and no payload.
func standalone(m byte) bool {
	return m == markerTEM || (m >= markerRST0 && m <= markerRST7) || m == markerSOI || m == markerEOI
}

// IsJPEG reports whether head, the first bytes of a file, starts like a JPEG stream:
// an SOI marker followed by the first byte of another marker (T.81 §B.2.1), or — a stream
// that lost its SOI — directly an APP1 segment carrying Exif or XMP.
func IsJPEG(head []byte) bool {
	return hasSOI(head) || missingSOI(head)
}

func hasSOI(head []byte) bool {
	return len(head) >= 3 && head[0] == 0xFF && head[1] == markerSOI && head[2] == 0xFF
}

// missingSOI reports whether head starts with an APP1 Exif or XMP segment instead of SOI.
func missingSOI(head []byte) bool {
	if len(head) < 10 || head[0] != 0xFF || head[1] != 0xE1 {
		return false
	}
	body := head[4:]
	return bytes.HasPrefix(body, []byte("Exif\x00")) || bytes.HasPrefix(body, []byte("http://ns.adobe.com/"))
}

// isTIFFHeader reports whether b starts with a TIFF byte-order mark and magic number 42.
func isTIFFHeader(b []byte) bool {
	return bytes.HasPrefix(b, tiffII) || bytes.HasPrefix(b, tiffMM)
}
