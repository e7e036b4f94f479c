package png

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/embedmeta/embedmeta/internal/streamtest"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
)

// TestStreamMatchesBytes: over a stream, Locate gives what it gives over the same bytes in
// memory, for the fixtures, the corpus files and streamInputs, each cut at some 60 points.
func TestStreamMatchesBytes(t *testing.T) {
	inputs := streamInputs()
	for _, f := range testcorpus.Files(t, IsPNG) {
		inputs[filepath.Join(testcorpus.Dir(), f.Name)] = f.Data
	}
	streamtest.AddFiles(t, inputs, "testdata/*.png")
	streamtest.CheckCuts(t, Locate, inputs)
}

// streamInputs are files larger than the stream's window (64 KiB), which a stream must
// drop the skipped parts of: metadata after 300 KiB of image data, and a 100 KiB XMP chunk.
func streamInputs() map[string][]byte {
	idat := chunk("IDAT", bytes.Repeat([]byte{7}, 300<<10))
	xmp := iTXt("XML:com.adobe.xmp", []byte(packet+strings.Repeat(" ", 100<<10)), false)
	return map[string][]byte{
		"big-idat-then-exif": pngOf(idat, chunk(typeEXIF, tiffBlob(6)), xmp),
		"big-xmp-then-idat":  pngOf(xmp, idat, zTXt("XML:com.adobe.xmp", []byte(packet))),
	}
}
