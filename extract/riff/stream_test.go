package riff

import (
	"testing"

	"github.com/embedmeta/embedmeta/internal/streamtest"
)

// TestStreamMatchesBytes: over a stream, LocateAVI gives what it gives over the same bytes
// in memory, for the samples and synthetic files whose movie data is larger than the
// stream's window (64 KiB), with metadata before and after it, each cut at some 60 points;
// an intact file is walked once.
func TestStreamMatchesBytes(t *testing.T) {
	big := list("movi", chunk("00dc", make([]byte, 300<<10)))
	inputs := map[string][]byte{
		"metadata-around-movie": aviOf(hdrl, chunk("EXIF", tiffII), big, chunk("_PMX", packet)),
		"two-documents":         cat(aviOf(hdrl, big), chunk("RIFF", []byte("AVIX"), big, chunk("_PMX", packet))),
	}
	streamtest.AddFiles(t, inputs, "../../testdata/formats/avi/*.avi")
	streamtest.Check(t, LocateAVI, inputs)
}
