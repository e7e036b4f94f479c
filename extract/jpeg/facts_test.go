package jpeg

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
)

// sofSeg is a start-of-frame segment with marker m: precision 8, h lines, w samples, 3 components.
func sofSeg(m byte, w, h int) []byte {
	return seg(m, []byte{8, byte(h >> 8), byte(h), byte(w >> 8), byte(w), 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1})
}

// TestLocateFacts checks the file facts read from the first SOFn (T.81 §B.2.2).
func TestLocateFacts(t *testing.T) {
	tests := []struct {
		name          string
		file          []byte
		width, height int
	}{
		{"baseline", jpegOf(sofSeg(0xC0, 640, 480)), 640, 480},
		{"progressive", jpegOf(exifSeg(1), sofSeg(0xC2, 3000, 2000)), 3000, 2000},
		{"lossless", jpegOf(sofSeg(0xC3, 17, 9)), 17, 9},
		{"DHT is not a frame", jpegOf(seg(0xC4, []byte{0, 1, 2, 3, 4, 5}), sofSeg(0xC1, 2, 3)), 2, 3},
		{"DAC is not a frame", jpegOf(seg(0xCC, []byte{0, 1, 2, 3, 4, 5}), sofSeg(0xC9, 4, 5)), 4, 5},
		{"first frame wins", jpegOf(sofSeg(0xC0, 10, 20), sofSeg(0xC0, 30, 40)), 10, 20},
		{"short frame header", jpegOf(seg(0xC0, []byte{8, 0})), 0, 0},
		{"no frame", jpegOf(exifSeg(1)), 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, _, err := locate(tc.file, extract.Limits{})
			require.NoError(t, err)
			assert.Equal(t, "image", p.Facts.FileType)
			assert.Equal(t, "image/jpeg", p.Facts.MIME)
			require.NotNil(t, p.Facts.HasAlpha)
			assert.False(t, *p.Facts.HasAlpha)
			assert.Equal(t, tc.width, p.Facts.Width)
			assert.Equal(t, tc.height, p.Facts.Height)
		})
	}
}
