package normalize

import (
	"bytes"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// cp1252High maps the bytes 0x80–0x9F of Windows-1252 to Unicode; 0 marks the five bytes the
// code page leaves undefined (they become U+FFFD, V1). Bytes 0xA0–0xFF equal Latin-1.
var cp1252High = [32]rune{
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
}

// decodeCP1252 decodes Windows-1252 bytes.
func decodeCP1252(b []byte) string {
	return string(appendCP1252(make([]byte, 0, len(b)+len(b)/4), b))
}

// appendCP1252 appends Windows-1252 bytes to dst as UTF-8.
func appendCP1252(dst, b []byte) []byte {
	for _, c := range b {
		switch {
		case c < 0x80:
			dst = append(dst, c)
		case c < 0xA0:
			r := cp1252High[c-0x80]
			if r == 0 {
				r = utf8.RuneError
			}
			dst = utf8.AppendRune(dst, r)
		default:
			dst = utf8.AppendRune(dst, rune(c))
		}
	}
	return dst
}

// textArena makes the text values of one normalization from one buffer instead of one
// allocation each (a file with a thousand keywords made a thousand strings). Like a
// strings.Builder it only ever appends: a string it handed out is a view of bytes it never
// writes again while the output is in use (for the arena of one call, never; for an
// Arena's, until its Reset), and when the buffer is full it moves on to a new one
// instead of copying, so the strings of the old one stay as they are.
type textArena struct {
	buf []byte
}

// reserve makes room for n more bytes.
func (a *textArena) reserve(n int) {
	if cap(a.buf)-len(a.buf) < n {
		a.buf = make([]byte, 0, max(2*cap(a.buf), n, 256))
	}
}

// copy returns a copy of s made in a.
func (a *textArena) copy(s string) string {
	a.reserve(len(s))
	start := len(a.buf)
	a.buf = append(a.buf, s...)
	return unsafe.String(&a.buf[start], len(s))
}

// madeText is where conversions make the text of values that is no part of an entry (a
// number with its unit, an IIM time with colons, joined labels): memory of the collector,
// reused from file to file, so that such a text costs no allocation of its own. A string
// made here is a view that the caller must not keep past the normalization, as viewText's:
// the collector holds it by its offset, and values copies it into the output.
type madeText struct {
	buf []byte
}

// since returns the text made since the length of buf was start.
func (m *madeText) since(start int) string { return viewOf(m.buf[start:]) }

// viewText is decodeText without a copy of UTF-8 text: a view of b's memory, which the
// caller must not keep past the normalization (the collector keeps such a string as a part
// of its entry, which values copies; collector.setText). Windows-1252 text is decoded into
// a new string.
func viewText(b []byte, forceUTF8 bool) string {
	if len(b) == 0 {
		return ""
	}
	if forceUTF8 || utf8.Valid(b) {
		return unsafe.String(&b[0], len(b))
	}
	return decodeCP1252(b)
}

// decodeText decodes stored text per V1: UTF-8 when the bytes are valid UTF-8 (or when
// forceUTF8, with invalid sequences becoming U+FFFD at serialization), else Windows-1252.
func decodeText(b []byte, forceUTF8 bool) string {
	if forceUTF8 || utf8.Valid(b) {
		return string(b)
	}
	return decodeCP1252(b)
}

// cString returns b up to its first NUL (EXIF ASCII, V1).
func cString(b []byte) []byte {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return b[:i]
	}
	return b
}

// decodeUTF16 decodes UTF-16 text in the given byte order; a byte-order mark overrides the
// order and is dropped. A trailing odd byte is ignored.
func decodeUTF16(b []byte, bigEndian bool) string {
	if len(b) >= 2 {
		switch {
		case b[0] == 0xFE && b[1] == 0xFF:
			bigEndian, b = true, b[2:]
		case b[0] == 0xFF && b[1] == 0xFE:
			bigEndian, b = false, b[2:]
		}
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		if bigEndian {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			u[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
		}
	}
	return string(utf16.Decode(u))
}

// decodeCodedText decodes an EXIF text stored in UNDEFINED with an 8-byte character-code
// prefix (UserComment, GPSProcessingMethod, GPSAreaInformation; spec V4, Exif 2.32 §4.6.5
// table 9). Trailing NULs and spaces are removed; ok is false for an all-blank value.
func decodeCodedText(b []byte, bigEndian bool) (string, bool) {
	var s string
	if len(b) < 8 {
		s = decodeText(cString(b), false)
	} else {
		code, body := b[:8], b[8:]
		switch {
		case bytes.HasPrefix(code, []byte("UNICODE")), bytes.HasPrefix(code, []byte("Unicode")):
			s = decodeUTF16(body, bigEndian)
		case asciiCode(code), bytes.HasPrefix(code, []byte("JIS")) && blankCode(code[3:]):
			// ASCII, "undefined" (a NUL first, or blanks) and JIS: the body as text (V1).
			s = decodeText(cString(body), false)
		default:
			// An unknown code is no code: the whole value is the text, as ExifTool keeps it
			// ("Invalid EXIF text encoding"); NULs inside are dropped as ExifTool prints it.
			s = decodeText(bytes.ReplaceAll(b, []byte{0}, nil), false)
		}
	}
	s = strings.TrimRight(s, "\x00 ")
	if strings.TrimSpace(s) == "" {
		return "", false
	}
	return s, true
}

// asciiCode reports whether an 8-byte character code selects ASCII text as ExifTool reads it
// (`^(ASCII)?(\0|[\0 ]+$)`): "ASCII" or nothing, then a NUL, or only NULs and blanks.
func asciiCode(code []byte) bool {
	rest := bytes.TrimPrefix(code, []byte("ASCII"))
	return len(rest) > 0 && (rest[0] == 0 || blankCode(rest))
}

// blankCode reports whether b holds only NULs and spaces.
func blankCode(b []byte) bool {
	return len(bytes.Trim(b, "\x00 ")) == 0
}
