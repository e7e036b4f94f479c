package embedmeta_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta"
)

// TestBitmapGolden: images that carry no metadata (extract/bitmap) give an empty map, no
// error and their facts. The goldens are the CLI's output; the facts are ExifTool 12.57's
// MIMEType, ImageWidth and ImageHeight for the ExifTool samples. ExifTool reads no EXIF,
// IPTC or XMP from any of them (PPM's File:Comment is out of scope, S1); it does not read
// PAM or TGA at all (it takes gen-rgba.tga for a cursor, whose magic it matches), so the
// MIME types of those two are shared-mime-info's.
func TestBitmapGolden(t *testing.T) {
	var unknown *bool
	yes, f := alphaOf(true), alphaOf(false)
	tests := []struct {
		file  string
		mime  string
		w, h  int
		alpha *bool
	}{
		{"BMP.bmp", "image/bmp", 8, 8, f},
		{"ICO.ico", "image/x-icon", 1, 1, unknown},
		{"PCX.pcx", "image/pcx", 8, 8, f},
		{"PPM.ppm", "image/x-portable-pixmap", 8, 8, f},
		{"PFM.pfm", "image/x-pfm", 512, 768, f},
		{"gen-rgba.pam", "image/x-portable-arbitrarymap", 2, 2, yes},
		{"gen-rgba.tga", "image/x-tga", 3, 2, yes},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join("testdata", "formats", "bitmap", tc.file)
			md, err := embedmeta.ExtractFile(path)
			require.NoError(t, err)
			js, err := md.MarshalJSON()
			require.NoError(t, err)
			compareGolden(t, path+".json", append(js, '\n'), true)
			assert.Equal(t, embedmeta.Facts{FileType: "image", MIME: tc.mime, Width: tc.w, Height: tc.h, HasAlpha: tc.alpha}, md.Facts)
			assert.Empty(t, md.Warnings)
		})
	}
}

func alphaOf(b bool) *bool { return &b }
