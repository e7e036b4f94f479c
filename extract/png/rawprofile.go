package png

import (
	"bytes"
	"strings"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/internal/nibble"
	"github.com/embedmeta/embedmeta/schema"
)

// Signatures met at the start of decoded raw profiles.
var (
	sigExifAPP1 = []byte("Exif\x00\x00")                     // Exif 2.3 §4.7.2
	sigXMPAPP1  = []byte("http://ns.adobe.com/xap/1.0/\x00") // XMP Part 3 §1.1.3
	sigIRB      = []byte("8BIM")                             // Photoshop image resource
	sigPSAPP13  = []byte("Photoshop 3.0\x00")                // Photoshop APP13 header
)

// iimTagMarker starts every IPTC-IIM dataset (IIM 4.2 §1.5).
const iimTagMarker = 0x1C

// rawProfile decodes an ImageMagick raw profile: "\n<name>\n<decimal length>\n" followed by
// the profile's bytes as hexadecimal digits in lines. name is the keyword's suffix
// ("exif", "APP1", "iptc", "8bim", "xmp", ...); off is the file offset of text (the offset of
// the chunk data when the text was compressed).
func (w *walker) rawProfile(name string, text []byte, off int64) {
	kind := strings.ToLower(name)
	switch kind {
	case "exif", "app1", "iptc", "8bim", "xmp":
	default:
		return // icc, icm and others: not metadata in scope
	}
	data, ok := w.unhex(name, text, off)
	if !ok || len(data) == 0 {
		return
	}
	p := extract.Payload{Data: data, Offset: off}
	switch kind {
	case "exif", "app1":
		switch {
		case bytes.HasPrefix(data, sigXMPAPP1):
			p.Data = data[len(sigXMPAPP1):]
			w.out.XMP = append(w.out.XMP, p)
		case bytes.HasPrefix(data, sigExifAPP1) && isTIFFHeader(data[len(sigExifAPP1):]):
			p.Data = data[len(sigExifAPP1):]
			w.out.EXIF = append(w.out.EXIF, p)
		case isTIFFHeader(data):
			w.out.EXIF = append(w.out.EXIF, p)
		default:
			w.ws.Add(WarnRawUnknown, schema.SourceEXIF, off, "raw profile %q holds no TIFF header", name)
		}
	case "iptc", "8bim":
		if bytes.HasPrefix(data, sigPSAPP13) {
			data = data[len(sigPSAPP13):]
			p.Data = data
		}
		switch {
		case bytes.HasPrefix(data, sigIRB):
			w.out.IRB = append(w.out.IRB, p)
		case data[0] == iimTagMarker:
			w.out.IIM = append(w.out.IIM, p)
		default:
			w.ws.Add(WarnRawUnknown, schema.SourceIPTC, off, "raw profile %q is neither IIM nor Photoshop resources", name)
		}
	case "xmp":
		w.out.XMP = append(w.out.XMP, p)
	}
}

// unhex parses the raw profile text and returns the bytes its hex digits encode, at most the
// declared length. Whitespace between digits is skipped; fewer digits than declared give a
// warning and the bytes present.
func (w *walker) unhex(name string, text []byte, off int64) ([]byte, bool) {
	// Line 1 is empty, line 2 the profile name, line 3 the length (padded with spaces).
	rest := bytes.TrimLeft(text, "\r\n")
	nl := bytes.IndexByte(rest, '\n')
	if nl < 0 {
		w.ws.Add(WarnRawProfile, 0, off, "raw profile %q: no header", name)
		return nil, false
	}
	rest = bytes.TrimLeft(rest[nl+1:], " \t\r\n")
	var n int64
	digits := 0
	for digits < len(rest) && '0' <= rest[digits] && rest[digits] <= '9' {
		n = n*10 + int64(rest[digits]-'0')
		digits++
		if n > w.lim.MaxSegment {
			w.ws.Add(WarnTooLarge, 0, off, "raw profile %q: length exceeds the limit", name)
			return nil, false
		}
	}
	if digits == 0 {
		w.ws.Add(WarnRawProfile, 0, off, "raw profile %q: no length", name)
		return nil, false
	}
	rest = rest[digits:]
	// Allocate no more than the digits present can fill.
	out := make([]byte, 0, min(n, int64(len(rest)/2)))
	var pair nibble.Pair
	for _, c := range rest {
		if int64(len(out)) == n {
			break
		}
		v, ok := nibble.Value(c)
		if !ok {
			if c == ' ' || c == '\t' || c == '\r' || c == '\n' {
				continue
			}
			w.ws.Add(WarnRawProfile, 0, off, "raw profile %q: %q is not a hex digit", name, c)
			break
		}
		out = pair.Add(out, v)
	}
	if int64(len(out)) < n {
		w.ws.Add(WarnRawShort, 0, off, "raw profile %q: %d of %d bytes present", name, len(out), n)
	}
	return out, true
}
