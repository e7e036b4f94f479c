package webp

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
	for _, f := range testcorpus.Files(t, IsWebP) {
		inputs[filepath.Join(testcorpus.Dir(), f.Name)] = f.Data
	}
	streamtest.AddFiles(t, inputs, "testdata/*.webp")
	streamtest.CheckCuts(t, Locate, inputs)
}

// streamInputs are files larger than the stream's window (64 KiB), which a stream must
// drop the skipped parts of: metadata after 300 KiB of image data, and a 100 KiB XMP chunk.
func streamInputs() map[string][]byte {
	img := chunk("VP8L", vp8l(64, 64, true)[8:], bytes.Repeat([]byte{7}, 300<<10))
	xmp := chunk("XMP ", []byte(packet+strings.Repeat(" ", 100<<10)))
	return map[string][]byte{
		"big-image-then-exif": riffFile(vp8x(0x10, 64, 64), img, chunk("EXIF", tiffBlob(6)), xmp),
		"big-xmp-then-image":  riffFile(xmp, img, chunk("EXIF", tiffBlob(3))),
		"riff-size-short":     riffFile(img, chunk("EXIF", tiffBlob(6)))[:200<<10],
	}
}
