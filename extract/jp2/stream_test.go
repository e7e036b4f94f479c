package jp2

import (
	"testing"

	"github.com/embedmeta/embedmeta/internal/streamtest"
)

// TestStreamMatchesBytes: over a stream, Locate gives what it gives over the same bytes in
// memory, for the samples and synthetic files with metadata before and after a codestream
// larger than the stream's window (64 KiB), each cut at some 60 points; an intact file
// whose last box has a size is walked once.
func TestStreamMatchesBytes(t *testing.T) {
	big := box("jp2c", siz(300, 200), make([]byte, 300<<10))
	inputs := map[string][]byte{
		"metadata-after-codestream":  file("jp2 ", box("jp2h", ihdr(2, 3, 3)), big, uuidBox(uuidXMP, packet), uuidBox(uuidIPTC, iim), box("xml ", packet)),
		"metadata-before-codestream": file("jpx ", box("asoc", box("jp2i", packet)), uuidBox(uuidExif, tiffMM), big),
		"codestream":                 siz(30, 20),
	}
	for _, pattern := range []string{"*.jp2", "*.j2c", "*.jpx"} {
		streamtest.AddFiles(t, inputs, "../../testdata/formats/jp2/"+pattern)
	}
	streamtest.Check(t, Locate, inputs)
}
