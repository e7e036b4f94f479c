// Package nibble decodes hexadecimal text into bytes one digit at a time, for the formats
// that store binary data as hex digits with other characters between them: PDF hex strings
// and name escapes, PostScript (Photoshop) hex data, PNG raw profiles.
package nibble

// Value returns the value of the hexadecimal digit c (either case), and false when c is
// not one.
func Value(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// Pair joins digit values two by two into bytes, the first of each pair the high half. The
// zero Pair waits for a pair's first digit.
type Pair struct {
	hi  byte
	odd bool // hi holds a first digit waiting for its second
}

// Add takes the next digit value v and returns out with the byte v completes appended, or
// out itself when v is the first digit of a pair.
func (p *Pair) Add(out []byte, v byte) []byte {
	if p.odd {
		out = append(out, p.hi<<4|v)
	} else {
		p.hi = v
	}
	p.odd = !p.odd
	return out
}

// Flush appends a first digit left without its second as a byte whose low half is 0 (a
// missing final digit reads as 0), and leaves p waiting for a first digit again.
func (p *Pair) Flush(out []byte) []byte {
	if p.odd {
		out = append(out, p.hi<<4)
		p.odd = false
	}
	return out
}
