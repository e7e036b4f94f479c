package gif

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
	for _, f := range testcorpus.Files(t, IsGIF) {
		inputs[filepath.Join(testcorpus.Dir(), f.Name)] = f.Data
	}
	streamtest.AddFiles(t, inputs, "testdata/*.gif")
	streamtest.CheckCuts(t, Locate, inputs)
}

// streamInputs are files larger than the stream's window (64 KiB), which a stream must
// drop the skipped parts of: an XMP packet after 300 KiB of image data, and a 100 KiB one.
func streamInputs() map[string][]byte {
	img := image(bytes.Repeat([]byte{7}, 300<<10))
	return map[string][]byte{
		"big-image-then-xmp": gifOf(gce(10), img, gce(20), img, xmpExt(packet)),
		"big-xmp":            gifOf(xmpExt(packet+strings.Repeat(" ", 100<<10)), img),
	}
}
