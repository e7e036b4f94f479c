package isobmff

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
)

var corpusDir = testcorpus.Dir()

// TestCorpus walks every ISO BMFF file of the corpus: no error, payloads inside the
// file, and the payload counts the files are known to carry.
func TestCorpus(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skip("shared corpus not present")
	}
	want := map[string][2]int{ // EXIF, XMP payloads
		"heif/IMG_5195.HEIC":                          {1, 1},
		"heif/exiftool-QuickTime.heic":                {0, 0},
		"heif/gen-heic-exif-xmp.heic":                 {1, 1},
		"heif/heic-single.heic":                       {0, 0},
		"heif/samplefilehub.heif":                     {1, 1},
		"avif/IMG_20180725_163423-micro.avif":         {0, 0},
		"avif/Irvine_CA.avif":                         {1, 0},
		"avif/gen-avif-avifenc-exif-xmp.avif":         {1, 1},
		"raw/exiftool-CanonRaw.cr3":                   {3, 1},
		"video/exiftool-QuickTime.mov":                {0, 1},
		"video/gen-mov-xmp-udta.mov":                  {0, 1},
		"video/gen-mp4-xmp-uuid.mp4":                  {0, 1},
		"malformed/gen-heic-box-size-beyond-eof.heic": {-1, -1},
		"malformed/gen-heic-box-size-too-small.heic":  {-1, -1},
		"malformed/gen-heic-largesize-huge.heic":      {-1, -1},
		"malformed/gen-heic-mdat-truncated.heic":      {-1, -1},
		"malformed/gen-heic-truncated-in-meta.heic":   {-1, -1},
	}
	for name, n := range want {
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(corpusDir, name))
			if errors.Is(err, fs.ErrNotExist) && !testcorpus.Shared() {
				t.Logf("%s is only in the shared corpus (EMBEDMETA_CORPUS)", name)
				return
			}
			require.NoError(t, err)
			require.True(t, IsISOBMFF(b))
			var ws extract.Warnings
			p, err := Locate(bytesReader(b), int64(len(b)), extract.Limits{}, &ws)
			require.NoError(t, err)
			for _, w := range ws.List {
				t.Log(w)
			}
			if n[0] >= 0 {
				assert.Len(t, p.EXIF, n[0], "EXIF payloads")
				assert.Len(t, p.XMP, n[1], "XMP payloads")
			}
			checkInside(t, p, len(b))
		})
	}
}
