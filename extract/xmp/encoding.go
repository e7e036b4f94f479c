package xmp

import (
	"bytes"
	"encoding/binary"
	"unicode/utf16"
	"unicode/utf8"
)

// packet is an XMP packet made ready for the XML tokenizer.
type packet struct {
	data []byte // UTF-8 text starting at the first '<'
	// base is the offset of data[0] in the payload. It is meaningful only when exact.
	base int64
	// exact is false when data was transcoded, so offsets in data do not map to the payload.
	exact bool
	// firstIllegal is the index in data of the first control character that was replaced
	// by a space (XML 1.0 forbids them), or -1.
	firstIllegal int
	// invalidUTF8 reports that invalid UTF-8 sequences were replaced by U+FFFD.
	invalidUTF8 bool
	// encoding names the transcoded encoding ("UTF-16LE", ...) or is empty for UTF-8.
	encoding string
}

// Byte-order marks (Unicode §23.8).
var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16BE = []byte{0xFE, 0xFF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF32BE = []byte{0, 0, 0xFE, 0xFF}
	bomUTF32LE = []byte{0xFF, 0xFE, 0, 0}
)

// prepare detects the packet's encoding (XMP Part 1 §7.2 allows UTF-8, UTF-16 and UTF-32,
// either byte order, with or without BOM), transcodes it to UTF-8, skips anything before
// the first '<', and repairs what encoding/xml would reject outright: invalid UTF-8 becomes
// U+FFFD and C0 control characters other than TAB, LF and CR (NUL padding) become spaces.
// The input is never modified; a copy is made only when something must change.
func prepare(raw []byte) packet {
	p := packet{exact: true, firstIllegal: -1}
	data := raw
	owned := false
	switch {
	case bytes.HasPrefix(data, bomUTF8):
		data = data[3:]
		p.base = 3
	case bytes.HasPrefix(data, bomUTF32BE), looksUTF32(data, binary.BigEndian):
		data, p.encoding = transcode32(data, binary.BigEndian), "UTF-32BE"
	case bytes.HasPrefix(data, bomUTF32LE), looksUTF32(data, binary.LittleEndian):
		data, p.encoding = transcode32(data, binary.LittleEndian), "UTF-32LE"
	case bytes.HasPrefix(data, bomUTF16BE), looksUTF16(data, binary.BigEndian):
		data, p.encoding = transcode16(data, binary.BigEndian), "UTF-16BE"
	case bytes.HasPrefix(data, bomUTF16LE), looksUTF16(data, binary.LittleEndian):
		data, p.encoding = transcode16(data, binary.LittleEndian), "UTF-16LE"
	}
	if p.encoding != "" {
		p.exact, p.base, owned = false, 0, true
		data = bytes.TrimPrefix(data, bomUTF8) // the transcoded BOM
	}
	if i := bytes.IndexByte(data, '<'); i > 0 {
		data = data[i:]
		p.base += int64(i)
	} else if i < 0 {
		data = nil
	}
	if !utf8.Valid(data) {
		data = bytes.ToValidUTF8(data, []byte("\uFFFD"))
		p.invalidUTF8, owned = true, true
	}
	for i := firstControl(data); i < len(data); i++ {
		c := data[i]
		if c >= 0x20 || c == '\t' || c == '\n' || c == '\r' {
			continue
		}
		if !owned {
			data = bytes.Clone(data)
			owned = true
		}
		if p.firstIllegal < 0 {
			p.firstIllegal = i
		}
		data[i] = ' '
	}
	p.data = data
	return p
}

// looksUTF16 reports whether b starts with two ASCII characters encoded as UTF-16 in the
// given byte order ("<\0?\0" for little endian), the form of a packet without a BOM.
func looksUTF16(b []byte, order binary.ByteOrder) bool {
	if len(b) < 4 {
		return false
	}
	u0, u1 := order.Uint16(b), order.Uint16(b[2:])
	return isASCIIStart(u0) && u1 != 0 && u1 < 0x80
}

// looksUTF32 is looksUTF16 for UTF-32.
func looksUTF32(b []byte, order binary.ByteOrder) bool {
	if len(b) < 8 {
		return false
	}
	u0, u1 := order.Uint32(b), order.Uint32(b[4:])
	return u0 < 0x80 && isASCIIStart(uint16(u0)) && u1 != 0 && u1 < 0x80
}

// isASCIIStart reports whether u is a character an XMP packet can start with.
func isASCIIStart(u uint16) bool {
	return u == '<' || u == ' ' || u == '\t' || u == '\n' || u == '\r'
}

// transcode16 converts UTF-16 text to UTF-8. Unpaired surrogates become U+FFFD; an odd
// final byte is dropped. The output is at most 1.5 times the input.
func transcode16(b []byte, order binary.ByteOrder) []byte {
	out := make([]byte, 0, len(b)+len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		r := rune(order.Uint16(b[i:]))
		if utf16.IsSurrogate(r) {
			r2 := utf8.RuneError
			if i+3 < len(b) {
				r2 = utf16.DecodeRune(r, rune(order.Uint16(b[i+2:])))
			}
			if r2 != utf8.RuneError {
				i += 2
			}
			r = r2
		}
		out = utf8.AppendRune(out, r)
	}
	return out
}

// transcode32 converts UTF-32 text to UTF-8; invalid code points become U+FFFD. The output
// is at most the size of the input.
func transcode32(b []byte, order binary.ByteOrder) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i+3 < len(b); i += 4 {
		r := rune(order.Uint32(b[i:]))
		if !utf8.ValidRune(r) {
			r = utf8.RuneError
		}
		out = utf8.AppendRune(out, r)
	}
	return out
}

// firstControl returns the index of the first C0 control character of b other than TAB,
// LF and CR, or len(b). It looks at 32 bytes per step with exact per-byte tests on eight
// bytes at a time (no carries cross bytes): a cheap test that no byte is below 0x20 but LF
// (TAB and CR are rarer), and when one is, the exact test for control characters; a step
// that holds one is looked at byte by byte.
func firstControl(b []byte) int {
	i := 0
	for ; i+32 <= len(b); i += 32 {
		c := b[i : i+32 : i+32]
		x0, x1 := binary.LittleEndian.Uint64(c), binary.LittleEndian.Uint64(c[8:])
		x2, x3 := binary.LittleEndian.Uint64(c[16:]), binary.LittleEndian.Uint64(c[24:])
		if belowNotLF(x0)|belowNotLF(x1)|belowNotLF(x2)|belowNotLF(x3) == 0 {
			continue // no byte below 0x20 but LF
		}
		if controls(x0)|controls(x1)|controls(x2)|controls(x3) != 0 {
			break
		}
	}
	for ; i < len(b); i++ {
		if c := b[i]; c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return i
		}
	}
	return len(b)
}

// Byte masks of a 64-bit word: every byte's high bit, every byte's low seven bits, and a
// one in every byte (multiplied by a byte value, that value in every byte).
const (
	highs = 0x8080808080808080
	lows  = 0x7F7F7F7F7F7F7F7F
	ones  = 0x0101010101010101
)

// belowNotLF marks (high bit) the bytes of x below 0x20 other than LF, the one control
// character of most lines: x ^ LF turns LF into 0 and keeps every other byte below 0x20
// there, and the bytes marked are those whose low seven bits are then in 1..0x1F and whose
// high bit is clear.
func belowNotLF(x uint64) uint64 {
	m := (x ^ '\n'*ones) & lows
	return (m + (0x80-0x01)*ones) &^ (m + (0x80-0x20)*ones) &^ x & highs
}

// controls marks (high bit) the bytes of x that are C0 control characters other than TAB
// (0x09), LF (0x0A) and CR (0x0D): bytes below 0x20 and in none of 0x09–0x0A and 0x0D.
// (m + 0x80 - k) has its high bit set exactly when the low seven bits m of a byte are >= k,
// with no carry into the next byte; a byte with its high bit set is no control character.
func controls(x uint64) uint64 {
	m := x & lows
	ge09 := m + (0x80-0x09)*ones
	ge0B := m + (0x80-0x0B)*ones
	ge0D := m + (0x80-0x0D)*ones
	ge0E := m + (0x80-0x0E)*ones
	ge20 := m + (0x80-0x20)*ones
	ok := ge20 | x | ge09&^ge0B | ge0D&^ge0E // not below 0x20, non-ASCII, TAB, LF or CR
	return ^ok & highs
}
