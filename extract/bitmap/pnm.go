package bitmap

import (
	"strconv"
	"strings"

	"github.com/embedmeta/embedmeta/extract"
)

// Netpbm (netpbm.sourceforge.net/doc: pbm, pgm, ppm, pam) and PFM: a two-character magic
// number ("P1".."P6" plain and raw PBM/PGM/PPM, "P7" PAM, "PF"/"Pf" PFM) followed by a text
// header of whitespace-separated fields, where "#" starts a comment that runs to the end
// of the line. P1..P6 and PFM: width, height (and a maximum value or a scale, not read).
// P7: "KEYWORD value" lines (WIDTH, HEIGHT, DEPTH, MAXVAL, TUPLTYPE) up to ENDHDR.

// pnmMIME returns the MIME type of the magic's second character c (ExifTool's for PBM, PGM,
// PPM and PFM; PAM, which ExifTool does not read, has shared-mime-info's), "" for none.
func pnmMIME(c byte) string {
	switch c {
	case '1', '4':
		return "image/x-portable-bitmap"
	case '2', '5':
		return "image/x-portable-graymap"
	case '3', '6':
		return "image/x-portable-pixmap"
	case '7':
		return "image/x-portable-arbitrarymap"
	case 'F', 'f':
		return "image/x-pfm"
	}
	return ""
}

const maxToken = 64 // a longer header field is not a number or keyword the header can hold

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// isPNM: the magic number, whitespace, then (after any comments the head holds) the first
// field: a digit, or for PAM an upper-case keyword.
func isPNM(head []byte) bool {
	if len(head) < 3 || head[0] != 'P' || pnmMIME(head[1]) == "" || !isSpace(head[2]) {
		return false
	}
	comment := false
	for _, c := range head[3:] {
		switch {
		case comment:
			comment = c != '\n' && c != '\r'
		case c == '#':
			comment = true
		case isSpace(c):
		case head[1] == '7':
			return c >= 'A' && c <= 'Z'
		default:
			return c >= '0' && c <= '9'
		}
	}
	return true // the head ends in whitespace or a comment
}

// readPNM reads the header up to the image size (for PAM, up to ENDHDR). Alpha: PBM, PGM,
// PPM and PFM have none; a PAM has it when its tuple type ends in "_ALPHA" (without a
// tuple type: when its depth is 2 or 4, grey or RGB with alpha).
func readPNM(h *header) (extract.Facts, bool) {
	s := &scanner{h: h, off: 2}
	b, ok := h.Read(0, 2)
	if !ok {
		return extract.Facts{}, false
	}
	mime := pnmMIME(b[1])
	if b[1] == '7' {
		return s.pam(mime)
	}
	w, okw := s.number()
	ht, okh := s.number()
	if !okw || !okh {
		return extract.Facts{}, false
	}
	return h.image(mime, w, ht, extract.Bool(false)), true
}

// pam reads a PAM header's keyword lines.
func (s *scanner) pam(mime string) (extract.Facts, bool) {
	var w, ht, depth int64 = -1, -1, 0
	tuple, ended := "", false
	for !ended {
		key, ok := s.token()
		if !ok {
			break
		}
		switch key {
		case "ENDHDR":
			ended = true
		case "WIDTH":
			w, ok = s.number()
		case "HEIGHT":
			ht, ok = s.number()
		case "DEPTH":
			depth, ok = s.number()
		case "TUPLTYPE":
			tuple, ok = s.token()
		default:
			_, ok = s.token() // MAXVAL, or a keyword this reader does not know
		}
		if !ok {
			break
		}
	}
	if w < 0 || ht < 0 {
		return extract.Facts{}, false
	}
	if !ended {
		s.h.ws.Add(WarnTruncated, 0, s.off, "PAM header without ENDHDR")
	}
	alpha := strings.HasSuffix(tuple, "_ALPHA") || tuple == "" && (depth == 2 || depth == 4)
	return s.h.image(mime, w, ht, extract.Bool(alpha)), true
}

// scanner reads a Netpbm header's fields from the file, a chunk at a time, keeping only the
// current chunk.
type scanner struct {
	h   *header
	buf []byte // the current chunk
	pos int    // the next byte in buf
	off int64  // the file offset after buf
}

// next returns the header's next byte, or false at the end of the file or of the bytes a
// header may have.
func (s *scanner) next() (byte, bool) {
	if s.pos == len(s.buf) {
		if s.off >= maxPNMHeader {
			return 0, false
		}
		n := s.h.End.Avail(s.off, pnmChunk)
		b, ok := s.h.Read(s.off, n)
		if n == 0 || !ok {
			return 0, false
		}
		s.buf, s.pos, s.off = b, 0, s.off+n
	}
	s.pos++
	return s.buf[s.pos-1], true
}

// token returns the next field, after whitespace and comments; false at the end of the
// header or for a field longer than maxToken.
func (s *scanner) token() (string, bool) {
	var tok []byte
	comment := false
	for {
		c, ok := s.next()
		switch {
		case !ok:
			return string(tok), len(tok) > 0 && len(tok) <= maxToken
		case comment:
			comment = c != '\n' && c != '\r'
		case c == '#' && len(tok) == 0:
			comment = true
		case isSpace(c) || c == '#':
			if len(tok) > 0 {
				if c == '#' {
					s.pos-- // the comment follows the field
				}
				return string(tok), len(tok) <= maxToken
			}
		default:
			if len(tok) <= maxToken {
				tok = append(tok, c)
			}
		}
	}
}

// number returns the next field as a decimal number.
func (s *scanner) number() (int64, bool) {
	t, ok := s.token()
	if !ok || t == "" || t[0] < '0' || t[0] > '9' {
		return 0, false
	}
	n, err := strconv.ParseInt(t, 10, 64)
	return n, err == nil
}
