package jxl

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
)

func locate(t *testing.T, b []byte, lim extract.Limits) (extract.Payloads, []string) {
	t.Helper()
	var ws extract.Warnings
	p, err := Locate(bytes.NewReader(b), int64(len(b)), lim, &ws)
	require.NoError(t, err)
	var codes []string
	for _, w := range ws.List {
		codes = append(codes, w.Code)
	}
	return p, codes
}

func TestLocate(t *testing.T) {
	tiff := tiffII("Camera")
	tests := []struct {
		name       string
		file       []byte
		exif, xmp  int
		w, h       int
		warnCodes  []string
		lim        extract.Limits
		wantNoSize bool
	}{
		{name: "plain boxes", file: container(box("Exif", exifBox()), box("xml ", []byte(xmpPacket)), box("jxlc", codestream(64, 48, 0))), exif: 1, xmp: 1, w: 64, h: 48},
		{name: "brob boxes", file: container(box("brob", []byte("Exif"), compress(exifBox())), box("brob", []byte("xml "), compress([]byte(xmpPacket))), box("jxlc", codestream(1000, 700, 0))), exif: 1, xmp: 1, w: 1000, h: 700},
		{name: "jxlp parts, ratio 16:9", file: container(box("jxlp", []byte{0, 0, 0, 0}, codestream(0, 720, 5)), box("jxlp", []byte{0x80, 0, 0, 1}, []byte("rest"))), w: 1280, h: 720},
		{name: "naked codestream", file: codestream(2000, 1000, 0), w: 2000, h: 1000},
		{name: "no codestream", file: container(box("xml ", []byte(xmpPacket))), xmp: 1, warnCodes: []string{WarnSize}},
		{name: "bad brotli", file: container(box("brob", []byte("xml "), []byte("not brotli")), box("jxlc", codestream(8, 8, 0))), w: 8, h: 8, warnCodes: []string{WarnBrotli}},
		{name: "brotli bomb", file: container(box("brob", []byte("xml "), compress(make([]byte, 4<<20))), box("jxlc", codestream(8, 8, 0))), w: 8, h: 8,
			warnCodes: []string{WarnBrotliSize}, lim: extract.Limits{MaxXMPBytes: 1 << 20}},
		{name: "Exif without TIFF", file: container(box("Exif", []byte("\x00\x00\x00\x00junk")), box("jxlc", codestream(8, 8, 0))), w: 8, h: 8, warnCodes: []string{WarnExif}},
		{name: "box beyond EOF", file: container(box("jxlc", codestream(16, 8, 0)), []byte("\x00\x00\x10\x00xml "+xmpPacket)), xmp: 1, w: 16, h: 8, warnCodes: []string{"jxl.box-size"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.True(t, IsJXL(tc.file))
			p, codes := locate(t, tc.file, tc.lim)
			assert.Equal(t, tc.warnCodes, codes)
			require.Len(t, p.EXIF, tc.exif)
			require.Len(t, p.XMP, tc.xmp)
			for _, e := range p.EXIF {
				assert.Equal(t, tiff, e.Data)
			}
			for _, x := range p.XMP {
				assert.Equal(t, xmpPacket, string(x.Data))
			}
			assert.Equal(t, "image/jxl", p.Facts.MIME)
			assert.Equal(t, "image", p.Facts.FileType)
			assert.Equal(t, [2]int{tc.w, tc.h}, [2]int{p.Facts.Width, p.Facts.Height})
		})
	}
}

func TestSizeHeaderRatios(t *testing.T) {
	for ratio, want := range map[uint32]int{1: 600, 2: 720, 3: 800, 4: 900, 5: 1066, 6: 750, 7: 1200} {
		w, h, ok := sizeHeader(codestream(0, 600, ratio))
		require.True(t, ok)
		assert.Equal(t, uint32(600), h)
		assert.Equal(t, uint32(want), w, "ratio %d", ratio)
	}
	_, _, ok := sizeHeader([]byte{0xFF, 0x0A})
	assert.False(t, ok, "truncated")
	_, _, ok = sizeHeader([]byte{0xFF, 0xD8, 0})
	assert.False(t, ok, "no signature")
}

func TestNotJXL(t *testing.T) {
	var ws extract.Warnings
	_, err := Locate(bytes.NewReader([]byte("GIF89a")), 6, extract.Limits{}, &ws)
	assert.ErrorIs(t, err, extract.ErrUnsupportedFormat)
	assert.False(t, IsJXL([]byte("\x00\x00\x00\x0cftypheic")))
}

// TestCorpus reads the JPEG XL files of the shared corpus.
func TestCorpus(t *testing.T) {
	dir := filepath.Join(testcorpus.Dir(), "jxl")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("shared corpus not present")
	}
	want := map[string][4]int{ // EXIF, XMP, width, height
		"exiftool-JXL2.jxl":              {1, 1, 0, 0},
		"gen-jxl-container-exif-xmp.jxl": {1, 1, 64, 48},
		"gen-jxl-recompressed-jpeg.jxl":  {1, 1, 0, 0},
	}
	for name, n := range want {
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(dir, name))
			require.NoError(t, err)
			p, codes := locate(t, b, extract.Limits{})
			t.Log(codes, p.Facts)
			assert.Len(t, p.EXIF, n[0])
			assert.Len(t, p.XMP, n[1])
			if n[2] != 0 {
				assert.Equal(t, [2]int{n[2], n[3]}, [2]int{p.Facts.Width, p.Facts.Height})
			}
		})
	}
}
