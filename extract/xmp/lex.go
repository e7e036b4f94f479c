package xmp

import (
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/embedmeta/embedmeta/extract/internal/xmlname"
)

// This file is the XML tokenizer under the tree builder: one pass over the packet, held as
// one string so that names and values without entities are substrings of it (no copy, no
// allocation per token). It accepts exactly what encoding/xml's Decoder.RawToken accepts in
// strict mode (without a DTD and without entities beyond the predefined five), so the
// differential test against it (oracle_xml_test.go) can require identical results:
//   - character data stops at '<'; "]]>" in it is an error; CR and CR LF become LF
//     (XML 1.0 §2.11); U+FFFE and U+FFFF are errors (XML 1.0 §2.2; prepare already turned
//     other control characters into spaces);
//   - references: &lt; &gt; &amp; &apos; &quot; and &#n; / &#xh; (any other is an error, as
//     is a character reference to a code point outside XML's Char production);
//   - names as readName/isName: ASCII name bytes plus every byte >= 0x80, checked against
//     XML 1.0 (4th edition) Appendix B; a name with one inner colon is prefix:local, a name
//     with more than one colon is an error;
//   - attributes need '=' and a ' or " quoted value in which '<' is an error;
//   - comments must not contain "--"; CDATA sections; processing instructions (for the
//     target "xml" a version other than 1.0 is an error); a <!...> directive is skipped
//     with quotes, nested brackets and comments, as encoding/xml skips it.

// syntaxError is a well-formedness error of the packet.
type syntaxError string

// Error implements error.
func (e syntaxError) Error() string { return "xml: " + string(e) }

// The syntax errors. The decoder reports only that the packet is malformed and where the
// token that broke it starts, so the messages are short.
const (
	errEOF          = syntaxError("unexpected EOF")
	errName         = syntaxError("invalid or missing name")
	errEndTag       = syntaxError("invalid characters in end tag")
	errEmptyTag     = syntaxError("expected /> in element")
	errAttrEq       = syntaxError("attribute name without = in element")
	errAttrQuote    = syntaxError("unquoted or missing attribute value in element")
	errAttrLT       = syntaxError("unescaped < inside quoted string")
	errCDATAEnd     = syntaxError("unescaped ]]> not in CDATA section")
	errIllegalChar  = syntaxError("illegal character code")
	errEntity       = syntaxError("invalid character entity")
	errComment      = syntaxError(`invalid sequence "--" not allowed in comments`)
	errCommentStart = syntaxError("invalid sequence <!- not part of <!--")
	errCDATAStart   = syntaxError("invalid <![ sequence")
	errVersion      = syntaxError("unsupported version; only version 1.0 is supported")
)

// Byte classes of the scanner.
const (
	clsName     = 1 << iota // may appear in a name (readName: ASCII name bytes and all bytes >= 0x80)
	clsFirst                // ASCII byte that may start a name
	clsSpace                // XML white space
	clsText                 // needs a look in character data: < & CR ] and 0xEF (U+FFFE/U+FFFF)
	clsAttr                 // needs a look in an attribute value: < & CR 0xEF (the quote is checked apart)
	clsNonASCII             // >= 0x80
	clsPlain                // a name byte other than ':'
	clsBlank                // space, TAB or LF: white space that needs no decoding
)

var class = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', c == '_', c == ':':
			t[c] |= clsName | clsFirst
		case '0' <= c && c <= '9', c == '.', c == '-':
			t[c] |= clsName
		case c >= utf8.RuneSelf:
			t[c] |= clsName | clsNonASCII
		}
	}
	for _, c := range " \t\r\n" {
		t[c] |= clsSpace
	}
	for _, c := range " \t\n" {
		t[c] |= clsBlank
	}
	for _, c := range "<&\r]" {
		t[c] |= clsText
	}
	for _, c := range "<&\r" {
		t[c] |= clsAttr
	}
	t[0xEF] |= clsText | clsAttr
	for c := range t {
		if t[c]&clsName != 0 && c != ':' {
			t[c] |= clsPlain
		}
	}
	return t
}()

// skipSpace returns the index of the first byte at or after i that is not white space.
func skipSpace(s string, i int) int {
	for i < len(s) && class[s[i]]&clsSpace != 0 {
		i++
	}
	return i
}

// skipBlank returns the index of the first byte at or after i that is not a space, TAB or
// LF: the indentation of a packet. (CR, which character data turns into LF, stops it.)
func skipBlank(s string, i int) int {
	for i < len(s) && class[s[i]]&clsBlank != 0 {
		i++
	}
	return i
}

// scanName reads the name starting at i and returns the index after it.
func scanName(s string, i int) (int, error) {
	j := i
	nonASCII := false
	for j < len(s) && class[s[j]]&clsName != 0 {
		if s[j] >= utf8.RuneSelf {
			nonASCII = true
		}
		j++
	}
	switch {
	case j == len(s):
		return j, errEOF // a name runs to the end of the packet: every caller needs more
	case j == i:
		return j, errName
	case nonASCII:
		if !xmlname.Valid(s[i:j]) {
			return j, errName
		}
	case class[s[i]]&clsFirst == 0:
		return j, errName
	}
	return j, nil
}

// scanQName reads a qualified name at i and splits it as encoding/xml does: prefix and
// local when it has one colon with text on both sides, the whole name as local otherwise;
// a name with more than one colon is an error.
//
// It reads the name as runs of ASCII name bytes other than ':', so that the inner loop
// tests one class per byte and does nothing else; colons and non-ASCII name bytes are
// handled where a run stops. (Measured on the reference packet's names, runs between
// colons were about 1.35x as fast as testing each byte for a colon.)
func scanQName(s string, i int) (prefix, local string, end int, err error) {
	nonASCII := false
	j, colon, colons := i, -1, 0
	for {
		// ASCII name bytes other than ':', the bytes of almost every name; a byte >= 0x80
		// (a name byte) or a colon stops the run.
		for j < len(s) && class[s[j]]&(clsPlain|clsNonASCII) == clsPlain {
			j++
		}
		if j < len(s) && s[j] >= utf8.RuneSelf {
			nonASCII = true
			j++
			continue
		}
		if j == len(s) || s[j] != ':' {
			break
		}
		if colons == 0 {
			colon = j
		}
		colons++
		j++
	}
	switch {
	case j == len(s):
		return "", "", j, errEOF // a name runs to the end of the packet: every caller needs more
	case j == i, colons > 1:
		return "", "", j, errName
	case nonASCII:
		if !xmlname.Valid(s[i:j]) {
			return "", "", j, errName
		}
	case class[s[i]]&clsFirst == 0:
		return "", "", j, errName
	}
	if colons == 0 || colon == i || colon == j-1 {
		return "", s[i:j], j, nil
	}
	return s[i:colon], s[colon+1 : j], j, nil
}

// illegalAt reports whether s[i], a 0xEF byte, starts U+FFFE or U+FFFF, which XML forbids.
func illegalAt(s string, i int) bool {
	return i+2 < len(s) && s[i+1] == 0xBF && (s[i+2] == 0xBE || s[i+2] == 0xBF)
}

// scanText reads character data from i up to the next '<' or the end of the packet. When
// the text needs no decoding, clean is true and the value is s[i:end]; otherwise the decoded
// text is in *buf (overwritten). The offset of the first undefined entity reference, kept
// as text, is stored in *undef if that is still negative.
func scanText(s string, i int, buf *[]byte, undef *int) (end int, clean bool, err error) {
	for j := i; j < len(s); j++ {
		c := s[j]
		if class[c]&clsText == 0 {
			continue
		}
		switch c {
		case '<':
			return j, true, nil
		case ']':
			if j+2 < len(s) && s[j+1] == ']' && s[j+2] == '>' {
				return j, false, errCDATAEnd
			}
		case 0xEF:
			if illegalAt(s, j) {
				return j, false, errIllegalChar
			}
		default: // '&' or CR
			end, err = decodeText(s, i, -1, buf, undef)
			return end, false, err
		}
	}
	return len(s), true, nil
}

// scanAttrValue reads an attribute value that starts at i, after the opening quote q. It
// returns the index after the closing quote; the value as for scanText.
func scanAttrValue(s string, i int, q byte, buf *[]byte, undef *int) (end int, clean bool, err error) {
	for j := i; j < len(s); j++ {
		c := s[j]
		if c == q {
			return j + 1, true, nil
		}
		if class[c]&clsAttr == 0 {
			continue
		}
		switch c {
		case '<':
			return j, false, errAttrLT
		case 0xEF:
			if illegalAt(s, j) {
				return j, false, errIllegalChar
			}
		default: // '&' or CR
			end, err = decodeText(s, i, int(q), buf, undef)
			return end, false, err
		}
	}
	return len(s), false, errEOF
}

// decodeText is the slow path of scanText (quote < 0) and scanAttrValue (quote is the
// closing quote): it expands references, turns CR LF and CR into LF and appends the result
// to (*buf)[:0]. For an attribute value it returns the index after the closing quote. An
// undefined entity reference is kept as its text (&name;), as ExifTool keeps it, and its
// offset is stored in *undef if that is still negative.
func decodeText(s string, i, quote int, buf *[]byte, undef *int) (int, error) {
	out := (*buf)[:0]
	defer func() { *buf = out }()
	var b0, b1 byte // the two bytes before, to find "]]>" and CR LF; cleared by a reference
	for j := i; j < len(s); {
		c := s[j]
		switch {
		case quote < 0 && b0 == ']' && b1 == ']' && c == '>':
			return j, errCDATAEnd
		case c == '<':
			if quote >= 0 {
				return j, errAttrLT
			}
			return j, nil
		case quote >= 0 && c == byte(quote):
			return j + 1, nil
		case c == '&':
			r, n, err := reference(s, j)
			switch {
			case err == errUndefined:
				out = append(out, s[j:j+n]...)
				if *undef < 0 {
					*undef = j
				}
			case err != nil:
				return j, err
			default:
				out = utf8.AppendRune(out, r)
			}
			j += n
			b0, b1 = 0, 0
			continue
		case c == '\r':
			out = append(out, '\n')
		case c == '\n' && b1 == '\r':
			// CR LF: the LF was written for the CR
		case c == 0xEF && illegalAt(s, j):
			return j, errIllegalChar
		default:
			out = append(out, c)
		}
		b0, b1 = b1, c
		j++
	}
	if quote >= 0 {
		return len(s), errEOF
	}
	return len(s), nil
}

// predefined returns the character of an entity XML defines without a DTD (XML 1.0 §4.6).
// A switch, not a map literal built by a package initialiser at every start (issue 16.3).
func predefined(name string) (rune, bool) {
	switch name {
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "amp":
		return '&', true
	case "apos":
		return '\'', true
	case "quot":
		return '"', true
	}
	return 0, false
}

// errUndefined is returned by reference for a well-formed reference to an entity that is
// not predefined: the caller keeps the reference as text.
var errUndefined = errors.New("undefined entity")

// reference decodes the entity or character reference at s[i] == '&' and returns the
// character and the length of the reference. A reference &name; to an undefined entity
// returns its length and errUndefined: no DTD is read, so no entity is ever expanded.
func reference(s string, i int) (rune, int, error) {
	j := i + 1
	if j >= len(s) {
		return 0, 0, errEOF
	}
	if s[j] == '#' {
		j++
		if j >= len(s) {
			return 0, 0, errEOF
		}
		base := rune(10)
		if s[j] == 'x' {
			base = 16
			j++
		}
		start := j
		var n rune
		overflow := false
		for ; j < len(s); j++ {
			d := digit(s[j], base)
			if d < 0 {
				break
			}
			if n = n*base + d; n > utf8.MaxRune {
				overflow, n = true, 0
			}
		}
		switch {
		case j >= len(s):
			return 0, 0, errEOF
		case s[j] != ';' || j == start || overflow:
			return 0, 0, errEntity
		case !isXMLChar(n):
			return 0, 0, errIllegalChar
		}
		if !utf8.ValidRune(n) {
			n = utf8.RuneError // a surrogate: encoding/xml's string(rune(n))
		}
		return n, j + 1 - i, nil
	}
	end := j
	for end < len(s) && class[s[end]]&clsName != 0 {
		end++
	}
	switch {
	case end >= len(s):
		return 0, 0, errEOF
	case s[end] != ';':
		return 0, 0, errEntity
	}
	name := s[j:end]
	if r, ok := predefined(name); ok {
		return r, end + 1 - i, nil
	}
	if !isName(name) {
		return 0, 0, errEntity
	}
	return 0, end + 1 - i, errUndefined
}

// isName reports whether s, a run of name bytes (clsName), is an XML name.
func isName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return xmlname.Valid(s)
		}
	}
	return class[s[0]]&clsFirst != 0
}

// digit returns the value of the digit c in base 10 or 16, or -1.
func digit(c byte, base rune) rune {
	switch {
	case '0' <= c && c <= '9':
		return rune(c - '0')
	case base == 16 && 'a' <= c && c <= 'f':
		return rune(c-'a') + 10
	case base == 16 && 'A' <= c && c <= 'F':
		return rune(c-'A') + 10
	}
	return -1
}

// isXMLChar reports whether r is in XML 1.0's Char production (§2.2). Surrogates are let
// through: a reference to one yields U+FFFD, as in encoding/xml.
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xFFFD ||
		r >= 0x10000 && r <= utf8.MaxRune
}

// scanCDATA reads a CDATA section whose content starts at i (after "<![CDATA[") and returns
// the index after "]]>"; the text as for scanText.
func scanCDATA(s string, i int, buf *[]byte) (end int, text string, clean bool, err error) {
	k := strings.Index(s[i:], "]]>")
	if k < 0 {
		return len(s), "", false, errEOF
	}
	text, end = s[i:i+k], i+k+3
	cr := false
	for j := 0; j < len(text); j++ {
		switch text[j] {
		case '\r':
			cr = true
		case 0xEF:
			if illegalAt(text, j) {
				return i + j, "", false, errIllegalChar
			}
		}
	}
	if !cr {
		return end, text, true, nil
	}
	out := (*buf)[:0]
	for j := 0; j < len(text); j++ {
		switch c := text[j]; {
		case c == '\r':
			out = append(out, '\n')
		case c == '\n' && j > 0 && text[j-1] == '\r':
		default:
			out = append(out, c)
		}
	}
	*buf = out
	return end, "", false, nil
}

// scanComment reads a comment whose content starts at i (after "<!--") and returns the
// index after "-->". The first "--" must end the comment.
func scanComment(s string, i int) (int, error) {
	k := strings.Index(s[i:], "--")
	switch {
	case k < 0 || i+k+2 >= len(s):
		return len(s), errEOF
	case s[i+k+2] != '>':
		return i + k, errComment
	}
	return i + k + 3, nil
}

// scanProcInst reads a processing instruction whose target starts at i (after "<?") and
// returns the index after "?>".
func scanProcInst(s string, i int) (int, error) {
	j, err := scanName(s, i)
	if err != nil {
		return j, err
	}
	target := s[i:j]
	j = skipSpace(s, j)
	k := strings.Index(s[j:], "?>")
	if k < 0 {
		return len(s), errEOF
	}
	if target == "xml" {
		if v := pseudoAttr(s[j:j+k], "version"); v != "" && v != "1.0" {
			return j, errVersion
		}
	}
	return j + k + 2, nil
}

// pseudoAttr returns the value of name in the content of an XML declaration the way
// encoding/xml reads it: the text between the quotes that follow the first `name=` that is
// followed by a quote, or "" when there is none.
func pseudoAttr(content, name string) string {
	key := name + "="
	for i := 0; i < len(content); {
		k := strings.Index(content[i:], key)
		if k < 0 || i+k+len(key) >= len(content) {
			return ""
		}
		at := i + k + len(key) // the byte after '='
		i = at + 1
		if q := content[at]; q == '\'' || q == '"' {
			if e := strings.IndexByte(content[i:], q); e >= 0 {
				return content[i : i+e]
			}
			return ""
		}
	}
	return ""
}

// scanDirective reads a <!...> declaration other than a comment or CDATA whose body starts
// at i (after "<!"), skipping quoted strings, nested <...> and comments, and returns the
// index after its closing '>' and whether the body starts with "DOCTYPE".
func scanDirective(s string, i int) (end int, doctype bool, err error) {
	// head keeps the first 7 bytes of the body as encoding/xml accumulates it (a comment
	// inside counts as one space), to recognize DOCTYPE.
	var head [7]byte
	n := 0
	put := func(c byte) {
		if n < len(head) {
			head[n] = c
		}
		n++
	}
	put(s[i])
	var quote byte
	depth := 0
	j := i + 1
	for {
		if j >= len(s) {
			return j, false, errEOF
		}
		c := s[j]
		j++
		if quote == 0 && c == '>' && depth == 0 {
			break
		}
		for again := true; again; {
			again = false
			put(c)
			switch {
			case c == quote:
				quote = 0
			case quote != 0:
			case c == '\'' || c == '"':
				quote = c
			case c == '>':
				depth--
			case c == '<':
				m := 0
				for ; m < 3; m++ {
					if j >= len(s) {
						return j, false, errEOF
					}
					c = s[j]
					j++
					if c != "!--"[m] {
						break
					}
				}
				if m < 3 { // not a comment: a nested declaration
					for k := 0; k < m; k++ {
						put("!--"[k])
					}
					depth++
					again = true // c is looked at as any other byte
					continue
				}
				n-- // the '<' put above
				k := strings.Index(s[j:], "-->")
				if k < 0 {
					return len(s), false, errEOF
				}
				j += k + 3
				put(' ')
			}
		}
	}
	return j, n >= len(head) && string(head[:]) == "DOCTYPE", nil
}

// entityAt returns the reference &name; at s[i] == '&', or "" if there is none.
func entityAt(s string, i int) string {
	k := strings.IndexByte(s[i:], ';')
	if k < 0 {
		return ""
	}
	return s[i : i+k+1]
}
