package psd

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/embedmeta/embedmeta/internal/streamtest"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
)

// TestStreamMatchesBytes: over a stream, Locate gives what it gives over the same bytes in
// memory, for the fixtures, the corpus files and streamInputs, each cut at some 60 points.
func TestStreamMatchesBytes(t *testing.T) {
	inputs := streamInputs()
	names, _ := filepath.Glob("testdata/*.psd")
	for _, f := range testcorpus.Files(t, IsPSD) {
		names = append(names, filepath.Join(testcorpus.Dir(), f.Name))
	}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		inputs[name] = data
	}
	streamtest.CheckCuts(t, Locate, inputs)
}

// streamInputs are files larger than the stream's window (64 KiB), which a stream must
// drop the skipped parts of: resources after 300 KiB of colour-mode data, among them a
// 100 KiB XMP packet.
func streamInputs() map[string][]byte {
	b := psdFile(4, 3, 8, 8, res(resourceXMP, "<x:xmpmeta"+strings.Repeat(" ", 100<<10)+"/>"), res(resourceEXIF1, tiff))
	cm := binary.BigEndian.AppendUint32(nil, 300<<10)
	cm = append(cm, bytes.Repeat([]byte{7}, 300<<10)...)
	return map[string][]byte{"big-colour-mode": slices.Concat(b[:headerLen], cm, b[headerLen+4+3:])}
}
