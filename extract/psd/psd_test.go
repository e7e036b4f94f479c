package psd

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
)

// res is one "8BIM" image resource with an empty name.
func res(id uint16, data string) []byte {
	b := []byte{'8', 'B', 'I', 'M', byte(id >> 8), byte(id), 0, 0, 0, 0, 0, 0}
	binary.BigEndian.PutUint32(b[8:], uint32(len(data)))
	b = append(b, data...)
	if len(data)%2 == 1 {
		b = append(b, 0)
	}
	return b
}

// psdFile builds a PSD: header (channels, mode, w, h), colour-mode data, resources, and
// some layer/image bytes.
func psdFile(channels, mode uint16, w, h uint32, resources ...[]byte) []byte {
	b := []byte("8BPS\x00\x01\x00\x00\x00\x00\x00\x00")
	b = binary.BigEndian.AppendUint16(b, channels)
	b = binary.BigEndian.AppendUint32(b, h)
	b = binary.BigEndian.AppendUint32(b, w)
	b = binary.BigEndian.AppendUint16(b, 8)
	b = binary.BigEndian.AppendUint16(b, mode)
	b = binary.BigEndian.AppendUint32(b, 3)
	b = append(b, 1, 2, 3)
	rs := bytes.Join(resources, nil)
	b = binary.BigEndian.AppendUint32(b, uint32(len(rs)))
	b = append(b, rs...)
	return append(b, 0, 0, 0, 0, 0xAA, 0xBB)
}

const tiff = "MM\x00*\x00\x00\x00\x08\x00\x00"

func locate(t *testing.T, b []byte) (extract.Payloads, []string, error) {
	t.Helper()
	var ws extract.Warnings
	p, err := Locate(bytes.NewReader(b), int64(len(b)), extract.Limits{}, &ws)
	codes := []string{}
	for _, w := range ws.List {
		codes = append(codes, w.Code)
	}
	return p, codes, err
}

func TestLocate(t *testing.T) {
	tests := []struct {
		name      string
		file      []byte
		exif, xmp []string
		irb       int
		w, h      int
		alpha     *bool
		warns     []string
	}{
		{"all three", psdFile(3, 3, 64, 48, res(0x0404, "\x1c\x02\x00\x00\x02\x00\x04"), res(0x0422, tiff), res(0x0424, "<x:xmpmeta/>")),
			[]string{tiff}, []string{"<x:xmpmeta/>"}, 1, 64, 48, extract.Bool(false), []string{}},
		{"rgb with alpha", psdFile(4, 3, 1, 2), nil, nil, 0, 1, 2, extract.Bool(true), []string{}},
		{"cmyk", psdFile(4, 4, 1, 2), nil, nil, 0, 1, 2, extract.Bool(false), []string{}},
		{"multichannel", psdFile(5, 7, 1, 2), nil, nil, 0, 1, 2, nil, []string{}},
		{"exif not tiff", psdFile(3, 3, 1, 1, res(0x0422, "junk")), nil, nil, 1, 1, 1, extract.Bool(false), []string{WarnEXIF}},
		{"0x0423 ignored", psdFile(3, 3, 1, 1, res(0x0423, tiff)), nil, nil, 1, 1, 1, extract.Bool(false), []string{}},
		{"truncated resources", psdFile(3, 3, 1, 1, res(0x0424, "<x/>"))[:40], nil, nil, 0, 1, 1, extract.Bool(false), []string{WarnTruncated}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, codes, err := locate(t, tc.file)
			require.NoError(t, err)
			assert.Equal(t, tc.exif, datas(p.EXIF))
			assert.Equal(t, tc.xmp, datas(p.XMP))
			assert.Len(t, p.IRB, tc.irb)
			assert.Equal(t, "image", p.Facts.FileType)
			assert.Equal(t, "application/vnd.adobe.photoshop", p.Facts.MIME)
			assert.Equal(t, tc.w, p.Facts.Width)
			assert.Equal(t, tc.h, p.Facts.Height)
			assert.Equal(t, tc.alpha, p.Facts.HasAlpha)
			assert.Equal(t, tc.warns, codes)
			for _, pl := range append(append(p.EXIF, p.XMP...), p.IRB...) {
				assert.Equal(t, pl.Data, tc.file[pl.Offset:pl.Offset+int64(len(pl.Data))], "offset")
			}
		})
	}
}

func TestLocateNotPSD(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("8BPS"), []byte("8BPS\x00\x03" + string(make([]byte, 30))), []byte("GIF89a")} {
		_, _, err := locate(t, b)
		require.ErrorIs(t, err, extract.ErrUnsupportedFormat)
	}
}

func TestIsPSD(t *testing.T) {
	assert.True(t, IsPSD([]byte("8BPS\x00\x01")))
	assert.True(t, IsPSD([]byte("8BPS\x00\x02")))
	assert.False(t, IsPSD([]byte("8BPS\x00\x03")))
	assert.False(t, IsPSD([]byte("8BIM\x00\x01")))
}

func TestLocateSkipsImageData(t *testing.T) {
	b := psdFile(3, 3, 1, 1, res(0x0424, "<x/>"))
	b = append(b, make([]byte, 1<<20)...)
	cr := &countingReader{Reader: bytes.NewReader(b)}
	_, err := Locate(cr, int64(len(b)), extract.Limits{}, &extract.Warnings{})
	require.NoError(t, err)
	assert.Less(t, cr.furthest, int64(200))
}

func TestCorpus(t *testing.T) {
	dir := filepath.Join(testcorpus.Dir(), "psd")
	files, _ := filepath.Glob(filepath.Join(dir, "*.psd"))
	if len(files) == 0 {
		t.Skip("shared corpus not present")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			b, err := os.ReadFile(f)
			require.NoError(t, err)
			p, codes, err := locate(t, b)
			require.NoError(t, err)
			assert.Empty(t, codes)
			assert.Len(t, p.IRB, 1)
			assert.Len(t, p.EXIF, 1)
			assert.Len(t, p.XMP, 1)
			assert.Positive(t, p.Facts.Width)
		})
	}
}

func FuzzLocate(f *testing.F) {
	f.Add(psdFile(3, 3, 64, 48, res(0x0404, "\x1c\x02\x00\x00\x02\x00\x04"), res(0x0422, tiff), res(0x0424, "<x:xmpmeta/>")))
	f.Add(psdFile(4, 1, 1, 1))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := Locate(bytes.NewReader(b), int64(len(b)), extract.Limits{}, &extract.Warnings{})
		if err != nil {
			return
		}
		for _, pl := range append(append(p.EXIF, p.XMP...), p.IRB...) {
			if pl.Offset < 0 || pl.Offset+int64(len(pl.Data)) > int64(len(b)) {
				t.Fatalf("payload outside the file")
			}
		}
	})
}

func datas(ps []extract.Payload) []string {
	var out []string
	for _, p := range ps {
		out = append(out, string(p.Data))
	}
	return out
}

type countingReader struct {
	*bytes.Reader
	furthest int64
}

func (c *countingReader) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.Reader.ReadAt(p, off)
	if end := off + int64(n); end > c.furthest {
		c.furthest = end
	}
	return n, err
}
