package normalize

import (
	"encoding/binary"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/schema"
)

// label returns the tag's label for code, or "Unknown (<code>)" (V2), the code in hex for a
// tag ExifTool prints so ("Unknown (0x26f1)").
func label(t *schema.Tag, code string) string {
	if l, ok := lookupLabel(t, code); ok {
		return l
	}
	if t.PrintHex {
		// ExifTool prints 0 in decimal: "Unknown (0)" (its test is "$val and IsInt($val)").
		if v, err := strconv.ParseInt(code, 10, 64); err == nil && v > 0 {
			return "Unknown (0x" + strconv.FormatInt(v, 16) + ")"
		}
	}
	return "Unknown (" + code + ")"
}

// bitLabels prints a bit-set value as ExifTool prints a BITMASK (V2): a code with its own
// label is that label; otherwise the labels of the set bits, lowest first, joined with ", ",
// "[n]" for bit n without a label, "(none)" when no bit is set. The tag's label codes are
// 1<<bit.
func bitLabels(t *schema.Tag, v int64) string {
	if l, ok := lookupLabel(t, strconv.FormatInt(v, 10)); ok {
		return l
	}
	var sb strings.Builder
	for bit := 0; bit < 32; bit++ {
		if uint32(v)&(1<<bit) == 0 {
			continue
		}
		if sb.Len() > 0 {
			sb.WriteString(", ")
		}
		if l, ok := lookupLabel(t, strconv.FormatInt(1<<bit, 10)); ok {
			sb.WriteString(l)
		} else {
			sb.WriteString("[" + strconv.Itoa(bit) + "]")
		}
	}
	if sb.Len() == 0 {
		return "(none)"
	}
	return sb.String()
}

// lookupLabel finds the label of code in the tag's sorted label table.
func lookupLabel(t *schema.Tag, code string) (string, bool) {
	ls := t.Labels
	i := sort.Search(len(ls), func(i int) bool { return ls[i].Code >= code })
	if i < len(ls) && ls[i].Code == code {
		return ls[i].Text, true
	}
	return "", false
}

// numbers returns an EXIF entry's numeric components as float64. A rational with a zero
// denominator makes the whole value unusable (V3: the key is absent), as does a NaN or an
// infinity: nil is returned.
func numbers(e *extract.RawEntry) []float64 {
	return numbersInto(nil, e)
}

// numbersInto is numbers appending to dst (a caller's small buffer, usually on its stack),
// except for FLOAT/DOUBLE values, which are returned as stored.
func numbersInto(dst []float64, e *extract.RawEntry) []float64 {
	switch {
	case e.Ints != nil:
		for _, v := range e.Ints {
			dst = append(dst, float64(v))
		}
		return dst
	case e.Rats != nil:
		for _, r := range e.Rats {
			if r.Den == 0 {
				return nil
			}
			dst = append(dst, float64(r.Num)/float64(r.Den))
		}
		return dst
	case e.Floats != nil:
		for _, f := range e.Floats {
			if math.IsNaN(f) || math.IsInf(f, 0) {
				return nil
			}
		}
		return e.Floats
	case e.Type == schema.TypeASCII:
		return textNumbers(exifText(e))
	}
	return nil
}

// exifText returns an EXIF ASCII/UTF-8 value as text (V1): bytes up to the first NUL.
func exifText(e *extract.RawEntry) string {
	return decodeText(cString(e.Bytes), e.Type == schema.TypeUTF8)
}

// exifView is exifText without a copy of UTF-8 text: a view of the entry's bytes
// (viewText).
func exifView(e *extract.RawEntry) string {
	return viewText(cString(e.Bytes), e.Type == schema.TypeUTF8)
}

// copyrightText reads EXIF Copyright: the photographer's notice, NUL, the editor's notice
// (Exif 2.32 §4.6.5). Both are kept, joined with a newline; blanks before each NUL are
// padding (a lone space, the standard's "no photographer notice", leaves the line empty).
// Like viewText, it returns a view of the entry's bytes when there is no editor's notice;
// else a new string.
func copyrightText(e *extract.RawEntry) string {
	b := e.Bytes
	photo, rest, found := strings.Cut(viewOf(b), "\x00") // views of b, only read here
	photo = strings.TrimRight(photo, " ")
	editor := ""
	if found {
		editor, _, _ = strings.Cut(rest, "\x00")
		editor = strings.TrimRight(editor, " ")
	}
	if editor == "" {
		return viewText(b[:len(photo)], e.Type == schema.TypeUTF8)
	}
	joined := make([]byte, 0, len(photo)+1+len(editor)) // written here only: a string's bytes
	joined = append(append(append(joined, photo...), '\n'), editor...)
	return viewText(joined, e.Type == schema.TypeUTF8)
}

// textNumbers reads the numbers in a text value, for numeric tags some writers store as ASCII
// ("52 0 50.00", "52,00000,50,00000"): every run of digits with an optional fraction, as
// ExifTool reads them. Nil when there is none.
func textNumbers(s string) []float64 {
	var out []float64
	for i := 0; i < len(s); {
		if s[i] < '0' || s[i] > '9' {
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j+1 < len(s) && s[j] == '.' && s[j+1] >= '0' && s[j+1] <= '9' {
			for j++; j < len(s) && s[j] >= '0' && s[j] <= '9'; j++ {
			}
		}
		if v, err := strconv.ParseFloat(s[i:j], 64); err == nil {
			out = append(out, v)
		}
		i = j
	}
	return out
}

// exifCodes returns the codes of an enumeration value as ExifTool writes them: decimal
// integers, or the characters of an ASCII code.
func exifCodes(e *extract.RawEntry) []string {
	return exifCodesInto(nil, e)
}

// exifCodesInto is exifCodes appending to dst (a caller's small buffer, usually on its
// stack).
func exifCodesInto(out []string, e *extract.RawEntry) []string {
	switch {
	case e.Ints != nil:
		for _, v := range e.Ints {
			out = append(out, strconv.FormatInt(v, 10))
		}
		return out
	case e.Type == schema.TypeASCII || e.Type == schema.TypeUTF8:
		return append(out, exifText(e))
	case e.Bytes != nil:
		for _, v := range e.Bytes {
			out = append(out, strconv.Itoa(int(v)))
		}
		return out
	case e.Rats != nil || e.Floats != nil:
		for _, f := range numbers(e) {
			out = append(out, string(appendNumber(nil, f)))
		}
		return out
	}
	return nil
}

// exifDir lists the entries of one EXIF directory.
type exifDir []*extract.RawEntry

// last returns the last entry with tag id (P3), or nil.
func (d exifDir) last(id uint16) *extract.RawEntry {
	for i := len(d) - 1; i >= 0; i-- {
		if d[i].ID == id {
			return d[i]
		}
	}
	return nil
}

// convertEXIF turns one EXIF raw entry into typed items per its definition (V2–V4, D1),
// appended to dst (a buffer the caller reuses: the items are copied out before the next
// call). Text items may be views of the entry's bytes (viewText) or of m. exifIFD holds the
// Exif IFD entries, where the OffsetTime* tag a date-time names is found.
func convertEXIF(dst []Scalar, e *extract.RawEntry, t *schema.Tag, exifIFD exifDir, m *madeText) []Scalar {
	switch t.Conv {
	case schema.ConvLabel:
		if e.Type == schema.TypeUndefined && len(e.Bytes) > 1 {
			// A multi-byte UNDEFINED code is looked up whole first (FileSource 03 00 00 00
			// is "Sigma Digital Camera"), as the table writes it: \xHH for non-printables.
			if l, ok := lookupLabel(t, escapeBytes(e.Bytes)); ok {
				return append(dst, Scalar{Str: l})
			}
		}
		if e.Ints != nil { // the usual enumeration: no list of code strings is made
			ints := e.Ints
			if len(ints) > 1 && (t.Shape == schema.Scalar || t.Shape == schema.Collapsing) {
				ints = ints[:1]
			}
			for _, v := range ints {
				dst = append(dst, Scalar{Str: label(t, strconv.FormatInt(v, 10))})
			}
			return dst
		}
		codes := exifCodes(e)
		if len(codes) == 0 {
			return dst
		}
		if t.Shape == schema.Scalar || t.Shape == schema.Collapsing {
			codes = codes[:1]
		}
		for _, c := range codes {
			dst = append(dst, Scalar{Str: label(t, c)})
		}
		return dst
	case schema.ConvBitmask: // V2
		for _, v := range e.Ints {
			dst = append(dst, Scalar{Str: bitLabels(t, v)})
			if t.Shape == schema.Scalar || t.Shape == schema.Collapsing {
				break
			}
		}
		return dst
	case schema.ConvLabelEach: // V2b
		var room [8]string
		codes := exifCodesInto(room[:0], e)
		if len(codes) == 0 {
			return dst
		}
		start := len(m.buf)
		for i, c := range codes {
			if i > 0 {
				m.buf = append(m.buf, ',')
			}
			m.buf = append(m.buf, label(t, c)...)
		}
		return append(dst, Scalar{Str: m.since(start)})
	case schema.ConvTrimRight: // V1
		return textItem(dst, strings.TrimRight(exifView(e), " \t\r\n"))
	case schema.ConvCopyright: // V1
		return textItem(dst, copyrightText(e))
	case schema.ConvASCIIBytes: // V4: the bytes as they are (a view, as viewText makes)
		return textItem(dst, viewOf(cString(e.Bytes)))
	case schema.ConvCodedText: // V4
		if s, ok := decodeCodedText(e.Bytes, e.BigEndian); ok {
			return append(dst, Scalar{Str: s})
		}
		return dst
	case schema.ConvUTF16LE:
		b := e.Bytes
		if b == nil && e.Ints != nil {
			b = make([]byte, len(e.Ints))
			for i, v := range e.Ints {
				b[i] = byte(v)
			}
		}
		return textItem(dst, strings.TrimRight(decodeUTF16(b, false), "\x00"))
	case schema.ConvGPSCoord: // V3b
		var nb [4]float64
		n := numbersInto(nb[:0], e)
		if len(n) == 0 || len(n) > 3 && e.Type != schema.TypeASCII {
			return dst
		}
		deg := 0.0
		for i, div := range []float64{1, 60, 3600} {
			if i < len(n) {
				deg += n[i] / div
			}
		}
		return append(dst, Scalar{Num: deg})
	case schema.ConvAPEXShutter:
		return mapNumbers(dst, e, func(v float64) float64 { return math.Pow(2, -v) })
	case schema.ConvAPEXAperture:
		return mapNumbers(dst, e, func(v float64) float64 { return math.Pow(2, v/2) })
	case schema.ConvGPSTime: // V3b
		var nb [4]float64
		n := numbersInto(nb[:0], e)
		if len(n) != 3 {
			return dst
		}
		return append(dst, Scalar{Str: formatClock(n[0], n[1], n[2])})
	case schema.ConvEXIFDateTime: // D1, D2
		off, known := 0, false
		if o := exifIFD.last(t.OffsetTag); o != nil && t.OffsetTag != 0 {
			off, known = parseOffset(exifView(o))
		}
		if tm, own, ok := parseEXIFDateTime(exifView(e), off); ok {
			return append(dst, dateItem(tm, known || own))
		}
		return dst
	case schema.ConvEXIFDate:
		if tm, own, ok := parseEXIFDateTime(exifView(e), 0); ok {
			return append(dst, dateItem(tm, own))
		}
		return dst
	}
	return plainEXIF(dst, e, t)
}

// escapeBytes writes b as ExifTool's tables write binary codes: printable ASCII as is, every
// other byte as \xHH.
func escapeBytes(b []byte) string {
	var sb strings.Builder
	for _, c := range b {
		if c >= 0x20 && c < 0x7F && c != '\\' {
			sb.WriteByte(c)
		} else {
			fmt.Fprintf(&sb, "\\x%02x", c)
		}
	}
	return sb.String()
}

// rawCodes returns an enumeration's stored codes (Options.RawValues): integers where the
// codes are numbers, else the stored characters.
func rawCodes(e *extract.RawEntry, t *schema.Tag) (schema.Kind, schema.Shape, []Scalar) {
	codes := exifCodes(e)
	shape := t.Shape
	if len(codes) > 1 {
		shape = schema.FixedVector
	}
	items := make([]Scalar, 0, len(codes))
	for _, c := range codes {
		v, err := strconv.ParseInt(c, 10, 64)
		if err != nil {
			return schema.String, t.Shape, textItem(nil, strings.Join(codes, ""))
		}
		items = append(items, Scalar{Int: v})
	}
	return schema.Integer, shape, items
}

// plainEXIF types an EXIF value by its key's kind (V1, V3), appending to dst.
func plainEXIF(dst []Scalar, e *extract.RawEntry, t *schema.Tag) []Scalar {
	switch t.Kind {
	case schema.Integer:
		if t.ReadAs == schema.TypeShort && e.Ints == nil && len(e.Bytes) >= 2 {
			return readShorts(dst, e)
		}
		if e.Ints != nil {
			for _, v := range e.Ints {
				dst = append(dst, Scalar{Int: v})
			}
			return dst
		}
		var nb [8]float64
		for _, f := range numbersInto(nb[:0], e) {
			if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
				dst = append(dst, Scalar{Int: int64(f)})
			}
		}
		return dst
	case schema.Number:
		var nb [8]float64
		for _, f := range numbersInto(nb[:0], e) {
			dst = append(dst, Scalar{Num: f})
		}
		return dst
	case schema.Date:
		if tm, own, ok := parseEXIFDateTime(exifView(e), 0); ok {
			return append(dst, dateItem(tm, own))
		}
		return dst
	}
	if e.Bytes != nil {
		return textItem(dst, exifView(e))
	}
	if t.ReadAs == schema.TypeASCII && e.Ints != nil &&
		(e.Type == schema.TypeByte || e.Type == schema.TypeSByte) {
		// V1: a tag ExifTool reads as text stored as BYTEs (OriginalRawFileName): the bytes
		// are the text, up to the first NUL.
		b := make([]byte, len(e.Ints))
		for i, v := range e.Ints {
			b[i] = byte(v)
		}
		return textItem(dst, decodeText(cString(b), false))
	}
	codes := exifCodes(e)
	if len(codes) == 0 {
		return dst
	}
	return append(dst, Scalar{Str: strings.Join(codes, " ")})
}

func mapNumbers(dst []Scalar, e *extract.RawEntry, f func(float64) float64) []Scalar {
	var nb [4]float64
	n := numbersInto(nb[:0], e)
	if len(n) == 0 {
		return dst
	}
	v := f(n[0])
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return dst
	}
	return append(dst, Scalar{Num: v})
}

// formatClock writes h:m:s as "HH:MM:SS", seconds with their fraction when they have one.
func formatClock(h, m, s float64) string {
	sec := strconv.FormatFloat(s, 'f', -1, 64)
	if s < 10 {
		sec = "0" + sec
	}
	return fmt.Sprintf("%02d:%02d:%s", int(h), int(m), sec)
}

// textItem appends s to dst unless it is empty (L4).
func textItem(dst []Scalar, s string) []Scalar {
	if s == "" {
		return dst // L4
	}
	return append(dst, Scalar{Str: s})
}

// iimState is what decoding record-2 text needs from record 1.
type iimState struct {
	utf8 bool // 1:90 selects UTF-8 (ESC % G)
}

// convertIIM turns one record-2 dataset into typed items (V1, V3, V5, D3), appended to dst.
// Text items may be views of the entry's bytes (viewText) or of m.
func convertIIM(dst []Scalar, e *extract.RawEntry, t *schema.Tag, st iimState, m *madeText) []Scalar {
	switch t.Conv {
	case schema.ConvIIMDate:
		if tm, ok := parseIIMDate(strings.TrimSpace(string(e.Bytes))); ok {
			return append(dst, dateItem(tm, false))
		}
		return dst
	case schema.ConvIIMTime:
		raw := strings.TrimSpace(string(e.Bytes))
		if tm, ok := parseIIMTime(raw); ok {
			return append(dst, Scalar{Str: tm.format(m, raw)})
		}
		return textItem(dst, viewText(e.Bytes, st.utf8))
	}
	switch t.Kind {
	case schema.Integer:
		if v, ok := iimInteger(e.Bytes); ok {
			return append(dst, Scalar{Int: v})
		}
		return dst
	case schema.Number:
		if f, err := strconv.ParseFloat(strings.TrimSpace(string(e.Bytes)), 64); err == nil {
			return append(dst, Scalar{Num: f})
		}
		return dst
	}
	return textItem(dst, viewText(e.Bytes, st.utf8))
}

// iimInteger reads an IIM integer dataset: ASCII digits (the IIM "digits" format) or a
// big-endian binary integer of 1, 2 or 4 bytes (int8u/int16u/int32u).
func iimInteger(b []byte) (int64, bool) {
	s := strings.TrimSpace(string(b))
	if s != "" && strings.Trim(s, "0123456789") == "" && len(s) <= 18 {
		v, err := strconv.ParseInt(s, 10, 64)
		return v, err == nil
	}
	if len(b) == 0 || len(b) > 8 {
		return 0, false
	}
	var v int64
	for _, c := range b {
		v = v<<8 | int64(c)
	}
	return v, true
}

// convertXMP types one XMP leaf value per its definition (V6, V6b, V7, D4) into dst, a
// zeroed item. It returns false when the value is unusable and the item is dropped (V6c, D5,
// L4). A text it makes is made in m.
func convertXMP(dst *Scalar, text string, t *schema.Tag, m *madeText) bool {
	switch t.Conv {
	case schema.ConvNone:
	case schema.ConvLabel: // V6b
		if text == "" {
			return false
		}
		dst.Str = label(t, strings.TrimSpace(text))
		return true
	case schema.ConvCodedText: // V6b + V4: trailing blanks removed, an all-blank value is absent
		s := strings.TrimRight(text, "\x00 ")
		if strings.TrimSpace(s) == "" {
			return false
		}
		dst.Str = s
		return true
	case schema.ConvXMPGPSCoord: // V6b
		f, ok := parseXMPCoord(text)
		dst.Num = f
		return ok
	case schema.ConvXMPMeters: // V7a
		if f, ok := parseXMPNumber(text); ok {
			start := len(m.buf)
			m.buf = append(appendNumber(m.buf, f), " m"...)
			dst.Str = m.since(start)
			return true
		}
		return false
	}
	switch t.Kind {
	case schema.Integer:
		v, err := strconv.ParseInt(strings.TrimSpace(text), 10, 64)
		if err != nil {
			f, ok := parseXMPNumber(text)
			if !ok || f != math.Trunc(f) || math.Abs(f) >= 1<<63 {
				return false
			}
			v = int64(f)
		}
		dst.Int = v
		return true
	case schema.Number:
		f, ok := parseXMPNumber(text)
		dst.Num = f
		return ok
	case schema.Date:
		tm, hasOff, ok := parseXMPDate(text)
		if ok {
			dst.Int, dst.OffsetKnown = tm.UnixMilli(), hasOff // as dateItem makes it
		}
		return ok
	}
	dst.Str = text
	return text != ""
}

// xmpVector reads an XMP text holding the numbers of a fixed vector (T3): aux:LensInfo
// "24/1 70/1 28/10 28/10", exif:GPSVersionID "2.3.0.0". The parts are separated by white
// space; a text of one part with two or more dots is a dotted version. Every part is a
// number of the XMP lexical forms (V6); ok is false when one is not (V6c: the value is
// absent; a zero denominator included, as V3 makes an EXIF rational 0/0 absent).
func xmpVector(dst []Scalar, text string, kind schema.Kind) ([]Scalar, bool) {
	parts := strings.Fields(text)
	if len(parts) == 1 && strings.Count(parts[0], ".") > 1 {
		parts = strings.Split(parts[0], ".")
	}
	if len(parts) == 0 {
		return dst, false
	}
	for _, p := range parts {
		f, ok := parseXMPNumber(p)
		if !ok {
			return dst, false
		}
		if kind == schema.Integer {
			if f != math.Trunc(f) || math.Abs(f) >= 1<<53 {
				return dst, false
			}
			dst = append(dst, Scalar{Int: int64(f)})
		} else {
			dst = append(dst, Scalar{Num: f})
		}
	}
	return dst, true
}

// parseXMPNumber parses an XMP Real, Integer or Rational ("n/d") lexical form (V6).
func parseXMPNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '/'); i > 0 {
		n, err1 := strconv.ParseFloat(s[:i], 64)
		d, err2 := strconv.ParseFloat(s[i+1:], 64)
		if err1 != nil || err2 != nil || d == 0 {
			return 0, false
		}
		f := n / d
		return f, !math.IsNaN(f) && !math.IsInf(f, 0)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// parseXMPCoord parses an XMP GPSCoordinate "DDD,MM.mmk" or "DDD,MM,SSk" into signed decimal
// degrees, negative for S and W (V6b).
func parseXMPCoord(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	sign := 1.0
	switch s[len(s)-1] {
	case 'N', 'n', 'E', 'e':
		s = s[:len(s)-1]
	case 'S', 's', 'W', 'w':
		s, sign = s[:len(s)-1], -1
	}
	parts := strings.Split(s, ",")
	if len(parts) > 3 {
		return 0, false
	}
	deg := 0.0
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return 0, false
		}
		deg += f / math.Pow(60, float64(i))
	}
	return sign * deg, true
}

// readShorts reads an UNDEFINED value as the SHORTs ExifTool's Format reads it as (schema
// Tag.ReadAs), in the entry's byte order; a trailing odd byte is ignored.
func readShorts(dst []Scalar, e *extract.RawEntry) []Scalar {
	var bo binary.ByteOrder = binary.LittleEndian
	if e.BigEndian {
		bo = binary.BigEndian
	}
	for i := 0; i+1 < len(e.Bytes); i += 2 {
		dst = append(dst, Scalar{Int: int64(bo.Uint16(e.Bytes[i:]))})
	}
	return dst
}
