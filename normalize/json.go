package normalize

import (
	"math"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/embedmeta/embedmeta/schema"
)

// AppendJSON appends embeddedMetadata as one JSON object to dst, exactly as JavaScript's
// JSON.stringify writes it (spec J1): members in the given order, no whitespace, no
// trailing newline.
func AppendJSON(dst []byte, fields []Field) []byte {
	dst = append(dst, '{')
	for i, f := range fields {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = AppendKey(dst, f.Key)
		dst = append(dst, ':')
		dst = AppendValueJSON(dst, f.Value)
	}
	return append(dst, '}')
}

// JSONSize estimates the length of the JSON AppendJSON writes for fields, so that a caller can
// size its buffer once (strings needing escapes make the estimate short; append copes).
func JSONSize(fields []Field) int {
	n := 2
	for i := range fields {
		f := &fields[i]
		n += len(f.Key) + 4
		for _, it := range f.Value.Items {
			if f.Value.Kind == schema.String {
				n += len(it.Str) + 3
			} else {
				n += 25
			}
		}
	}
	return n
}

// AppendValueJSON appends one value: a scalar, or an array when v.List (J5).
func AppendValueJSON(dst []byte, v Value) []byte {
	if !v.List && len(v.Items) == 1 {
		return appendScalar(dst, v.Kind, v.Items[0])
	}
	dst = append(dst, '[')
	for i, it := range v.Items {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendScalar(dst, v.Kind, it)
	}
	return append(dst, ']')
}

func appendScalar(dst []byte, k schema.Kind, s Scalar) []byte {
	switch k {
	case schema.Integer:
		return strconv.AppendInt(dst, s.Int, 10)
	case schema.Number:
		return appendNumber(dst, s.Num)
	case schema.Date:
		dst = append(dst, '"')
		dst = appendDate(dst, s.Time())
		return append(dst, '"')
	}
	return AppendString(dst, s.Str)
}

// appendNumber writes a float64 as ECMAScript Number::toString does (J3): the shortest
// round-trip digits, plain notation for 1e-6 <= |x| < 1e21, exponent notation outside it.
// NaN and infinities never reach here (conversions drop them); they are written as 0.
func appendNumber(dst []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(dst, '0')
	}
	abs := math.Abs(f)
	if abs < 1e15 && f == math.Trunc(f) {
		// An integral value (72, 300, -2; -0 too, which ECMAScript writes "0"): its digits
		// without the shortest-representation search AppendFloat makes.
		return strconv.AppendInt(dst, int64(f), 10)
	}
	if abs >= 1e-6 && abs < 1e21 {
		return strconv.AppendFloat(dst, f, 'f', -1, 64)
	}
	start := len(dst)
	dst = strconv.AppendFloat(dst, f, 'e', -1, 64)
	// Go writes e-07 / e+21; ECMAScript writes e-7 / e+21.
	for i := start; i < len(dst)-2; i++ {
		if dst[i] == 'e' && dst[i+2] == '0' {
			copy(dst[i+2:], dst[i+3:])
			dst = dst[:len(dst)-1]
			break
		}
	}
	return dst
}

// appendDate writes an instant as JavaScript's Date.prototype.toISOString does (J2).
func appendDate(dst []byte, t time.Time) []byte {
	t = t.UTC()
	y := t.Year()
	if y >= 0 && y <= 9999 {
		// Written digit by digit: time.Format reads its layout on every call (~100 ns a date).
		_, mo, d := t.Date()
		h, mi, s := t.Clock()
		dst = appendDigits(dst, y, 4)
		dst = append(dst, '-')
		dst = appendDigits(dst, int(mo), 2)
		dst = append(dst, '-')
		dst = appendDigits(dst, d, 2)
		dst = append(dst, 'T')
		dst = appendDigits(dst, h, 2)
		dst = append(dst, ':')
		dst = appendDigits(dst, mi, 2)
		dst = append(dst, ':')
		dst = appendDigits(dst, s, 2)
		dst = append(dst, '.')
		dst = appendDigits(dst, t.Nanosecond()/1e6, 3)
		return append(dst, 'Z')
	}
	if y < 0 {
		dst = append(dst, '-')
		y = -y
	} else {
		dst = append(dst, '+')
	}
	ys := strconv.Itoa(y)
	for i := len(ys); i < 6; i++ {
		dst = append(dst, '0')
	}
	dst = append(dst, ys...)
	return t.AppendFormat(dst, "-01-02T15:04:05.000Z")
}

// appendDigits appends the non-negative v with exactly n digits, zero-padded (v < 10^n).
func appendDigits(dst []byte, v, n int) []byte {
	var b [4]byte
	for i := n - 1; i >= 0; i-- {
		b[i] = byte('0' + v%10)
		v /= 10
	}
	return append(dst, b[:n]...)
}

const hexDigits = "0123456789abcdef"

// plain reports whether s can be written between quotes as it is: valid UTF-8 without
// control characters, '"' or '\\' (the common case). Eight bytes are checked at a time.
func plain(s string) bool {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	hasZero := func(v uint64) bool { return (v-ones)&^v&highs != 0 }
	ascii := true
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := s[i : i+8] // one bounds check; the compiler merges the eight loads into one
		x := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
			uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
		if x&highs != 0 { // non-ASCII bytes: check this word byte by byte
			ascii = false
			for k := range 8 {
				c := w[k]
				if c < 0x20 || c == '"' || c == '\\' {
					return false
				}
			}
			continue
		}
		if (x-0x2020202020202020)&^x&highs != 0 || hasZero(x^0x2222222222222222) || hasZero(x^0x5C5C5C5C5C5C5C5C) {
			return false
		}
	}
	for ; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == '"' || c == '\\' {
			return false
		}
		if c >= utf8.RuneSelf {
			ascii = false
		}
	}
	return ascii || utf8.ValidString(s)
}

// AppendKey appends an output key as a JSON string. Keys never need escaping: a dictionary
// key is ExifTool's tag name without hyphens (letters, digits, '_'), and a key made by N3
// from XML names holds only XML name characters (valid UTF-8, no quote, backslash or
// control character); so the check AppendString makes on every string is skipped.
// (FuzzExtract requires every output to be valid JSON.)
func AppendKey(dst []byte, key string) []byte {
	dst = append(dst, '"')
	dst = append(dst, key...)
	return append(dst, '"')
}

// AppendString appends s as a JSON string per J4: only '"', '\\' and control characters are
// escaped; '/', '<', '>', '&', U+2028, U+2029 and all other code points are literal.
// Invalid UTF-8 is written as U+FFFD (V1).
func AppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	if plain(s) {
		dst = append(dst, s...)
		return append(dst, '"')
	}
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				dst = append(dst, s[start:i]...)
				dst = append(dst, "\uFFFD"...)
				i++
				start = i
				continue
			}
			i += size
			continue
		}
		if c >= 0x20 && c != '"' && c != '\\' {
			i++
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\t':
			dst = append(dst, '\\', 't')
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\f':
			dst = append(dst, '\\', 'f')
		case '\r':
			dst = append(dst, '\\', 'r')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
		}
		i++
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
