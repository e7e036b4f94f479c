package webp

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
	var codes []string
	for _, w := range ws.List {
		codes = append(codes, w.Code)
	}
	return p, codes, err
}

func data(ps []extract.Payload) [][]byte {
	var out [][]byte
	for _, p := range ps {
		out = append(out, p.Data)
	}
	return out
}

func TestLocate(t *testing.T) {
	tests := []struct {
		name      string
		file      []byte
		wantEXIF  [][]byte
		wantXMP   [][]byte
		wantWarn  []string
		w, h      int
		wantAlpha bool
		duration  float64
	}{
		{name: "simple lossy", file: riffFile(vp8(64, 48)), w: 64, h: 48},
		{name: "simple lossless alpha", file: riffFile(vp8l(300, 200, true)), w: 300, h: 200, wantAlpha: true},
		{
			name: "extended", file: riffFile(vp8x(0x0C, 64, 48), vp8(64, 48), chunk("EXIF", tiffBlob(6)), chunk("XMP ", []byte(packet))),
			wantEXIF: [][]byte{tiffBlob(6)}, wantXMP: [][]byte{[]byte(packet)}, w: 64, h: 48,
		},
		{
			name: "odd-sized XMP is padded", file: riffFile(vp8x(0x04, 2, 2), chunk("XMP ", []byte(packet+" ")), chunk("EXIF", tiffBlob(1))),
			wantEXIF: [][]byte{tiffBlob(1)}, wantXMP: [][]byte{[]byte(packet + " ")}, w: 2, h: 2,
		},
		{
			name: "Exif header stripped", file: riffFile(vp8x(0x08, 5, 6), chunk("EXIF", []byte("Exif\x00\x00"), tiffBlob(3))),
			wantEXIF: [][]byte{tiffBlob(3)}, wantWarn: []string{WarnExifHeader}, w: 5, h: 6,
		},
		{name: "EXIF without TIFF", file: riffFile(vp8x(0x08, 5, 6), chunk("EXIF", []byte("junk"))), wantWarn: []string{WarnBadExif}, w: 5, h: 6},
		{name: "VP8X alpha and ALPH", file: riffFile(vp8x(0x10, 16, 16), chunk("ALPH", []byte{0}), vp8(16, 16)), w: 16, h: 16, wantAlpha: true},
		{name: "canvas wins over frame", file: riffFile(vp8x(0, 1<<24, 3), vp8(10, 10)), w: 1 << 24, h: 3},
		{
			name: "animation", file: riffFile(vp8x(0x02, 4, 4), chunk("ANIM", make([]byte, 6)), anmf(100), anmf(250)),
			w: 4, h: 4, duration: 0.35,
		},
		{name: "bad VP8", file: riffFile(chunk("VP8 ", []byte{1, 0, 0, 0, 0, 0, 0, 0, 0, 0})), wantWarn: []string{WarnBadFrame}},
		{name: "short VP8L", file: riffFile(chunk("VP8L", []byte{0x2f})), wantWarn: []string{WarnBadFrame}},
		{name: "VP8L without signature", file: riffFile(chunk("VP8L", []byte{1, 2, 3, 4, 5})), wantWarn: []string{WarnBadFrame}},
		{
			name: "EXIF beyond EOF", file: riffFile(vp8x(0x08, 64, 48), vp8(64, 48), chunk("EXIF", tiffBlob(1)))[:60],
			wantWarn: []string{WarnRIFFSize, WarnTruncated}, w: 64, h: 48,
		},
		{
			name: "RIFF size too large", file: withRIFFSize(riffFile(vp8x(0x08, 64, 48), chunk("EXIF", tiffBlob(2))), 0x7FFFFFF0),
			wantEXIF: [][]byte{tiffBlob(2)}, wantWarn: []string{WarnRIFFSize}, w: 64, h: 48,
		},
		{name: "header cut", file: append(riffFile(vp8(8, 8)), 'E', 'X'), wantWarn: []string{WarnRIFFSize, WarnTruncated}, w: 8, h: 8},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, warns, err := locate(tc.file, extract.Limits{})
			require.NoError(t, err)
			assert.Equal(t, tc.wantEXIF, data(p.EXIF), "EXIF")
			assert.Equal(t, tc.wantXMP, data(p.XMP), "XMP")
			assert.Equal(t, tc.wantWarn, warns)
			assert.Equal(t, "image/webp", p.Facts.MIME)
			assert.Equal(t, tc.w, p.Facts.Width)
			assert.Equal(t, tc.h, p.Facts.Height)
			if tc.w > 0 {
				require.NotNil(t, p.Facts.HasAlpha)
				assert.Equal(t, tc.wantAlpha, *p.Facts.HasAlpha)
			}
			assert.InDelta(t, tc.duration, p.Facts.Duration, 1e-9)
			for _, q := range append(p.EXIF, p.XMP...) {
				assert.Equal(t, q.Data, tc.file[q.Offset:q.Offset+int64(len(q.Data))], "offset points at the data")
			}
		})
	}
}

func withRIFFSize(b []byte, n uint32) []byte {
	binary.LittleEndian.PutUint32(b[4:], n)
	return b
}

func TestLocateErrors(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("RIFF\x04\x00\x00\x00WAVE"), []byte("RIFF")} {
		_, _, err := locate(b, extract.Limits{})
		var fe *extract.FormatError
		require.ErrorAs(t, err, &fe)
		assert.ErrorIs(t, err, extract.ErrUnsupportedFormat)
	}
}

func TestLocateLimits(t *testing.T) {
	big := bytes.Repeat([]byte{' '}, 5000)
	f := riffFile(vp8x(0x0C, 1, 1), chunk("EXIF", tiffBlob(1), big), chunk("XMP ", []byte(packet), big))
	p, warns, err := locate(f, extract.Limits{MaxSegment: 1000, MaxXMPBytes: 1000})
	require.NoError(t, err)
	assert.Empty(t, p.EXIF)
	assert.Empty(t, p.XMP)
	assert.Equal(t, []string{WarnTooLarge, WarnTooLarge}, warns)

	p, warns, err = locate(f, extract.Limits{MaxTotalRead: 100})
	require.NoError(t, err)
	assert.Empty(t, p.EXIF)
	assert.Contains(t, warns, WarnReadLimit)
}

func TestIsWebP(t *testing.T) {
	assert.True(t, IsWebP(riffFile()))
	assert.False(t, IsWebP([]byte("RIFF\x00\x00\x00\x00AVI ")))
	assert.False(t, IsWebP([]byte("RIFF")))
}

// TestRIFFSizeWarningFirst: the RIFF size warning, decided after the walk, is listed before
// the walk's warnings and, when the list is full, kept in place of the last of them, as
// when it was added first.
func TestRIFFSizeWarningFirst(t *testing.T) {
	b := append(riffFile(chunk("EXIF", []byte("nope"))), 0) // a byte more than RIFF says: a header cut off
	all := []string{"before", WarnRIFFSize, WarnBadExif, WarnTruncated}
	for max := 1; max <= len(all)+1; max++ {
		ws := extract.Warnings{Max: max}
		ws.Add("before", 0, 0, "a warning added before Locate")
		_, err := Locate(bytes.NewReader(b), int64(len(b)), extract.Limits{}, &ws)
		require.NoError(t, err)
		var codes []string
		for _, w := range ws.List {
			codes = append(codes, w.Code)
		}
		want := all[:min(max, len(all))]
		assert.Equal(t, want, codes, "Max %d", max)
		assert.Equal(t, len(all)-len(want), ws.Dropped, "Max %d", max)
	}
}
