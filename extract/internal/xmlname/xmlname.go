// Package xmlname tells whether a string is a name in XML 1.0 (fourth edition, Appendix B:
// the Unicode 2.0 letters, digits, combining characters and extenders), as encoding/xml
// decides it. The XMP tokenizer asks it for the rare names with non-ASCII characters; it
// replaces a call into encoding/xml, whose package initialisation (its HTML entity tables)
// every process paid at start-up.
package xmlname

import "unicode/utf8"

//go:generate go run ./internal/gen -o tables_gen.go

// Valid reports whether s is an XML name: a first character that may start a name, then
// characters that may continue one; the colon counts as a name character anywhere, as in
// encoding/xml. Invalid UTF-8 is not a name.
func Valid(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if r == utf8.RuneError { // invalid UTF-8, or U+FFFD itself, which is no name character either
			return false
		}
		if i == 0 {
			if !in(startRanges[:], r) {
				return false
			}
		} else if !in(charRanges[:], r) {
			return false
		}
	}
	return true
}

// in reports whether r lies in one of the sorted, disjoint ranges rs.
func in(rs [][2]uint16, r rune) bool {
	if r > 0xFFFF {
		return false
	}
	c := uint16(r)
	lo, hi := 0, len(rs)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		switch {
		case c < rs[m][0]:
			hi = m
		case c > rs[m][1]:
			lo = m + 1
		default:
			return true
		}
	}
	return false
}
