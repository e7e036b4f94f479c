package embedmeta_test

import (
	"path/filepath"
	"testing"

	"github.com/embedmeta/embedmeta"
)

// TestJP2Golden: JPEG 2000 files (extract/jp2). The goldens are the CLI's output, compared
// key by key with ExifTool 12.57's IFD0/ExifIFD/GPS, IPTC and XMP groups for the same files:
// every in-scope ExifTool key is there with its value. Left out by the spec: the IFD0
// pixel-layout tags of the GeoJP2 box's degenerate TIFF (ImageWidth, BitsPerSample, ...,
// YCbCrPositioning: S3), the GeoTiff group (decoded from GeoKeyDirectory, not EXIF tags),
// XMPToolkit (S6a), and the JPX XML of Jpeg2000.jp2 (ExifTool's XML group, not XMP).
// The one difference: gen-jpx-xml-asoc.jpx has an XMP packet in an "xml " box, which
// ExifTool files under its XML group (XML-dc:Source); we read it as XMP, below the jp2i
// box's packet where both hold a property (Title, Rating as ExifTool's XMP group gives them).
func TestJP2Golden(t *testing.T) {
	no, yes := alphaOf(false), alphaOf(true)
	tests := []struct {
		file  string
		facts embedmeta.Facts
	}{
		{"Jpeg2000.jp2", embedmeta.Facts{FileType: "image", MIME: "image/jp2", Width: 16, Height: 16, HasAlpha: no}},
		{"Jpeg2000.j2c", embedmeta.Facts{FileType: "image", MIME: "image/x-j2c", Width: 8, Height: 8}},
		{"gen-exiftool-written.jp2", embedmeta.Facts{FileType: "image", MIME: "image/jp2", Width: 16, Height: 16, HasAlpha: no}},
		{"gen-jpx-xml-asoc.jpx", embedmeta.Facts{FileType: "image", MIME: "image/jpx", Width: 30, Height: 20, HasAlpha: yes}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) { checkGolden(t, filepath.Join("testdata", "formats", "jp2", tc.file), tc.facts) })
	}
}
