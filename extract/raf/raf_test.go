package raf

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
)

func locate(b []byte, lim extract.Limits) (extract.Payloads, []string, error) {
	var ws extract.Warnings
	p, err := Locate(extract.Bytes(b), int64(len(b)), lim, &ws)
	codes := []string{}
	for _, w := range ws.List {
		codes = append(codes, w.Code)
	}
	return p, codes, err
}

func TestLocate(t *testing.T) {
	jpg := jpegOf(160, 120, true)
	full := rafOf(jpg, dir(entry{0x100, []byte{1, 2, 3, 4}}, cropped(4256, 1424)), dir(cropped(10, 20)), nil)
	tests := []struct {
		name  string
		file  []byte
		exif  int // Exif payloads
		xmp   int
		w, h  int
		warns []string
	}{
		{"cropped size from the first directory", full, 1, 1, 4256, 1424, []string{}},
		{"cropped size from the second directory", rafOf(jpg, dir(entry{0x100, []byte{1, 2, 3, 4}}), dir(cropped(10, 20)), nil), 1, 1, 10, 20, []string{}},
		{"no directory: the preview's size", rafOf(jpg, nil, nil, nil), 1, 1, 160, 120, []string{}},
		{"preview without SOF: no size", rafOf(jpegOf(0, 0, false), dir(cropped(4256, 1424)), nil, nil), 1, 0, 0, 0, []string{}},
		{"no preview", rafOf(nil, dir(cropped(4256, 1424)), nil, nil), 0, 0, 0, 0, []string{}},
		{"preview cut short", full[:0x94+40], 1, 0, 0, 0, []string{WarnTruncated, "jpeg.truncated-segment"}},
		{"directory of 256 entries", rafOf(jpg, []byte{0, 0, 1, 0, 0, 0, 0, 0}, nil, nil), 1, 1, 160, 120, []string{WarnBadDir}},
		{"entry past the directory's length", rafOf(jpg, dir(cropped(4256, 1424))[:9], nil, nil), 1, 1, 160, 120, []string{WarnBadDir}},
		{"directory past the end of the file", rafOf(jpg, dir(cropped(4256, 1424)), nil, nil)[:0x94+len(jpg)+9], 1, 1, 160, 120, []string{WarnTruncated}},
		{"directory inside the preview", rafOf(jpg, dir(cropped(4256, 1424)), nil, func(h []byte) {
			binary.BigEndian.PutUint32(h[offRAFDir:], 0x94+10)
		}), 1, 1, 160, 120, []string{WarnOverlap}},
		{"preview not a JPEG; a directory field after its start is not read", rafOf(jpg, dir(), []byte{0, 0, 1, 0x2C}, func(h []byte) {
			binary.BigEndian.PutUint32(h[offJPEG:], 0x78) // a second directory read would warn (300 entries)
		}), 0, 0, 0, 0, []string{WarnNoJPEG}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, codes, err := locate(tc.file, extract.Limits{})
			require.NoError(t, err)
			assert.Len(t, p.EXIF, tc.exif)
			assert.Len(t, p.XMP, tc.xmp)
			assert.Equal(t, tc.warns, codes)
			assert.Equal(t, extract.Facts{FileType: "image", MIME: mimeType, Width: tc.w, Height: tc.h, HasAlpha: extract.Bool(false)}, p.Facts)
			for _, pl := range append(p.EXIF, p.XMP...) {
				assert.Equal(t, pl.Data, tc.file[pl.Offset:pl.Offset+int64(len(pl.Data))], "payload offset")
			}
			if tc.exif > 0 {
				assert.Equal(t, tiffBlob, p.EXIF[0].Data)
			}
		})
	}
}

func TestLocateErrors(t *testing.T) {
	full := rafOf(jpegOf(8, 8, false), dir(cropped(4256, 1424)), nil, nil)
	for _, tc := range []struct {
		name        string
		file        []byte
		unsupported bool
	}{
		{"empty", nil, true},
		{"not a RAF", []byte("FUJIFILM-OTHER  and more bytes"), true},
		{"magic only", []byte(magic), false},
		{"header cut short", full[:minHeader-1], false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := locate(tc.file, extract.Limits{})
			var fe *extract.FormatError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tc.unsupported, errors.Is(err, extract.ErrUnsupportedFormat))
		})
	}
}

func TestLocateReadLimit(t *testing.T) {
	b := rafOf(jpegOf(8, 8, false), dir(cropped(4256, 1424)), nil, nil)
	_, codes, err := locate(b, extract.Limits{MaxTotalRead: 0x90})
	require.NoError(t, err)
	assert.Contains(t, codes, WarnReadLimit)
}

// TestLocateReadsForward: the walker never reads the CFA data, and reads its regions in
// ascending order (a stream serves it without keeping what it passes).
func TestLocateReadsForward(t *testing.T) {
	b := rafOf(jpegOf(8, 8, false), dir(cropped(4256, 1424)), dir(cropped(1, 1)), nil)
	b = append(b, make([]byte, 1<<20)...)
	r := &orderReader{b: b}
	_, err := Locate(r, int64(len(b)), extract.Limits{}, &extract.Warnings{})
	require.NoError(t, err)
	assert.Less(t, r.furthest, int64(len(b)-1<<20))
	assert.Zero(t, r.backward, "reads before an earlier region's end")
}

func TestSample(t *testing.T) {
	b, err := os.ReadFile("../../testdata/formats/raf/FujiFilm.raf")
	require.NoError(t, err)
	p, codes, err := locate(b, extract.Limits{})
	require.NoError(t, err)
	assert.Empty(t, codes)
	require.Len(t, p.EXIF, 1)
	assert.Equal(t, int64(0x94+12), p.EXIF[0].Offset)
	assert.True(t, bytes.HasPrefix(p.EXIF[0].Data, []byte("II*\x00")))
	assert.Equal(t, extract.Facts{FileType: "image", MIME: mimeType, Width: 4256, Height: 1424, HasAlpha: extract.Bool(false)}, p.Facts)
}

func TestIsRAF(t *testing.T) {
	assert.True(t, IsRAF([]byte(magic+"0201")))
	assert.False(t, IsRAF([]byte("FUJIFILM")))
	assert.False(t, IsRAF(nil))
}

// orderReader records the furthest byte read and counts reads that start before the end of
// a read at least 4 KiB earlier in the file (the header excepted).
type orderReader struct {
	b        []byte
	furthest int64
	backward int
}

func (r *orderReader) ReadAt(p []byte, off int64) (int, error) {
	if off >= 0x94 && off+4096 < r.furthest {
		r.backward++
	}
	n, err := extract.Bytes(r.b).ReadAt(p, off)
	r.furthest = max(r.furthest, off+int64(n))
	return n, err
}

// TestWarningOffsetsInFile: the JPEG walker's warnings about the preview carry offsets in
// the file, not in the preview.
func TestWarningOffsetsInFile(t *testing.T) {
	b := rafOf(jpegOf(8, 8, false), nil, nil, nil)[:0x94+10]
	var ws extract.Warnings
	_, err := Locate(extract.Bytes(b), int64(len(b)), extract.Limits{}, &ws)
	require.NoError(t, err)
	require.Len(t, ws.List, 2)
	assert.Equal(t, "jpeg.truncated-segment", ws.List[1].Code)
	assert.Equal(t, int64(0x94+2), ws.List[1].Offset)
}
