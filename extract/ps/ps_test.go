package ps

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
)

// locate runs Locate over b and returns the payloads and the warning codes.
func locate(b []byte, lim extract.Limits) (extract.Payloads, []string, error) {
	var ws extract.Warnings
	p, err := Locate(bytes.NewReader(b), int64(len(b)), lim, &ws)
	var codes []string
	for _, w := range ws.List {
		codes = append(codes, w.Code)
	}
	return p, codes, err
}

const packet = "<?xpacket begin='\xef\xbb\xbf' id='W5M0MpCehiHzreSzNTczkc9d'?>\n" +
	"<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>" +
	"<rdf:Description rdf:about='' xmlns:dc='http://purl.org/dc/elements/1.1/' dc:format='application/postscript'/>" +
	"</rdf:RDF></x:xmpmeta>\n<?xpacket end='w'?>"

// irbBlock is a Photoshop resource block holding one IIM dataset (2:120 caption).
func irbBlock(caption string) []byte {
	iim := append([]byte{0x1C, 2, 120, byte(len(caption) >> 8), byte(len(caption))}, caption...)
	b := []byte("8BIM\x04\x04\x00\x00")
	b = binary.BigEndian.AppendUint32(b, uint32(len(iim)))
	b = append(b, iim...)
	if len(iim)%2 == 1 {
		b = append(b, 0)
	}
	return b
}

// xmpResource is a Photoshop resource block holding one XMP resource (0x0424).
func xmpResource(xmp string) []byte {
	b := []byte("8BIM\x04\x24\x00\x00")
	b = binary.BigEndian.AppendUint32(b, uint32(len(xmp)))
	b = append(b, xmp...)
	if len(xmp)%2 == 1 {
		b = append(b, 0)
	}
	return b
}

// photoshop writes b as ExifTool's writers do: %BeginPhotoshop, "% " hex lines, %EndPhotoshop.
func photoshop(b []byte) string {
	h := hex.EncodeToString(b)
	var s strings.Builder
	fmt.Fprintf(&s, "%%BeginPhotoshop: %d\n", len(b))
	for i := 0; i < len(h); i += 64 {
		fmt.Fprintf(&s, "%% %s\n", h[i:min(len(h), i+64)])
	}
	s.WriteString("%EndPhotoshop\n")
	return s.String()
}

// eps is a small EPS with the given body after its header comments.
func eps(body string) string {
	return "%!PS-Adobe-3.0 EPSF-3.0\n%%Creator: test\n%%BoundingBox: 0 0 30 20\n%%EndComments\n" + body + "%%EOF\n"
}

// dos puts ps behind a DOS EPS binary header, followed by a TIFF preview.
func dos(ps string, psStart uint32) []byte {
	tiff := []byte("MM\x00\x2a\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00")
	h := make([]byte, 30)
	copy(h, dosMagic)
	binary.LittleEndian.PutUint32(h[4:], psStart)
	binary.LittleEndian.PutUint32(h[8:], uint32(len(ps)))
	binary.LittleEndian.PutUint32(h[20:], 30+uint32(len(ps)))
	binary.LittleEndian.PutUint32(h[24:], uint32(len(tiff)))
	binary.LittleEndian.PutUint16(h[28:], 0xFFFF)
	return append(append(h, ps...), tiff...)
}

// dosAfter puts ps behind a DOS EPS binary header and a preview.
func dosAfter(ps string) []byte {
	b := dos("", 30)
	binary.LittleEndian.PutUint32(b[4:], uint32(len(b)))
	binary.LittleEndian.PutUint32(b[8:], uint32(len(ps)))
	binary.LittleEndian.PutUint32(b[20:], 30)
	return append(b, ps...)
}

func TestLocate(t *testing.T) {
	block := irbBlock("a caption")
	afterPS := eps("%%BeginPhotoshop: 1\n") // the text ends inside a block the preview would not end
	tests := []struct {
		name          string
		file          []byte
		wantXMP       []string
		wantIRB       int
		wantWarn      []string
		mime          string
		width, height int
	}{
		{name: "plain EPS", file: []byte(eps("")), mime: mimePS, width: 30, height: 20},
		{name: "PS, not EPS", file: []byte("%!PS-Adobe-3.0\n%%BoundingBox: 10 10 110 60\n"), mime: mimePS, width: 100, height: 50},
		{name: "Illustrator", file: []byte("%!PS-Adobe-3.0\n%%Creator: Adobe Illustrator(R) 8.0\n%%BoundingBox: 0 0 5 6\n"), mime: mimeAI, width: 5, height: 6},
		{name: "Illustrator EPS is EPS", file: []byte("%!PS-Adobe-3.0 EPSF-3.0\n%%Creator: Adobe Illustrator(R) 8.0\n"), mime: mimePS},
		{name: "Type 1 font", file: []byte("%!PS-AdobeFont-1.0: Foo 001\n%%BoundingBox: 0 0 100 200\n"), mime: mimeFont, width: 100, height: 200},
		{name: "Adobe-PS", file: []byte("%!Adobe-PS\n%%BoundingBox: 0 0 7 8\n"), mime: mimePS, width: 7, height: 8},
		{name: "ImageData wins", file: []byte(eps("%ImageData: 8 9 8 3 1 8 2 \"beginimage\"\n")), mime: mimePS, width: 8, height: 9},
		{name: "first BoundingBox wins", file: []byte("%!PS-Adobe-3.0\n%%BoundingBox: (atend)\n%%Trailer\n%%BoundingBox: 0 0 5 5\n"), mime: mimePS},
		{name: "BoundingBox continued", file: []byte("%!PS-Adobe-3.0\n%%BoundingBox: 0 0\n%%+ 40 50\n"), mime: mimePS, width: 40, height: 50},
		{name: "negative BoundingBox", file: []byte("%!PS-Adobe-3.0\n%%BoundingBox: -10 0 40 50\n"), mime: mimePS},
		{name: "two spaces", file: []byte("%!PS-Adobe-3.0\r\n%%BoundingBox:  0 0 40 50\r\n"), mime: mimePS},
		{name: "begin_xml_packet", file: []byte(eps("%begin_xml_packet: 10\n" + packet + "\n%end_xml_packet\n")), wantXMP: []string{packet + "\n"}, mime: mimePS, width: 30, height: 20},
		{name: "bare packet", file: []byte(eps("x\n" + packet + "\nshowpage\n")), wantXMP: []string{packet + "\n"}, mime: mimePS, width: 30, height: 20},
		{name: "bare packet on one line", file: []byte(eps(strings.ReplaceAll(packet, "\n", " ") + "\n")), wantXMP: []string{strings.ReplaceAll(packet, "\n", " ") + "\n"}, mime: mimePS, width: 30, height: 20},
		{name: "packet not at a line start", file: []byte(eps("x " + packet + "\n")), mime: mimePS, width: 30, height: 20},
		{name: "Photoshop", file: []byte(eps(photoshop(block))), wantIRB: 1, mime: mimePS, width: 30, height: 20},
		{name: "Photoshop CR lines", file: []byte(strings.ReplaceAll(eps(photoshop(block)), "\n", "\r")), wantIRB: 1, mime: mimePS, width: 30, height: 20},
		{name: "Photoshop CRLF lines", file: []byte(strings.ReplaceAll(eps(photoshop(block)), "\n", "\r\n")), wantIRB: 1, mime: mimePS, width: 30, height: 20},
		{name: "unterminated Photoshop", file: []byte(eps(photoshop(block)))[:len(eps(photoshop(block)))-25], wantWarn: []string{WarnUnterminated}, mime: mimePS, width: 30, height: 20},
		{name: "unterminated XMP", file: []byte(eps("%begin_xml_packet\n" + packet)), wantWarn: []string{WarnUnterminated}, mime: mimePS, width: 30, height: 20},
		{
			name: "embedded document skipped",
			file: []byte(eps("%%BeginDocument: a.eps\n%!PS-Adobe-3.0 EPSF-3.0\n%%BeginDocument: b.eps\n" + photoshop(block) + "%%EndDocument\n" + packet + "\n%%EndDocument\n%%BoundingBox: 0 0 1 1\n")),
			mime: mimePS, width: 30, height: 20,
		},
		{name: "ICC profile skipped", file: []byte(eps("%%BeginICCProfile: 4\n% 3842494d\n%%EndICCProfile\n" + packet + "\n")), wantXMP: []string{packet + "\n"}, mime: mimePS, width: 30, height: 20},
		{name: "binary skipped", file: []byte(eps("%%BeginBinary: 12\n%ImageData: 1 2\n%%EndBinary\n%ImageData: 3 4\n")), mime: mimePS, width: 3, height: 4},
		{name: "binary in a split record is not skipped", file: []byte(eps("%%BeginBinary: 12\r%ImageData: 1 2\n")), mime: mimePS, width: 1, height: 2},
		{name: "binary past the end", file: []byte(eps("%%BeginBinary: 99999999999999999999\n" + packet + "\n")), mime: mimePS, width: 30, height: 20},
		{name: "no line break", file: []byte("%!PS-Adobe-3.0 EPSF-3.0"), wantWarn: []string{WarnNoBreak}, mime: mimePS},
		{name: "DOS EPS", file: dos(eps(photoshop(block)+packet+"\n"), 30), wantXMP: []string{packet + "\n"}, wantIRB: 1, mime: mimePS, width: 30, height: 20},
		{name: "DOS EPS ends at its section", file: dos(afterPS, 30), wantWarn: []string{WarnUnterminated}, mime: mimePS, width: 30, height: 20},
		{name: "DOS EPS after its preview", file: dosAfter(eps(packet + "\n")), wantXMP: []string{packet + "\n"}, mime: mimePS, width: 30, height: 20},
		{name: "DOS EPS bad offset", file: dos(eps(""), 31), wantWarn: []string{WarnHeader}, mime: mimePS},
		{name: "DOS EPS offset past the end", file: dos(eps(""), 1<<30), wantWarn: []string{WarnHeader}, mime: mimePS},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, warns, err := locate(tc.file, extract.Limits{})
			require.NoError(t, err)
			var xmp []string
			for _, q := range p.XMP {
				xmp = append(xmp, string(q.Data))
				assert.Equal(t, q.Data, tc.file[q.Offset:q.Offset+int64(len(q.Data))], "offset points at the data")
			}
			assert.Equal(t, tc.wantXMP, xmp)
			assert.Len(t, p.IRB, tc.wantIRB)
			for _, q := range p.IRB {
				assert.Equal(t, block, q.Data)
			}
			assert.Equal(t, tc.wantWarn, warns)
			assert.Equal(t, tc.mime, p.Facts.MIME)
			assert.Equal(t, "non-image", p.Facts.FileType)
			assert.Equal(t, tc.width, p.Facts.Width)
			assert.Equal(t, tc.height, p.Facts.Height)
		})
	}
}

func TestLocateLimits(t *testing.T) {
	block := irbBlock(strings.Repeat("c", 600))
	file := []byte(eps(photoshop(block) + packet + "\n"))
	p, warns, err := locate(file, extract.Limits{MaxSegment: 100, MaxXMPBytes: 100})
	require.NoError(t, err)
	assert.Empty(t, p.IRB)
	assert.Empty(t, p.XMP)
	assert.Equal(t, []string{WarnTooLarge, WarnTooLarge}, warns)

	p, warns, err = locate(file, extract.Limits{MaxTotalRead: 200})
	require.NoError(t, err)
	assert.Empty(t, p.IRB)
	assert.Equal(t, []string{WarnUnterminated, WarnReadLimit}, warns)
}

func TestLocateLongLines(t *testing.T) {
	long := strings.Repeat("A", 3*maxLine+5) // an overlong line, read in parts
	file := []byte(eps(long + "\n%ImageData: 3 4\n" + photoshop(irbBlock("x")) + long + "\n%begin_xml_packet\n" + packet + long + "\n%end_xml_packet\n"))
	p, warns, err := locate(file, extract.Limits{})
	require.NoError(t, err)
	assert.Empty(t, warns)
	assert.Len(t, p.IRB, 1)
	require.Len(t, p.XMP, 1)
	assert.Equal(t, packet+long+"\n", string(p.XMP[0].Data))
	assert.Equal(t, 3, p.Facts.Width)
}

func TestLocateErrors(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("%!P"), []byte("%PDF-1.4\n"), []byte("%!Adobe-XX\n"), dosMagic} {
		_, _, err := locate(b, extract.Limits{})
		var fe *extract.FormatError
		require.ErrorAs(t, err, &fe, "%q", b)
	}
	_, _, err := locate([]byte("%PDF-1.4\n"), extract.Limits{})
	assert.ErrorIs(t, err, extract.ErrUnsupportedFormat)
}

// TestLineBreaks: lines are cut as ExifTool's reader cuts them.
func TestLineBreaks(t *testing.T) {
	tests := []struct {
		name, text string
		sep        byte
		want       []string
	}{
		{"LF", "a\nb\n", '\n', []string{"a\n", "b\n"}},
		{"CRLF", "a\r\nb\r\n", '\n', []string{"a\r\n", "b\r\n"}},
		{"CR in LF file", "a\rb\r\nc\n", '\n', []string{"a\r", "b\r", "\n", "c\n"}},
		{"CR", "a\rb\r", '\r', []string{"a\r", "b\r"}},
		{"LF in CR file", "a\nb\rc", '\r', []string{"a\n", "b\r", "c"}},
		{"no final break", "a\nb", '\n', []string{"a\n", "b"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := []byte(tc.text)
			l := newLines(bytes.NewReader(b), extract.SizeEnd(int64(len(b))), 0, 1<<62, 1<<30)
			l.sep, l.alt = tc.sep, '\r'
			if tc.sep == '\r' {
				l.alt = '\n'
			}
			var got []string
			for {
				p, ok := l.nextPiece()
				if !ok {
					break
				}
				got = append(got, string(p.b))
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestIsPS(t *testing.T) {
	assert.True(t, IsPS([]byte("%!PS-Adobe-3.0")))
	assert.True(t, IsPS([]byte("%!Adobe-PS")))
	assert.True(t, IsPS(dosMagic))
	assert.False(t, IsPS([]byte("%!Adobe-XX")))
	assert.False(t, IsPS([]byte("%PDF-")))
}

// TestPhotoshopXMPIsDecoded: the XMP resource of a %BeginPhotoshop block is the decoded hex,
// at the block's data, not a slice of the text (the property FuzzLocate once had wrong).
func TestPhotoshopXMPIsDecoded(t *testing.T) {
	xmp := "<x:xmpmeta xmlns:x='adobe:ns:meta/'/>"
	b := []byte(eps(photoshop(xmpResource(xmp))))
	p, codes, err := locate(b, extract.DefaultLimits())
	require.NoError(t, err)
	assert.Empty(t, codes)
	require.Len(t, p.XMP, 1)
	assert.Equal(t, xmp, string(p.XMP[0].Data))
	assert.Greater(t, p.XMP[0].Offset, int64(bytes.Index(b, []byte("%BeginPhotoshop"))))
}
