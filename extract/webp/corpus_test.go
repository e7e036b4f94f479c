package webp

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
)

// TestFixtures checks the corpus files copied into testdata.
func TestFixtures(t *testing.T) {
	tests := []struct {
		file     string
		wantWarn []string
	}{
		{"gen-webp-exif-chunk-with-exif-header.webp", []string{WarnExifHeader}},
		{"gen-webp-lossy-exif-xmp.webp", nil},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", tc.file))
			require.NoError(t, err)
			p, warns, err := locate(b, extract.Limits{})
			require.NoError(t, err)
			require.Len(t, p.EXIF, 1)
			require.Len(t, p.XMP, 1)
			assert.True(t, bytes.HasPrefix(p.EXIF[0].Data, []byte("II*\x00")) || bytes.HasPrefix(p.EXIF[0].Data, []byte("MM\x00*")))
			assert.True(t, bytes.HasPrefix(p.XMP[0].Data, []byte("<?xpacket")))
			assert.Equal(t, tc.wantWarn, warns)
			assert.Equal(t, 64, p.Facts.Width)
			assert.Equal(t, 48, p.Facts.Height)
		})
	}
}

// TestCorpus walks every WebP of the shared corpus: no error, bounded time, payloads where
// ExifTool found tags, and ExifTool's image size.
func TestCorpus(t *testing.T) {
	for _, f := range testcorpus.Files(t, IsWebP) {
		t.Run(f.Name, func(t *testing.T) {
			start := time.Now()
			p, _, err := locate(f.Data, extract.Limits{})
			assert.Less(t, time.Since(start), testcorpus.HangGuard)
			require.NoError(t, err)
			exif, xmp, _ := f.Found()
			if exif {
				assert.NotEmpty(t, p.EXIF, "ExifTool found IFD0 tags")
			}
			if xmp {
				assert.NotEmpty(t, p.XMP, "ExifTool found XMP tags")
			}
		})
	}
}
