package png

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
)

// locate runs Locate over b and returns the payloads and the warning codes.
func locate(b []byte, lim extract.Limits) (extract.Payloads, []string, error) {
	var ws extract.Warnings
	p, err := Locate(bytes.NewReader(b), int64(len(b)), lim, &ws)
	codes := make([]string, 0, len(ws.List))
	for _, w := range ws.List {
		codes = append(codes, w.Code)
	}
	return p, codes, err
}

func TestLocate(t *testing.T) {
	iim := []byte{0x1C, 2, 25, 0, 5, 'a', 'l', 'p', 'h', 'a'}
	irb := append([]byte("8BIM\x04\x04\x00\x00\x00\x00\x00\x0A"), iim...)
	tests := []struct {
		name     string
		file     []byte
		wantEXIF [][]byte
		wantXMP  []string
		wantIRB  [][]byte
		wantIIM  [][]byte
		wantWarn []string
	}{
		{name: "no metadata", file: pngOf()},
		{name: "eXIf before IDAT", file: pngOf(chunk(typeEXIF, tiffBlob(6))), wantEXIF: [][]byte{tiffBlob(6)}},
		{
			name:     "eXIf after IDAT",
			file:     append(pngOf()[:len(pngOf())-12], append(chunk(typeEXIF, tiffBlob(3)), chunk(typeIEND)...)...),
			wantEXIF: [][]byte{tiffBlob(3)},
		},
		{
			name:     "eXIf with Exif header",
			file:     pngOf(chunk(typeEXIF, []byte("Exif\x00\x00"), tiffBlob(1))),
			wantEXIF: [][]byte{tiffBlob(1)},
			wantWarn: []string{WarnExifHeader},
		},
		{name: "empty eXIf", file: pngOf(chunk(typeEXIF)), wantWarn: []string{WarnEmptyExif}},
		{name: "iTXt XMP", file: pngOf(iTXt(keywordXMP, []byte(packet), false)), wantXMP: []string{packet}},
		{name: "compressed iTXt XMP", file: pngOf(iTXt(keywordXMP, []byte(packet), true)), wantXMP: []string{packet}},
		{name: "tEXt XMP", file: pngOf(tEXt(keywordXMP, []byte(packet))), wantXMP: []string{packet}},
		{name: "zTXt XMP", file: pngOf(zTXt(keywordXMP, []byte(packet))), wantXMP: []string{packet}},
		{name: "other text ignored", file: pngOf(tEXt("Comment", []byte("hi")), zTXt("Author", []byte("me")))},
		{
			name:     "raw profile exif with header",
			file:     pngOf(zTXt("Raw profile type exif", rawProfile("exif", append([]byte("Exif\x00\x00"), tiffBlob(8)...)))),
			wantEXIF: [][]byte{tiffBlob(8)},
		},
		{
			name:     "raw profile APP1 bare TIFF",
			file:     pngOf(tEXt("Raw profile type APP1", rawProfile("APP1", tiffBlob(2)))),
			wantEXIF: [][]byte{tiffBlob(2)},
		},
		{
			name:    "raw profile APP1 XMP",
			file:    pngOf(tEXt("Raw profile type APP1", rawProfile("APP1", append([]byte("http://ns.adobe.com/xap/1.0/\x00"), packet...)))),
			wantXMP: []string{packet},
		},
		{name: "raw profile xmp", file: pngOf(iTXt("Raw profile type xmp", rawProfile("xmp", []byte(packet)), true)), wantXMP: []string{packet}},
		{name: "raw profile iptc IIM", file: pngOf(tEXt("Raw profile type iptc", rawProfile("iptc", iim))), wantIIM: [][]byte{iim}},
		{name: "raw profile iptc IRB", file: pngOf(tEXt("Raw profile type iptc", rawProfile("iptc", irb))), wantIRB: [][]byte{irb}},
		{name: "raw profile 8bim", file: pngOf(tEXt("Raw profile type 8bim", rawProfile("8bim", irb))), wantIRB: [][]byte{irb}},
		{
			// Both copies are located; normalize ranks the second IIM block below the first
			// (RawEntry.Part), so the datasets count once.
			name:    "iptc repeated in 8bim: both located",
			file:    pngOf(tEXt("Raw profile type 8bim", rawProfile("8bim", irb)), tEXt("Raw profile type iptc", rawProfile("iptc", iim))),
			wantIRB: [][]byte{irb},
			wantIIM: [][]byte{iim},
		},
		{name: "raw profile icc ignored", file: pngOf(tEXt("Raw profile type icc", rawProfile("icc", []byte("xyz"))))},
		{
			name:     "raw profile short",
			file:     pngOf(tEXt("Raw profile type iptc", []byte("\niptc\n      20\n1c0219000161\n"))),
			wantIIM:  [][]byte{{0x1C, 2, 25, 0, 1, 'a'}},
			wantWarn: []string{WarnRawShort},
		},
		{
			name:     "raw profile bad digit",
			file:     pngOf(tEXt("Raw profile type iptc", []byte("\niptc\n4\n1c02zz\n"))),
			wantIIM:  [][]byte{{0x1C, 2}},
			wantWarn: []string{WarnRawProfile, WarnRawShort},
		},
		{name: "raw profile no length", file: pngOf(tEXt("Raw profile type exif", []byte("\nexif\nzz\n"))), wantWarn: []string{WarnRawProfile}},
		{name: "raw profile no header", file: pngOf(tEXt("Raw profile type exif", []byte("abc"))), wantWarn: []string{WarnRawProfile}},
		{
			name:     "bad zlib",
			file:     pngOf(chunk(typeZTXT, []byte("Raw profile type exif\x00\x00not zlib")), chunk(typeITXT, []byte(keywordXMP+"\x00\x01\x00\x00\x00x\x9c\x01\x02garbage"))),
			wantWarn: []string{WarnBadZlib, WarnBadZlib},
		},
		{
			name:     "bad CRC: data still used",
			file:     pngOf(badCRC(chunk(typeEXIF, tiffBlob(5)))),
			wantEXIF: [][]byte{tiffBlob(5)},
			wantWarn: []string{WarnBadCRC},
		},
		{name: "truncated in eXIf", file: pngOf(chunk(typeEXIF, tiffBlob(5)))[:70], wantWarn: []string{WarnTruncated}},
		{name: "huge length", file: hugeLength(), wantWarn: []string{WarnTruncated}},
		{name: "no IEND", file: pngOf(chunk(typeEXIF, tiffBlob(4)))[:len(pngOf(chunk(typeEXIF, tiffBlob(4))))-12], wantEXIF: [][]byte{tiffBlob(4)}, wantWarn: []string{WarnNoIEND}},
		{name: "iTXt cut short", file: pngOf(chunk(typeITXT, []byte(keywordXMP+"\x00\x00\x00en"))), wantWarn: []string{WarnBadText}},
		{
			name:     "bad chunk type stops the walk",
			file:     pngOf(chunk(typeEXIF, tiffBlob(4)), chunk("\x00\x00\x00\x00"), chunk(typeEXIF, tiffBlob(5))),
			wantEXIF: [][]byte{tiffBlob(4)},
			wantWarn: []string{WarnBadType},
		},
		{name: "text without keyword", file: pngOf(chunk(typeTEXT, []byte("no nul here"))), wantWarn: []string{WarnBadText}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, warns, err := locate(tc.file, extract.Limits{})
			require.NoError(t, err)
			assert.Equal(t, tc.wantEXIF, data(p.EXIF), "EXIF")
			assert.Equal(t, tc.wantIRB, data(p.IRB), "IRB")
			assert.Equal(t, tc.wantIIM, data(p.IIM), "IIM")
			var xmp []string
			for _, d := range data(p.XMP) {
				xmp = append(xmp, string(d))
			}
			assert.Equal(t, tc.wantXMP, xmp, "XMP")
			if tc.wantWarn == nil {
				assert.Empty(t, warns)
			} else {
				assert.Equal(t, tc.wantWarn, warns)
			}
		})
	}
}

// data returns the bytes of the payloads, nil when there are none.
func data(ps []extract.Payload) [][]byte {
	var out [][]byte
	for _, p := range ps {
		out = append(out, p.Data)
	}
	return out
}

// badCRC flips the last CRC byte of a chunk.
func badCRC(c []byte) []byte {
	c = append([]byte{}, c...)
	c[len(c)-1] ^= 0xFF
	return c
}

// hugeLength is a PNG whose second chunk claims 0x7FFFFFF0 bytes.
func hugeLength() []byte {
	b := append([]byte{}, signature...)
	b = append(b, ihdr(1, 1, 2)...)
	b = binary.BigEndian.AppendUint32(b, 0x7FFFFFF0)
	return append(append(b, typeEXIF...), tiffBlob(1)...)
}

// TestLocateOffsets: stored (uncompressed) payloads point at their bytes in the file.
func TestLocateOffsets(t *testing.T) {
	f := pngOf(chunk(typeEXIF, []byte("Exif\x00\x00"), tiffBlob(6)), iTXt(keywordXMP, []byte(packet), false), tEXt(keywordXMP, []byte(packet)))
	p, _, err := locate(f, extract.Limits{})
	require.NoError(t, err)
	require.Len(t, p.EXIF, 1)
	require.Len(t, p.XMP, 2)
	for _, q := range append(p.EXIF, p.XMP...) {
		assert.Equal(t, q.Data, f[q.Offset:q.Offset+int64(len(q.Data))])
	}
}

func TestLocateFacts(t *testing.T) {
	tests := []struct {
		name      string
		file      []byte
		w, h      int
		wantAlpha bool
	}{
		{"truecolour", pngOf(), 4, 3, false},
		{"truecolour with tRNS", pngOf(chunk(typeTRNS, []byte{0, 0, 0, 0, 0, 0})), 4, 3, true},
		{"RGBA", pngWith(ihdr(640, 480, 6)), 640, 480, true},
		{"grey alpha", pngWith(ihdr(1, 2, 4)), 1, 2, true},
		{"palette", pngWith(ihdr(7, 9, 3)), 7, 9, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, _, err := locate(tc.file, extract.Limits{})
			require.NoError(t, err)
			assert.Equal(t, "image/png", p.Facts.MIME)
			assert.Equal(t, "image", p.Facts.FileType)
			assert.Equal(t, tc.w, p.Facts.Width)
			assert.Equal(t, tc.h, p.Facts.Height)
			require.NotNil(t, p.Facts.HasAlpha)
			assert.Equal(t, tc.wantAlpha, *p.Facts.HasAlpha)
		})
	}
}

// pngWith is signature, the given IHDR, IDAT and IEND.
func pngWith(hdr []byte) []byte {
	b := append(append([]byte{}, signature...), hdr...)
	b = append(b, chunk("IDAT", []byte{0})...)
	return append(b, chunk(typeIEND)...)
}

func TestLocateErrors(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("\x89PNG"), []byte("GIF89a........")} {
		_, _, err := locate(b, extract.Limits{})
		var fe *extract.FormatError
		require.ErrorAs(t, err, &fe)
		assert.ErrorIs(t, err, extract.ErrUnsupportedFormat)
	}
}

func TestLocateLimits(t *testing.T) {
	big := bytes.Repeat([]byte(" "), 5000)
	t.Run("inflate bomb", func(t *testing.T) {
		f := pngOf(iTXt(keywordXMP, append([]byte(packet), big...), true))
		p, warns, err := locate(f, extract.Limits{MaxXMPBytes: 1000})
		require.NoError(t, err)
		assert.Empty(t, p.XMP)
		assert.Contains(t, warns, WarnInflateSize)
	})
	t.Run("segment", func(t *testing.T) {
		f := pngOf(chunk(typeEXIF, tiffBlob(1), big))
		p, warns, err := locate(f, extract.Limits{MaxSegment: 1000})
		require.NoError(t, err)
		assert.Empty(t, p.EXIF)
		assert.Contains(t, warns, WarnTooLarge)
	})
	t.Run("raw profile length", func(t *testing.T) {
		f := pngOf(tEXt("Raw profile type exif", []byte("\nexif\n99999999999999999999\n00")))
		_, warns, err := locate(f, extract.Limits{})
		require.NoError(t, err)
		assert.Contains(t, warns, WarnTooLarge)
	})
	t.Run("read budget", func(t *testing.T) {
		f := pngOf(chunk(typeEXIF, tiffBlob(1), big))
		p, warns, err := locate(f, extract.Limits{MaxTotalRead: 100})
		require.NoError(t, err)
		assert.Empty(t, p.EXIF)
		assert.Contains(t, warns, WarnReadLimit)
	})
}

func TestIsPNG(t *testing.T) {
	assert.True(t, IsPNG(pngOf()))
	assert.False(t, IsPNG(signature[:7]))
	assert.False(t, IsPNG([]byte("\xFF\xD8\xFF\xE0")))
}

// TestLocateReadsLittle: image data is skipped unread; only chunk headers and metadata
// chunks are read.
func TestLocateReadsLittle(t *testing.T) {
	f := pngOf(chunk(typeEXIF, tiffBlob(1)), chunk("IDAT", make([]byte, 1<<20)), chunk("IDAT", make([]byte, 1<<20)))
	r := &countingReader{Reader: bytes.NewReader(f)}
	var ws extract.Warnings
	p, err := Locate(r, int64(len(f)), extract.Limits{}, &ws)
	require.NoError(t, err)
	require.Len(t, p.EXIF, 1)
	assert.Empty(t, ws.List)
	assert.Less(t, r.n, int64(200), "bytes read")
}

// countingReader counts the bytes read.
type countingReader struct {
	*bytes.Reader
	n int64
}

func (c *countingReader) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.Reader.ReadAt(p, off)
	c.n += int64(n)
	return n, err
}
