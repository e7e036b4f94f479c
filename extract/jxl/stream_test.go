package jxl

import (
	"bytes"
	"encoding/binary"
	"path/filepath"
	"testing"

	"github.com/embedmeta/embedmeta/internal/streamtest"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
)

// streamDiff compares Locate over data as a stream (read as scan reads one: head first,
// settled and walked again when the stream ended before an answer it was given) with
// Locate over the same bytes in memory: payloads, facts, warnings and error. "" when they
// agree. again reports whether the stream needed the second walk.
func streamDiff(data []byte, seed int) (diff string, again bool) {
	return streamtest.Diff(Locate, data, seed)
}

// TestStreamMatchesBytes: over a stream, Locate gives what it gives over the same bytes in
// memory, for the fixtures, the corpus files and streamInputs, each cut at some 60 points.
func TestStreamMatchesBytes(t *testing.T) {
	inputs := streamInputs()
	for _, f := range testcorpus.Files(t, IsJXL) {
		inputs[filepath.Join(testcorpus.Dir(), f.Name)] = f.Data
	}
	streamtest.AddFiles(t, inputs, "testdata/*.jxl")
	for name, data := range inputs {
		n := len(data)
		for _, cut := range streamtest.Cuts(n) {
			if d, _ := streamDiff(data[:cut], cut); d != "" {
				t.Errorf("%s cut at %d of %d: %s", name, cut, n, d)
				break
			}
		}
	}
}

// TestStreamOneWalk: an intact file is walked once as a stream, also when a large
// codestream box is skipped; only a last box of size 0 ("to the end of the file") makes
// the stream walk again, once its end is known.
func TestStreamOneWalk(t *testing.T) {
	for name, data := range streamInputs() {
		d, again := streamDiff(data, 1)
		if d != "" {
			t.Errorf("%s: %s", name, d)
		}
		if again != (name == "jxlc-size-0") {
			t.Errorf("%s: walked twice %v", name, again)
		}
	}
}

// streamInputs are files larger than the stream's window (64 KiB), whose skipped parts a
// stream drops: metadata boxes before and after a large codestream, a last box of size 0.
func streamInputs() map[string][]byte {
	big := make([]byte, 300<<10)
	cs := cat(codestream(1000, 700, 0), big)
	size0 := cat([]byte{0, 0, 0, 0}, []byte("jxlc"), cs)
	part := func(i uint32, b []byte) []byte { return box("jxlp", binary.BigEndian.AppendUint32(nil, i), b) }
	return map[string][]byte{
		"jxlc-then-metadata": container(box("jxlc", cs), box("Exif", exifBox()), box("xml ", []byte(xmpPacket))),
		"jxlc-size-0":        container(box("Exif", exifBox()), box("xml ", []byte(xmpPacket)), size0),
		"big-xml-then-jxlc":  container(box("xml ", []byte(xmpPacket), bytes.Repeat([]byte(" "), 100<<10)), box("jxlc", cs)),
		"jxlp-then-brob":     container(part(0, cs), part(1<<31|1, big), box("brob", []byte("Exif"), compress(exifBox()))),
		"naked-codestream":   cs,
	}
}
