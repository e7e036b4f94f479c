package mrw

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

const packet = `<x:xmpmeta xmlns:x="adobe:ns:meta/"/>`

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
	be, le := binary.BigEndian, binary.LittleEndian
	full := mrwOf(be, block(be, "\x00PRD", prd(be, 3264, 2448)), block(be, "\x00TTW", ttwOf(be, 640, 480, packet)), block(be, "\x00WBG", []byte{2, 2, 2, 2, 1, 0xb6, 1, 0, 1, 0, 1, 0xfd}))
	tests := []struct {
		name  string
		file  []byte
		exif  int
		xmp   int
		w, h  int
		warns []string
	}{
		{"PRD size, TTW EXIF and XMP", full, 1, 1, 3264, 2448, []string{}},
		{"little-endian", mrwOf(le, block(le, "\x00PRD", prd(le, 30, 20)), block(le, "\x00TTW", ttwOf(le, 640, 480, ""))), 1, 0, 30, 20, []string{}},
		{"TTW before PRD: PRD's size", mrwOf(be, block(be, "\x00TTW", ttwOf(be, 640, 480, "")), block(be, "\x00PRD", prd(be, 30, 20))), 1, 0, 30, 20, []string{}},
		{"no PRD: IFD0's size", mrwOf(be, block(be, "\x00TTW", ttwOf(be, 640, 480, ""))), 1, 0, 640, 480, []string{}},
		{"short PRD", mrwOf(be, block(be, "\x00PRD", prd(be, 30, 20)[:14]), block(be, "\x00TTW", ttwOf(be, 640, 480, ""))), 1, 0, 640, 480, []string{}},
		{"no TTW", mrwOf(be, block(be, "\x00PRD", prd(be, 30, 20))), 0, 0, 30, 20, []string{}},
		{"TTW not TIFF", mrwOf(be, block(be, "\x00TTW", []byte("not a tiff structure"))), 0, 0, 0, 0, []string{WarnBadTTW}},
		{"cut in the TTW block", full[:60], 0, 0, 3264, 2448, []string{WarnTruncated}},
		{"cut in a block header", full[:44], 0, 0, 3264, 2448, []string{WarnTruncated}},
		{"blocks longer than the header says", func() []byte {
			b := bytes.Clone(full)
			be.PutUint32(b[4:], be.Uint32(b[4:])-4)
			return b
		}(), 1, 1, 3264, 2448, []string{WarnStructure}},
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
			if tc.xmp > 0 {
				assert.Equal(t, packet, string(p.XMP[0].Data))
			}
		})
	}
}

func TestLocateLimits(t *testing.T) {
	be := binary.BigEndian
	b := mrwOf(be, block(be, "\x00PRD", prd(be, 30, 20)), block(be, "\x00TTW", ttwOf(be, 640, 480, packet)))
	p, codes, err := locate(b, extract.Limits{MaxSegment: 16})
	require.NoError(t, err)
	assert.Empty(t, p.EXIF)
	assert.Equal(t, []string{WarnTooLarge}, codes)
	_, codes, err = locate(b, extract.Limits{MaxTotalRead: 40})
	require.NoError(t, err)
	assert.Contains(t, codes, WarnReadLimit)
}

func TestLocateErrors(t *testing.T) {
	for _, tc := range []struct {
		name        string
		file        []byte
		unsupported bool
	}{
		{"empty", nil, true},
		{"other magic", []byte("\x00MRX\x00\x00\x00\x00"), true},
		{"header cut short", []byte("\x00MRM\x00\x00"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := locate(tc.file, extract.Limits{})
			var fe *extract.FormatError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tc.unsupported, errors.Is(err, extract.ErrUnsupportedFormat))
		})
	}
}

func TestLocateSkipsImageData(t *testing.T) {
	be := binary.BigEndian
	b := mrwOf(be, block(be, "\x00PRD", prd(be, 30, 20)), block(be, "\x00TTW", ttwOf(be, 640, 480, "")))
	n := len(b)
	b = append(b, make([]byte, 1<<20)...)
	r := &farReader{b: b}
	_, err := Locate(r, int64(len(b)), extract.Limits{}, &extract.Warnings{})
	require.NoError(t, err)
	assert.LessOrEqual(t, r.furthest, int64(n))
}

func TestSample(t *testing.T) {
	b, err := os.ReadFile("../../testdata/formats/mrw/Minolta.mrw")
	require.NoError(t, err)
	p, codes, err := locate(b, extract.Limits{})
	require.NoError(t, err)
	assert.Empty(t, codes)
	require.Len(t, p.EXIF, 1)
	assert.Equal(t, int64(0x30), p.EXIF[0].Offset)
	assert.True(t, bytes.HasPrefix(p.EXIF[0].Data, []byte("MM\x00*")))
	assert.Equal(t, extract.Facts{FileType: "image", MIME: mimeType, Width: 3264, Height: 2448, HasAlpha: extract.Bool(false)}, p.Facts)
}

func TestIsMRW(t *testing.T) {
	assert.True(t, IsMRW([]byte("\x00MRM")))
	assert.True(t, IsMRW([]byte("\x00MRI")))
	assert.False(t, IsMRW([]byte("\x00MR")))
	assert.False(t, IsMRW([]byte("MMRM")))
}

// farReader records the furthest byte read.
type farReader struct {
	b        []byte
	furthest int64
}

func (r *farReader) ReadAt(p []byte, off int64) (int, error) {
	n, err := extract.Bytes(r.b).ReadAt(p, off)
	r.furthest = max(r.furthest, off+int64(n))
	return n, err
}
