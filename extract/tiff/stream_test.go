package tiff

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/exif"
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

// outcome is what scan makes of a TIFF: Locate's answer with its EXIF payloads decoded (the
// first is read in place, through the input's reader) and the warnings of both.
type outcome struct {
	Err     string
	Entries []extract.RawEntry
	XMP     []extract.Payload
	IRB     []extract.Payload
	IIM     []extract.Payload
	Facts   extract.Facts
	Warns   []extract.Warning
}

func run(r io.ReaderAt, size int64, lim extract.Limits) outcome {
	var ws extract.Warnings
	p, err := Locate(r, size, lim, &ws)
	o := outcome{Err: fmt.Sprint(err), XMP: p.XMP, IRB: p.IRB, IIM: p.IIM, Facts: p.Facts}
	for _, pl := range p.EXIF {
		o.Entries = append(o.Entries, exif.Decode(pl, lim, &ws)...)
	}
	o.Warns = ws.List
	return o
}

// streamRun reads data as scan reads a TIFF stream: head first, every byte kept, Locate and
// the EXIF decoder over the stream, walked again when the stream ended before an answer it
// was given.
func streamRun(data []byte, seed int) (outcome, *extract.Stream) {
	lim := extract.DefaultLimits()
	s := extract.NewStream(context.Background(), &pieces{b: data, seed: seed}, lim)
	_, _ = s.ReadAt(make([]byte, 512), 0)
	s.KeepAll()
	o := run(s, lim.MaxStreamRead, lim)
	if !s.Settle() {
		o = run(s, lim.MaxStreamRead, lim)
	}
	var ws extract.Warnings
	s.Warn(&ws)
	o.Warns = append(o.Warns, ws.List...)
	return o, s
}

// diff names the first part of two outcomes that differs, "" when they agree.
func diff(want, got outcome) string {
	switch {
	case want.Err != got.Err:
		return fmt.Sprintf("errors: bytes %s, stream %s", want.Err, got.Err)
	case !reflect.DeepEqual(want.Warns, got.Warns):
		return fmt.Sprintf("warnings:\n bytes:  %q\n stream: %q", want.Warns, got.Warns)
	case !reflect.DeepEqual(want.Facts, got.Facts):
		return fmt.Sprintf("facts:\n bytes:  %+v\n stream: %+v", want.Facts, got.Facts)
	case len(want.Entries) != len(got.Entries):
		return fmt.Sprintf("%d entries as bytes, %d as a stream", len(want.Entries), len(got.Entries))
	}
	for i := range want.Entries {
		if !reflect.DeepEqual(want.Entries[i], got.Entries[i]) {
			return fmt.Sprintf("entry %d:\n bytes:  %+v\n stream: %+v", i, want.Entries[i], got.Entries[i])
		}
	}
	if !reflect.DeepEqual([][]extract.Payload{want.XMP, want.IRB, want.IIM}, [][]extract.Payload{got.XMP, got.IRB, got.IIM}) {
		return "XMP, IRB or IIM payloads differ"
	}
	return ""
}

// TestStreamMatchesBytes: over a stream, Locate and the EXIF decoder give what they give
// over the same bytes in memory (entries, payloads, facts, warnings, error), for the
// fixtures and the corpus's TIFF-based files, each cut at some 60 points.
func TestStreamMatchesBytes(t *testing.T) {
	names, _ := filepath.Glob("testdata/*.tif")
	for _, f := range testcorpus.Files(t, IsTIFF) {
		names = append(names, filepath.Join(testcorpus.Dir(), f.Name))
	}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		n := len(data)
		for i := range 61 {
			cut := n * i / 60
			if i < 30 {
				cut = min(n, 4096) * i / 30 // the head, where the IFDs mostly are
			}
			want := run(extract.Bytes(data[:cut]), int64(cut), extract.DefaultLimits())
			got, s := streamRun(data[:cut], cut)
			s.Close()
			if d := diff(want, got); d != "" {
				t.Errorf("%s cut at %d of %d: %s", name, cut, n, d)
				break
			}
		}
	}
}

// TestStreamReadsHead: a 40 MiB TIFF whose IFDs sit up front is read as a stream only as
// far as its metadata (the walker never asks for the stream's size).
func TestStreamReadsHead(t *testing.T) {
	bo := binary.LittleEndian
	head := build(bo, 0x2A, nil, nil, []ent{short(bo, 0x100, 5000), short(bo, 0x101, 4000),
		ascii(0x10F, "Maker"), {id: 0x8769, ptr: 2}},
		[]ent{ascii(0x9003, "2020:01:02 03:04:05")})
	data := append(head, make([]byte, 40<<20)...)
	want := run(extract.Bytes(data), int64(len(data)), extract.DefaultLimits())
	got, s := streamRun(data, 1)
	defer s.Close()
	if d := diff(want, got); d != "" {
		t.Fatal(d)
	}
	if len(got.Entries) != 4 {
		t.Errorf("%d entries, want 4", len(got.Entries))
	}
	if c := s.Consumed(); c > 1<<20 {
		t.Errorf("consumed %d bytes of %d", c, len(data))
	}
}
