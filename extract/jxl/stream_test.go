package jxl

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
)

// pieces hands out its bytes in reads of 1 to 4099 bytes, cut differently for every seed:
// a stream must not depend on how its reads are cut.
type pieces struct {
	b    []byte
	seed int
}

func (r *pieces) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	r.seed = (r.seed*1103515245 + 12345) & 0x7FFFFFFF
	n := min(len(p), len(r.b), 1+r.seed%4099)
	copy(p, r.b[:n])
	r.b = r.b[n:]
	return n, nil
}

// streamDiff compares Locate over data as a stream (read as scan reads one: head first,
// settled and walked again when the stream ended before an answer it was given) with
// Locate over the same bytes in memory: payloads, facts, warnings and error. "" when they
// agree. again reports whether the stream needed the second walk.
func streamDiff(data []byte, seed int) (diff string, again bool) {
	lim := extract.DefaultLimits()
	var wws, sws extract.Warnings
	want, werr := Locate(extract.Bytes(data), int64(len(data)), lim, &wws)
	s := extract.NewStream(context.Background(), &pieces{b: data, seed: seed}, lim)
	defer s.Close()
	_, _ = s.ReadAt(make([]byte, 512), 0)
	got, gerr := Locate(s, lim.MaxStreamRead, lim, &sws)
	if !s.Settle() {
		again = true
		sws = extract.Warnings{}
		got, gerr = Locate(s, lim.MaxStreamRead, lim, &sws)
	}
	s.Warn(&sws)
	switch {
	case fmt.Sprint(werr) != fmt.Sprint(gerr):
		return fmt.Sprintf("errors: bytes %v, stream %v", werr, gerr), again
	case !reflect.DeepEqual(wws, sws):
		return fmt.Sprintf("warnings:\n bytes:  %q\n stream: %q", wws.List, sws.List), again
	case !reflect.DeepEqual(want, got):
		return fmt.Sprintf("payloads:\n bytes:  %.300v\n stream: %.300v", want, got), again
	}
	return "", again
}

// TestStreamMatchesBytes: over a stream, Locate gives what it gives over the same bytes in
// memory, for the fixtures, the corpus files and streamInputs, each cut at some 60 points.
func TestStreamMatchesBytes(t *testing.T) {
	inputs := streamInputs()
	names, _ := filepath.Glob("testdata/*.jxl")
	for _, f := range testcorpus.Files(t, IsJXL) {
		names = append(names, filepath.Join(testcorpus.Dir(), f.Name))
	}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		inputs[name] = data
	}
	for name, data := range inputs {
		n := len(data)
		for i := range 61 {
			cut := n * i / 60
			if i < 30 {
				cut = min(n, 4096) * i / 30 // the head, where the metadata often is
			}
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
