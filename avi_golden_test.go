package embedmeta_test

import (
	"path/filepath"
	"testing"

	"github.com/embedmeta/embedmeta"
)

// TestAVIGolden: AVI files (extract/riff). The goldens are the CLI's output, compared key
// by key with ExifTool 12.57's EXIF (IFD0), IPTC and XMP groups for the same files: every
// in-scope ExifTool key is there with its value; XMPToolkit is out (S6a). ExifTool's RIFF
// group (avih/strh/strf fields, IDIT DateTimeOriginal, INFO Software) and the Pentax maker
// data of Pentax.avi are not EXIF, IPTC or XMP (S1, S5). The facts are ExifTool's MIMEType,
// ImageWidth/ImageHeight, VideoCodec, AudioCodec (empty in all three) and Composite:Duration.
func TestAVIGolden(t *testing.T) {
	avi := func(w, h int, dur float64, codec string) embedmeta.Facts {
		return embedmeta.Facts{FileType: "non-image", MIME: "video/x-msvideo", Width: w, Height: h, Duration: dur, VideoCodec: codec}
	}
	tests := []struct {
		file  string
		facts embedmeta.Facts
	}{
		{"RIFF.avi", avi(320, 240, 15.533178, "mjpg")},
		{"Pentax.avi", avi(1280, 720, 24.9996, "mjpg")},
		{"gen-exif-casio.avi", avi(64, 48, 0.4, "MJPG")},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) { checkGolden(t, filepath.Join("testdata", "formats", "avi", tc.file), tc.facts) })
	}
}
