package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
)

const xmpPacket = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"/><?xpacket end="w"?>`

// builder writes a PDF body and records object offsets.
type builder struct {
	b    bytes.Buffer
	offs map[int]int
}

func newBuilder() *builder {
	w := &builder{offs: map[int]int{}}
	w.b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	return w
}

func (w *builder) obj(n int, body string) {
	w.offs[n] = w.b.Len()
	fmt.Fprintf(&w.b, "%d 0 obj\n%s\nendobj\n", n, body)
}

func (w *builder) stream(n int, dict string, data []byte) {
	w.offs[n] = w.b.Len()
	fmt.Fprintf(&w.b, "%d 0 obj\n<< %s /Length %d >>\nstream\r\n", n, dict, len(data))
	w.b.Write(data)
	w.b.WriteString("\nendstream\nendobj\n")
}

// table writes a classic xref table for objects 0..max (only those in nums) and a trailer.
func (w *builder) table(nums []int, trailer string) {
	at := w.b.Len()
	w.b.WriteString("xref\n")
	for _, n := range nums {
		fmt.Fprintf(&w.b, "%d 1\n%010d 00000 n \n", n, w.offs[n])
	}
	fmt.Fprintf(&w.b, "trailer\n<< %s >>\nstartxref\n%d\n%%%%EOF\n", trailer, at)
}

func deflate(b []byte) []byte {
	var buf bytes.Buffer
	zw := zlib.NewWriter(&buf)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return buf.Bytes()
}

func basic() []byte {
	w := newBuilder()
	w.obj(1, "<< /Type /Catalog /Pages 2 0 R /Metadata 3 0 R >>")
	w.obj(2, "<< /Type /Pages /Kids [] /Count 0 >>")
	w.stream(3, "/Type /Metadata /Subtype /XML", []byte(xmpPacket))
	w.table([]int{1, 2, 3}, "/Size 4 /Root 1 0 R")
	return w.b.Bytes()
}

func incremental() []byte {
	w := newBuilder()
	w.obj(1, "<< /Type /Catalog /Pages 2 0 R >>")
	w.obj(2, "<< /Type /Pages /Kids [] /Count 0 >>")
	first := w.b.Len()
	w.table([]int{1, 2}, "/Size 3 /Root 1 0 R")
	w.obj(1, "<< /Type /Catalog /Pages 2 0 R /Metadata 3 0 R >>")
	w.stream(3, "/Type /Metadata /Subtype /XML /Filter /FlateDecode", deflate([]byte(xmpPacket)))
	w.table([]int{1, 3}, fmt.Sprintf("/Size 4 /Root 1 0 R /Prev %d", first))
	return w.b.Bytes()
}

// xrefStream uses a cross-reference stream and keeps the catalog in an object stream.
func xrefStream() []byte {
	w := newBuilder()
	cat := "<< /Type /Catalog /Metadata 3 0 R /Pages 4 0 R >> "
	objs := cat + "<< /Type /Pages /Kids [5 0 R] >>"
	hdr := fmt.Sprintf("1 0 4 %d ", len(cat))
	w.stream(2, fmt.Sprintf("/Type /ObjStm /N 2 /First %d", len(hdr)), []byte(hdr+objs))
	w.stream(3, "/Type /Metadata /Subtype /XML", []byte(xmpPacket))
	irb := []byte("8BIM\x04\x24\x00\x00\x00\x00\x00\x04<x/>")
	w.obj(5, "<< /Type /Page /PieceInfo << /AdobePhotoshop << /Private << /ImageResources 6 0 R >> >> >> >>")
	w.stream(6, "", irb)
	at := w.b.Len()
	row := func(t, a, b int) []byte { return []byte{byte(t), byte(a >> 8), byte(a), byte(b)} }
	var data []byte
	data = append(data, row(0, 0, 0)...)
	data = append(data, row(2, 2, 0)...)
	data = append(data, row(1, w.offs[2], 0)...)
	data = append(data, row(1, w.offs[3], 0)...)
	data = append(data, row(2, 2, 1)...)
	data = append(data, row(1, w.offs[5], 0)...)
	data = append(data, row(1, w.offs[6], 0)...)
	data = append(data, row(1, at, 0)...)
	fmt.Fprintf(&w.b, "7 0 obj\n<< /Type /XRef /Size 8 /W [1 2 1] /Root 1 0 R /Filter /FlateDecode /Length %d >>\nstream\n", len(deflate(data)))
	w.b.Write(deflate(data))
	fmt.Fprintf(&w.b, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", at)
	return w.b.Bytes()
}

func locate(t *testing.T, b []byte, lim extract.Limits) (extract.Payloads, []string) {
	t.Helper()
	var ws extract.Warnings
	p, err := Locate(bytes.NewReader(b), int64(len(b)), lim, &ws)
	require.NoError(t, err)
	codes := []string{}
	for _, w := range ws.List {
		codes = append(codes, w.Code)
	}
	return p, codes
}

func TestLocate(t *testing.T) {
	damaged := bytes.Replace(basic(), []byte("startxref"), []byte("startxreX"), 1)
	tests := []struct {
		name  string
		file  []byte
		lim   extract.Limits
		xmp   []string
		irb   int
		warns []string
	}{
		{"catalog metadata", basic(), extract.Limits{}, []string{xmpPacket}, 0, []string{}},
		{"incremental update, flate", incremental(), extract.Limits{}, []string{xmpPacket}, 0, []string{}},
		{"xref stream, object stream, photoshop", xrefStream(), extract.Limits{}, []string{xmpPacket, "<x/>"}, 1, []string{}},
		{"damaged xref: scan", damaged, extract.Limits{}, []string{xmpPacket}, 0, []string{WarnXref, WarnScanned}},
		{"inflate bounded", incremental(), extract.Limits{MaxXMPBytes: 20}, nil, 0, []string{WarnInflate}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, codes := locate(t, tc.file, tc.lim)
			var got []string
			for _, x := range p.XMP {
				got = append(got, string(x.Data))
			}
			assert.Equal(t, tc.xmp, got)
			assert.Len(t, p.IRB, tc.irb)
			assert.Equal(t, tc.warns, codes)
			assert.Equal(t, "application/pdf", p.Facts.MIME)
			assert.Equal(t, "non-image", p.Facts.FileType)
		})
	}
}

func TestLocateNotPDF(t *testing.T) {
	_, err := Locate(bytes.NewReader([]byte("%!PS")), 4, extract.Limits{}, &extract.Warnings{})
	require.ErrorIs(t, err, extract.ErrUnsupportedFormat)
}

func TestParser(t *testing.T) {
	p := &parser{b: []byte(`<< /A 1 0 R /B [1 2.5 (a(b)\)c\101) <4142>] /C#20D true /E null >>`)}
	o, err := p.object(0)
	require.NoError(t, err)
	assert.Equal(t, object{kind: kRef, i: 1}, o.get("A"))
	arr := o.get("B").arr
	require.Len(t, arr, 4)
	assert.Equal(t, "a(b))cA", arr[2].s)
	assert.Equal(t, "AB", arr[3].s)
	assert.Equal(t, kBool, o.get("C D").kind)
	deep := bytes.Repeat([]byte("["), 100)
	_, err = (&parser{b: deep}).object(0)
	assert.Error(t, err)
}

func TestCorpus(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(testcorpus.Dir(), "document", "*.pdf"))
	if len(files) == 0 {
		t.Skip("shared corpus not present")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			b, err := os.ReadFile(f)
			require.NoError(t, err)
			p, codes := locate(t, b, extract.Limits{})
			assert.Empty(t, codes)
			require.Len(t, p.XMP, 1)
			assert.Contains(t, string(p.XMP[0].Data), "rdf:RDF")
		})
	}
}

func FuzzLocate(f *testing.F) {
	f.Add(basic())
	f.Add(incremental())
	f.Add(xrefStream())
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = Locate(bytes.NewReader(b), int64(len(b)), extract.Limits{MaxTotalRead: 1 << 20}, &extract.Warnings{})
	})
}

// TestIllustrator: a page-piece dictionary of Adobe Illustrator makes the file an
// Illustrator document (ExifTool's FileType AI), directly or through a reference; a
// Photoshop piece alone does not.
func TestIllustrator(t *testing.T) {
	for _, tc := range []struct {
		name, piece, mime string
		nested            bool
	}{
		{"Illustrator piece", "<< /Illustrator << /LastModified (D:2023) /Private 6 0 R >> >>", mimeAI, false},
		{"Illustrator piece by reference", "6 0 R", mimeAI, false},
		{"Photoshop piece", "<< /AdobePhotoshop << /LastModified (D:2023) >> >>", mimePDF, false},
		{"Illustrator piece of a page below an intermediate node", "6 0 R", mimePDF, true}, // ExifTool reads only the top Kids
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newBuilder()
			w.obj(1, "<< /Type /Catalog /Pages 2 0 R /Metadata 3 0 R >>")
			w.stream(3, "/Type /Metadata /Subtype /XML", []byte(xmpPacket))
			w.obj(4, "<< /Type /Page /Parent 2 0 R /PieceInfo "+tc.piece+" >>")
			w.obj(6, "<< /Illustrator << /Private 7 0 R >> >>")
			if tc.nested {
				w.obj(2, "<< /Type /Pages /Kids [5 0 R] /Count 1 >>")
				w.obj(5, "<< /Type /Pages /Parent 2 0 R /Kids [4 0 R] /Count 1 >>")
				w.table([]int{1, 2, 3, 4, 5, 6}, "/Size 7 /Root 1 0 R")
			} else {
				w.obj(2, "<< /Type /Pages /Kids [4 0 R] /Count 1 >>")
				w.table([]int{1, 2, 3, 4, 6}, "/Size 7 /Root 1 0 R")
			}
			p, codes := locate(t, w.b.Bytes(), extract.Limits{})
			assert.Empty(t, codes)
			assert.Len(t, p.XMP, 1)
			assert.Equal(t, tc.mime, p.Facts.MIME)
			assert.Equal(t, "non-image", p.Facts.FileType)
		})
	}
}
