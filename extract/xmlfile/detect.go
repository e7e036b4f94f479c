// Package xmlfile locates the XMP of the XML-based files embedmeta reads: standalone XMP
// sidecars (".xmp": the file is one XMP packet, XMP Specification Part 3 §2.3) and SVG
// images (W3C SVG 1.1 §21.2: XMP as an x:xmpmeta or bare rdf:RDF element inside <metadata>).
//
// Detection is by content: an optional byte-order mark, XML declaration, processing
// instructions, comments and document type declaration, then the root element. Only the
// bytes needed are read, within extract.Limits.
package xmlfile

import (
	"bytes"
	"encoding/binary"
)

// root is the kind of root element found at the start of a file.
type root uint8

const (
	rootNone root = iota
	rootXMP       // x:xmpmeta, x:xapmeta or rdf:RDF
	rootSVG       // svg
)

// IsXMP reports whether head, the first bytes of a file, starts like a standalone XMP packet:
// optional BOM (UTF-8, UTF-16 or UTF-32, either byte order; or UTF-16/32 recognised by its
// zero bytes), optional <?xpacket begin?> or XML declaration, comments and white space, then
// an x:xmpmeta, x:xapmeta (any prefix) or rdf:RDF start tag.
func IsXMP(head []byte) bool { return rootOf(narrow(head)) == rootXMP }

// IsSVG reports whether head, the first bytes of a UTF-8 file, starts like an SVG document:
// optional BOM, XML declaration, comments and a document type declaration, then an <svg>
// root element. A document type declaration whose name is svg is enough: its internal
// subset may run past head (XML 1.0 §2.8: the name must match the root element's).
func IsSVG(head []byte) bool {
	return rootOf(bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF})) == rootSVG
}

// rootOf skips the prolog of the (ASCII-compatible) text b and classifies the root element.
func rootOf(b []byte) root {
	for {
		b = bytes.TrimLeft(b, " \t\r\n")
		switch {
		case bytes.HasPrefix(b, []byte("<?")):
			i := bytes.Index(b, []byte("?>"))
			if i < 0 {
				return rootNone
			}
			b = b[i+2:]
		case bytes.HasPrefix(b, []byte("<!--")):
			i := bytes.Index(b[4:], []byte("-->"))
			if i < 0 {
				return rootNone
			}
			b = b[4+i+3:]
		case bytes.HasPrefix(b, []byte("<!DOCTYPE")):
			name := bytes.TrimLeft(b[len("<!DOCTYPE"):], " \t\r\n")
			if startsTag(name, "svg") {
				return rootSVG
			}
			i := bytes.IndexByte(b, '>')
			if i < 0 || bytes.IndexByte(b[:i], '[') >= 0 {
				return rootNone // an internal subset of another document type
			}
			b = b[i+1:]
		case bytes.HasPrefix(b, []byte("<")):
			name := b[1:]
			if startsTag(name, "svg") || startsTag(name, "svg:svg") {
				return rootSVG
			}
			if startsTag(name, "rdf:RDF") {
				return rootXMP
			}
			if i := bytes.IndexByte(name, ':'); i > 0 && i < 32 && (startsTag(name[i+1:], "xmpmeta") || startsTag(name[i+1:], "xapmeta")) && isName(name[:i]) {
				return rootXMP
			}
			return rootNone
		default:
			return rootNone
		}
	}
}

// startsTag reports whether b starts with the element name n followed by white space, '>'
// or '/' (or the end of b).
func startsTag(b []byte, n string) bool {
	if !bytes.HasPrefix(b, []byte(n)) {
		return false
	}
	if len(b) == len(n) {
		return true
	}
	switch b[len(n)] {
	case ' ', '\t', '\r', '\n', '>', '/', '[':
		return true
	}
	return false
}

// isName reports whether b is a plausible XML name prefix (ASCII letters, digits, '-', '_', '.').
func isName(b []byte) bool {
	for _, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return len(b) > 0
}

// narrow turns the head of a file in UTF-8, UTF-16 or UTF-32 (XMP Part 1 §7.2) into
// ASCII-compatible text good enough for detection: code units above 0x7F become '?'.
func narrow(b []byte) []byte {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return b[3:]
	case bytes.HasPrefix(b, []byte{0, 0, 0xFE, 0xFF}):
		return units(b[4:], 4, binary.BigEndian)
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE, 0, 0}):
		return units(b[4:], 4, binary.LittleEndian)
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return units(b[2:], 2, binary.BigEndian)
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return units(b[2:], 2, binary.LittleEndian)
	case len(b) >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] == '<':
		return units(b, 4, binary.BigEndian)
	case len(b) >= 4 && b[0] == '<' && b[1] == 0 && b[2] == 0 && b[3] == 0:
		return units(b, 4, binary.LittleEndian)
	case len(b) >= 2 && b[0] == 0 && b[1] == '<':
		return units(b, 2, binary.BigEndian)
	case len(b) >= 2 && b[0] == '<' && b[1] == 0:
		return units(b, 2, binary.LittleEndian)
	}
	return b
}

// units narrows code units of width w (2 or 4 bytes) in byte order bo.
func units(b []byte, w int, bo binary.ByteOrder) []byte {
	out := make([]byte, 0, len(b)/w)
	for i := 0; i+w <= len(b); i += w {
		var u uint32
		if w == 2 {
			u = uint32(bo.Uint16(b[i:]))
		} else {
			u = bo.Uint32(b[i:])
		}
		if u > 0x7F {
			u = '?'
		}
		out = append(out, byte(u))
	}
	return out
}
