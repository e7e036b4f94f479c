package png

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
)

// TestFixtures checks the payloads of the corpus files copied into testdata.
func TestFixtures(t *testing.T) {
	tests := []struct {
		file                string
		exif, xmp, irb, iim int
		wantWarn            []string
	}{
		{"gen-png-exif-bad-crc.png", 1, 0, 0, 0, []string{WarnBadCRC}},
		{"gen-png-imagemagick-converted.png", 1, 1, 1, 1, nil}, // the iptc profile repeats the 8bim one: normalize ranks it second
		{"gen-png-raw-profile-app1-8bim-compressed-itxt.png", 1, 1, 1, 0, nil},
		{"gen-png-raw-profile-ztxt-exif-text-iptc.png", 1, 0, 0, 1, nil},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", tc.file))
			require.NoError(t, err)
			p, warns, err := locate(b, extract.Limits{})
			require.NoError(t, err)
			assert.Len(t, p.EXIF, tc.exif, "EXIF")
			assert.Len(t, p.XMP, tc.xmp, "XMP")
			assert.Len(t, p.IRB, tc.irb, "IRB")
			assert.Len(t, p.IIM, tc.iim, "IIM")
			assert.Equal(t, tc.wantWarn, nilIfEmpty(warns))
			assert.Equal(t, 64, p.Facts.Width)
			assert.Equal(t, 48, p.Facts.Height)
			for _, e := range p.EXIF {
				assert.True(t, isTIFFHeader(e.Data))
			}
		})
	}
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

// TestCorpus walks every PNG of the shared corpus: no error, bounded time, and a payload of
// each kind wherever ExifTool found tags of that kind.
func TestCorpus(t *testing.T) {
	for _, f := range testcorpus.Files(t, IsPNG) {
		t.Run(f.Name, func(t *testing.T) {
			start := time.Now()
			p, _, err := locate(f.Data, extract.Limits{})
			assert.Less(t, time.Since(start), testcorpus.HangGuard)
			require.NoError(t, err)
			assert.Equal(t, "image/png", p.Facts.MIME)
			exif, xmp, iptc := f.Found()
			if exif {
				assert.NotEmpty(t, p.EXIF, "ExifTool found IFD0 tags")
			}
			if xmp {
				assert.NotEmpty(t, p.XMP, "ExifTool found XMP tags")
			}
			if iptc {
				assert.True(t, len(p.IRB)+len(p.IIM) > 0, "ExifTool found IPTC tags")
			}
		})
	}
}
