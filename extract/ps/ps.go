// Package ps locates the metadata payloads of a PostScript document: PostScript (PS),
// Encapsulated PostScript (EPS, also behind the binary header of a DOS EPS file) and Adobe
// Illustrator files written as PostScript (AI). What it reads is what ExifTool 12.57 reads
// (Image::ExifTool::PostScript):
//
//   - a Photoshop image-resource block written as hex lines after %BeginPhotoshop (its IIM,
//     EXIF and XMP resources, see psd.SplitIRB),
//   - the XMP packet between %begin_xml_packet and %end_xml_packet, or any packet whose
//     "<?xpacket begin" starts a line,
//   - the file facts: the type from the first lines (EPS when the first line names EPSF,
//     AI when the second is "%%Creator: Adobe Illustrator", PostScript otherwise, and a
//     PostScript Type 1 font by its header), and the size ExifTool gives as ImageWidth and
//     ImageHeight: the first two numbers of the first %ImageData comment, else the extent of
//     the first %%BoundingBox.
//
// The text is read forward to its end, line by line, as ExifTool's reader cuts it. The DSC
// comments themselves (%%Title, %%Creator, ...), ICC profiles, embedded documents
// (%%BeginDocument ... %%EndDocument, read by ExifTool only with its ExtractEmbedded option)
// and the TIFF or WMF preview of a DOS EPS file are not read: the map holds only EXIF, IPTC-IIM
// and XMP (spec S1), and a preview is another image (S5). Unlike ExifTool, which reads on into
// the preview, the text of a DOS EPS file ends where its header says the PostScript ends.
package ps

import (
	"bytes"
	"encoding/binary"
	"io"
	"math"
	"strconv"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/internal/nibble"
	"github.com/embedmeta/embedmeta/extract/psd"
	"github.com/embedmeta/embedmeta/schema"
)

// Warning codes reported by Locate.
const (
	WarnHeader       = "ps.bad-header"    // the DOS EPS header's PostScript section does not start with %!PS
	WarnNoBreak      = "ps.no-line-break" // no line break in the first 256 bytes: not read as text
	WarnUnterminated = "ps.unterminated"  // a data block runs to the end of the text; it is not read
	WarnTooLarge     = "ps.too-large"     // a data block above Limits.MaxXMPBytes / MaxSegment
	WarnReadLimit    = "ps.read-limit"    // Limits.MaxTotalRead reached
)

// The file types, as ExifTool's FileType and MIMEType name them.
const (
	mimePS   = "application/postscript" // PS and EPS
	mimeAI   = "application/vnd.adobe.illustrator"
	mimeFont = "application/x-font-type1" // PFA
	fileType = "non-image"                // a page description, as a PDF is
	dosLen   = 30                         // DOS EPS header: magic, 3 (offset, length) pairs, checksum
	sepLook  = 256                        // bytes in which ExifTool looks for the first line break
)

var dosMagic = []byte{0xC5, 0xD0, 0xD3, 0xC6}

// IsPS reports whether head starts as ExifTool recognises PostScript: "%!PS", "%!Adobe-PS"
// or the DOS EPS binary header C5 D0 D3 C6.
func IsPS(head []byte) bool {
	return bytes.HasPrefix(head, []byte("%!PS")) || bytes.HasPrefix(head, []byte("%!Adobe-PS")) || bytes.HasPrefix(head, dosMagic)
}

// Locate reads the PostScript document r of size bytes and returns its Photoshop image
// resources (Payloads.IRB, with their EXIF and XMP) and XMP packets, in file order, with the
// file facts. A file that does not start as PostScript gives a *extract.FormatError wrapping
// extract.ErrUnsupportedFormat.
func Locate(r io.ReaderAt, size int64, lim extract.Limits, ws *extract.Warnings) (extract.Payloads, error) {
	lim = lim.Resolved()
	end := extract.EndOf(r, size)
	var out extract.Payloads
	head := make([]byte, 10)
	n := end.Avail(0, int64(len(head)))
	if n < 4 || !extract.ReadFull(r, head[:n], 0) || !IsPS(head[:n]) {
		return out, &extract.FormatError{Format: "ps", Offset: 0, Msg: "missing %!PS header", Err: extract.ErrUnsupportedFormat}
	}
	out.Facts = extract.Facts{FileType: fileType, MIME: mimePS}
	start, stop := int64(0), int64(math.MaxInt64)
	font := false
	switch {
	case bytes.HasPrefix(head, dosMagic):
		dos := make([]byte, dosLen)
		if !end.Has(dosLen) || !extract.ReadFull(r, dos, 0) {
			return out, &extract.FormatError{Format: "ps", Offset: 0, Msg: "DOS EPS header runs past the end of the file"}
		}
		start = int64(binary.LittleEndian.Uint32(dos[4:]))
		stop = start + int64(binary.LittleEndian.Uint32(dos[8:]))
	case bytes.HasPrefix(head, []byte("%!Adobe-PS")):
		start = int64(len("%!Adobe-PS"))
	default:
		font = isFont(r, end)
	}
	l := newLines(r, end, 0, stop, lim.MaxTotalRead)
	if stop != math.MaxInt64 {
		// ExifTool requires "%!PS" where the header says the PostScript starts and looks
		// for the first line break after it.
		if !l.seekTo(start) || !bytes.HasPrefix(l.peek(4), []byte("%!PS")) {
			ws.Add(WarnHeader, 0, 0, "the DOS EPS header's PostScript section at %d does not start with %%!PS", start)
			return out, nil
		}
		l.i += 4
	} else if start > 0 {
		l.seekTo(start)
	}
	if font {
		out.Facts.MIME = mimeFont
	}
	w := &walker{l: l, lim: lim, ws: ws, out: &out}
	if !w.header(font) {
		ws.Add(WarnNoBreak, 0, l.off+int64(l.i), "no line break in the first %d bytes", sepLook)
		return out, nil
	}
	w.walk()
	if l.limited {
		ws.Add(WarnReadLimit, 0, l.next, "read limit of %d bytes reached", lim.MaxTotalRead)
	}
	w.size()
	return out, nil
}

// isFont reports whether the file starts with a PostScript Type 1 font header, which
// ExifTool types PFA (application/x-font-type1).
func isFont(r io.ReaderAt, end extract.End) bool {
	b := make([]byte, 16)
	n := end.Avail(0, int64(len(b)))
	if !extract.ReadFull(r, b[:n], 0) {
		return false
	}
	b = b[:n]
	return bytes.HasPrefix(b, []byte("%!PS-AdobeFont-")) || bytes.HasPrefix(b, []byte("%!PS-Bitstream ")) || bytes.HasPrefix(b, []byte("%!FontType1-"))
}

// mode is the kind of data block the walker is inside.
type mode uint8

const (
	modeNone      mode = iota
	modeXMP            // %begin_xml_packet ... %end_xml_packet, or a bare packet
	modePhotoshop      // %BeginPhotoshop ... %EndPhotoshop: hex
	modeICC            // %%BeginICCProfile ... %%EndICCProfile: hex, not read
	modeDocument       // %%BeginDocument ... %%EndDocument, nested: skipped
)

func (m mode) String() string {
	switch m {
	case modeXMP:
		return "XMP"
	case modePhotoshop:
		return "Photoshop"
	case modeICC:
		return "ICC_Profile"
	case modeDocument:
		return "Document"
	}
	return ""
}

// walker is the state of one Locate call.
type walker struct {
	l   *lines
	lim extract.Limits
	ws  *extract.Warnings
	out *extract.Payloads

	mode       mode
	beginToken []byte      // the block's opening comment as written ("%%BeginDocument")
	endToken   []byte      // the comment that ends it; nil for a bare XMP packet
	depth      int         // nesting of embedded documents
	blockOff   int64       // where the block's data starts
	buf        []byte      // the block's data read so far (hex decoded, or XMP bytes of a stream)
	over       bool        // the block exceeded its limit: its data is dropped
	pair       nibble.Pair // hex digits paired into the bytes of buf
	inPlace    bool        // XMP packets are sliced from the input afterwards (not a stream)

	comment  *[]byte // the value of the DSC comment being continued by %%+ lines
	bbox     []byte  // the first %%BoundingBox value
	imgData  []byte  // the first %ImageData value
	haveBBox bool
	haveImg  bool
}

// header reads the first line (and the second) to set the file type, as ExifTool does, and
// leaves the reader after the first line. It reports false when the first 256 bytes hold no
// line break.
func (w *walker) header(font bool) bool {
	l := w.l
	look := l.peek(sepLook)
	lf, cr := bytes.IndexByte(look, '\n'), bytes.IndexByte(look, '\r')
	var sep []byte
	switch {
	case lf < 0 && cr < 0:
		return false
	case cr >= 0 && lf == cr+1:
		sep = []byte("\r\n")
	case lf >= 0 && cr == lf+1:
		sep = []byte("\n\r")
	case lf < 0 || cr >= 0 && cr < lf:
		sep = []byte("\r")
	default:
		sep = []byte("\n")
	}
	if len(sep) == 1 && sep[0] == '\r' {
		l.sep, l.alt = '\r', '\n'
	}
	first := l.peek(maxLine)
	n1 := len(first)
	if k := bytes.Index(first, sep); k >= 0 {
		n1 = k + len(sep)
	}
	typ := mimePS
	if !bytes.Contains(first[:n1], []byte("EPSF")) {
		ai := []byte("%%Creator: Adobe Illustrator")
		if bytes.HasPrefix(l.peek(n1 + len(ai))[n1:], ai) {
			typ = mimeAI
		}
	}
	if !font {
		w.out.Facts.MIME = typ
	}
	l.i += n1
	return true
}

// walk reads the text line by line.
func (w *walker) walk() {
	_, w.inPlace = w.l.r.(extract.Ender)
	w.inPlace = !w.inPlace
	for {
		p, ok := w.l.nextPiece()
		if !ok {
			break
		}
		if w.comment != nil {
			if p.start && bytes.HasPrefix(p.b, []byte("%%+")) {
				*w.comment = append(*w.comment, trimBreaks(p.b[3:])...)
				continue
			}
			w.comment = nil
		}
		if w.mode != modeNone {
			w.inBlock(p)
			continue
		}
		if p.start {
			w.line(p)
		}
	}
	if w.mode != modeNone {
		w.ws.Add(WarnUnterminated, 0, w.blockOff, "unterminated %s data", w.mode)
	}
}

var (
	reBlocks = [][]byte{[]byte("_xml_packet"), []byte("Photoshop"), []byte("ICCProfile"), []byte("Document"), []byte("Binary")}
	xpBegin  = []byte("<?xpacket begin=")
	xpID     = []byte("W5M0MpCehiHzreSzNTczkc9d")
	xpEnd    = []byte("<?xpacket end=")
)

// line handles a line outside any data block.
func (w *walker) line(p piece) {
	b := p.b
	if len(b) > 0 && b[0] == '%' {
		pct := 1
		if len(b) > 1 && b[1] == '%' {
			pct = 2
		}
		if rest := b[pct:]; len(rest) >= 5 && bytes.EqualFold(rest[:5], []byte("Begin")) {
			for k, name := range reBlocks {
				if len(rest) >= 5+len(name) && bytes.EqualFold(rest[5:5+len(name)], name) {
					w.begin(p, pct, rest[:5+len(name)], k)
					return
				}
			}
		}
	}
	if bytes.HasPrefix(b, xpBegin) && packetID(b[len(xpBegin):]) {
		w.startBlock(modeXMP, p.off, nil)
		w.xmp(p)
		if packetEnd(b) {
			w.finish(p.off + int64(len(p.b)))
		}
		return
	}
	w.dsc(b)
}

// packetID reports whether the "<?xpacket begin=" at the start of a line is followed, 7 to
// 13 characters on, by the packet id (ExifTool's test for a stray packet).
func packetID(b []byte) bool {
	for k := 7; k <= 13 && k+len(xpID) <= len(b); k++ {
		if bytes.IndexByte(b[:k], '\n') >= 0 {
			return false
		}
		if bytes.HasPrefix(b[k:], xpID) {
			return true
		}
	}
	return false
}

// packetEnd reports whether b holds "<?xpacket end='w'?>" (or 'r') followed by a line break
// or its end.
func packetEnd(b []byte) bool {
	for {
		k := bytes.Index(b, xpEnd)
		if k < 0 {
			return false
		}
		t := b[k+len(xpEnd):]
		if len(t) >= 5 && t[0] != '\n' && (t[1] == 'w' || t[1] == 'r') && t[2] != '\n' && t[3] == '?' && t[4] == '>' &&
			(len(t) == 5 || t[5] == '\n' || t[5] == '\r') {
			return true
		}
		b = t
	}
}

// begin starts the data block opened by p (%BeginPhotoshop, %begin_xml_packet, ...).
func (w *walker) begin(p piece, pct int, token []byte, kind int) {
	tok := append(bytes.Repeat([]byte("%"), pct), token...)
	endTok := append(bytes.Repeat([]byte("%"), pct), "End"...)
	endTok = append(endTok, token[5:]...)
	data := p.off + int64(len(p.b))
	switch kind {
	case 0:
		w.startBlock(modeXMP, data, endTok)
	case 1:
		w.startBlock(modePhotoshop, data, endTok)
	case 2:
		w.startBlock(modeICC, data, endTok)
	case 3:
		w.startBlock(modeDocument, p.off, endTok)
		w.beginToken, w.depth = tok, 1
	case 4:
		// ExifTool skips the counted bytes when the line ended its record.
		if p.pending {
			return
		}
		v := p.b[pct+len(token):]
		if len(v) == 0 || v[0] != ':' {
			return
		}
		v = bytes.TrimLeft(v[1:], " \t\r\n\f\v")
		k := 0
		for k < len(v) && v[k] >= '0' && v[k] <= '9' {
			k++
		}
		if k == 0 {
			return
		}
		n, err := strconv.ParseInt(string(v[:k]), 10, 64)
		if err != nil {
			n = math.MaxInt64
		}
		w.l.skip(n)
	}
}

func (w *walker) startBlock(m mode, off int64, endToken []byte) {
	w.mode, w.endToken, w.blockOff = m, endToken, off
	w.buf, w.over, w.pair = w.buf[:0], false, nibble.Pair{}
}

// inBlock handles a line inside a data block.
func (w *walker) inBlock(p piece) {
	if w.endToken == nil { // a bare XMP packet: up to the line with its end
		w.xmp(p)
		if packetEnd(p.b) {
			w.finish(p.off + int64(len(p.b)))
		}
		return
	}
	if p.start && len(p.b) >= len(w.endToken) && bytes.EqualFold(p.b[:len(w.endToken)], w.endToken) {
		if w.mode == modeDocument {
			if w.depth--; w.depth > 0 {
				return
			}
			w.mode = modeNone
			return
		}
		w.finish(p.off)
		return
	}
	switch w.mode {
	case modeXMP:
		w.xmp(p)
	case modePhotoshop:
		w.hex(p)
	case modeDocument:
		if p.start && bytes.HasPrefix(p.b, w.beginToken) {
			w.depth++
		}
	}
}

// xmp adds p to the XMP packet being read: its bytes are copied for a stream, whose earlier
// bytes are gone when the packet ends; in-memory and file input is sliced at the end.
func (w *walker) xmp(p piece) {
	if w.over {
		return
	}
	if p.off+int64(len(p.b))-w.blockOff > w.lim.MaxXMPBytes {
		w.over = true
		w.ws.Add(WarnTooLarge, schema.SourceXMP, w.blockOff, "XMP packet exceeds the limit of %d bytes", w.lim.MaxXMPBytes)
		w.buf = nil
		return
	}
	if !w.inPlace {
		w.buf = append(w.buf, p.b...)
	}
}

// hex decodes the hex digits of a line of a Photoshop block (ExifTool drops every other
// character and packs each line's digits, a last odd digit padded with 0).
func (w *walker) hex(p piece) {
	if w.over {
		return
	}
	for _, c := range p.b {
		if v, ok := nibble.Value(c); ok {
			w.buf = w.pair.Add(w.buf, v)
		}
	}
	if p.done {
		w.buf = w.pair.Flush(w.buf)
	}
	if int64(len(w.buf)) > w.lim.MaxSegment {
		w.over = true
		w.ws.Add(WarnTooLarge, schema.SourcePhotoshop, w.blockOff, "Photoshop data exceeds the limit of %d bytes", w.lim.MaxSegment)
		w.buf = nil
	}
}

// finish ends the current block at end (exclusive) and records its payload.
func (w *walker) finish(end int64) {
	m := w.mode
	w.mode, w.endToken = modeNone, nil
	if w.over {
		return
	}
	switch m {
	case modeXMP:
		n := end - w.blockOff
		if n <= 0 {
			return
		}
		data := w.buf
		if w.inPlace {
			var ok bool
			if data, ok = extract.ReadSlice(w.l.r, w.blockOff, n); !ok {
				return
			}
		} else {
			data = bytes.Clone(data)
		}
		w.out.XMP = append(w.out.XMP, extract.Payload{Data: data, Offset: w.blockOff})
	case modePhotoshop:
		if len(w.buf) > 0 {
			psd.SplitIRB(extract.Payload{Data: bytes.Clone(w.buf), Offset: w.blockOff}, w.lim, w.ws, w.out)
		}
	}
}

// dsc reads the DSC comments that give the size: the first %%BoundingBox and the first
// %ImageData (also written %%ImageData), continued by %%+ lines. ExifTool keeps the first of
// each (its PostScript tags have priority 0).
func (w *walker) dsc(b []byte) {
	var name string
	switch {
	case bytes.HasPrefix(b, []byte("%%BoundingBox:")):
		name = "BoundingBox"
	case bytes.HasPrefix(b, []byte("%%ImageData:")), bytes.HasPrefix(b, []byte("%ImageData:")):
		name = "ImageData"
	default:
		return
	}
	v := b[bytes.IndexByte(b, ':')+1:]
	if len(v) > 0 && v[0] == ' ' {
		v = v[1:]
	}
	v = append([]byte(nil), trimBreaks(v)...)
	if name == "BoundingBox" {
		if w.haveBBox {
			return
		}
		w.haveBBox, w.bbox = true, v
		w.comment = &w.bbox
		return
	}
	if w.haveImg {
		return
	}
	w.haveImg, w.imgData = true, v
	w.comment = &w.imgData
}

// size sets the facts' width and height as ExifTool's composite ImageWidth and ImageHeight:
// the first two numbers of %ImageData, else the extent of %%BoundingBox (urx-llx, ury-lly),
// each only when the value starts with that many unsigned integers. A negative extent is
// left unknown.
func (w *walker) size() {
	if v, ok := numbers(unbracket(w.imgData), 2); ok {
		w.out.Facts.Width, w.out.Facts.Height = pixels(v[0]), pixels(v[1])
		return
	}
	if v, ok := numbers(unbracket(w.bbox), 4); ok {
		w.out.Facts.Width, w.out.Facts.Height = pixels(v[2]-v[0]), pixels(v[3]-v[1])
	}
}

func pixels(v float64) int {
	if v < 0 || v > math.MaxInt32 {
		return 0
	}
	return int(v)
}

// numbers parses n unsigned integers separated by single spaces at the start of b.
func numbers(b []byte, n int) ([]float64, bool) {
	out := make([]float64, 0, n)
	for i := range n {
		if i > 0 {
			if len(b) == 0 || b[0] != ' ' {
				return nil, false
			}
			b = b[1:]
		}
		k := 0
		for k < len(b) && b[k] >= '0' && b[k] <= '9' {
			k++
		}
		if k == 0 {
			return nil, false
		}
		v, _ := strconv.ParseFloat(string(b[:k]), 64)
		out = append(out, v)
		b = b[k:]
	}
	return out, true
}

// unbracket returns a DSC value written as a PostScript string "(...)" without its
// brackets, as ExifTool's DecodeComment does; a value holding several strings gives nil
// (ExifTool makes a list of it, which no number starts).
func unbracket(v []byte) []byte {
	if len(v) < 2 || v[0] != '(' || v[len(v)-1] != ')' {
		return v
	}
	v = v[1 : len(v)-1]
	depth := 1
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				return nil
			}
		}
	}
	return v
}
