package ps

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/embedmeta/embedmeta/extract"
)

// pieces hands out its bytes in reads of 1 to 4099 bytes, cut differently for every seed.
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

// streamLocate runs Locate over data as a stream, as scan does (head first, walked again
// when the stream settles short).
func streamLocate(data []byte, seed int, lim extract.Limits) (*extract.Stream, extract.Payloads, extract.Warnings, error) {
	var ws extract.Warnings
	s := extract.NewStream(context.Background(), &pieces{b: data, seed: seed}, lim)
	_, _ = s.ReadAt(make([]byte, 512), 0)
	got, err := Locate(s, lim.MaxStreamRead, lim, &ws)
	if !s.Settle() {
		ws = extract.Warnings{}
		got, err = Locate(s, lim.MaxStreamRead, lim, &ws)
	}
	s.Warn(&ws)
	return s, got, ws, err
}

// streamDiff compares Locate over data as a stream with Locate over the same bytes.
func streamDiff(data []byte, seed int) string {
	lim := extract.DefaultLimits()
	var wws extract.Warnings
	want, werr := Locate(extract.Bytes(data), int64(len(data)), lim, &wws)
	_, got, sws, gerr := streamLocate(data, seed, lim)
	switch {
	case fmt.Sprint(werr) != fmt.Sprint(gerr):
		return fmt.Sprintf("errors: bytes %v, stream %v", werr, gerr)
	case !reflect.DeepEqual(wws, sws):
		return fmt.Sprintf("warnings:\n bytes:  %q\n stream: %q", wws.List, sws.List)
	case !reflect.DeepEqual(want, got):
		return fmt.Sprintf("payloads:\n bytes:  %.300v\n stream: %.300v", want, got)
	}
	return ""
}

// bigInputs are files larger than the stream's window: metadata after megabytes of hex
// image data, a packet larger than the window, a DOS EPS with a large preview.
func bigInputs() map[string][]byte {
	img := strings.Repeat(strings.Repeat("0123456789abcdef", 4)+"\n", 50000) // 3.2 MB
	big := strings.Replace(packet, "<rdf:RDF", strings.Repeat(" ", 100<<10)+"<rdf:RDF", 1)
	return map[string][]byte{
		"image-then-metadata": []byte(eps(img + photoshop(irbBlock("late")) + packet + "\n")),
		"big-packet":          []byte(eps("%begin_xml_packet\n" + big + "\n%end_xml_packet\n" + img)),
		"binary-skip":         []byte(eps("%%BeginBinary: 3200000\n" + img + "\n" + packet + "\n")),
		"dos":                 dos(eps(packet+"\n"+img), 30),
	}
}

// TestStreamMatchesBytes: over a stream, Locate gives what it gives over the same bytes, for
// the fixtures and bigInputs, each cut at some 60 points.
func TestStreamMatchesBytes(t *testing.T) {
	inputs := bigInputs()
	names, _ := filepath.Glob("../../testdata/formats/ps/*")
	for _, name := range names {
		if strings.HasSuffix(name, ".json") || strings.HasSuffix(name, ".py") {
			continue
		}
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
				cut = min(n, 4096) * i / 30
			}
			if d := streamDiff(data[:cut], cut); d != "" {
				t.Errorf("%s cut at %d of %d: %s", name, cut, n, d)
				break
			}
		}
	}
}

// TestStreamMemory: a stream keeps what the payloads need plus a constant, not the text it
// passes (megabytes of hex image data).
func TestStreamMemory(t *testing.T) {
	for name, data := range bigInputs() {
		s, p, ws, err := streamLocate(data, 1, extract.DefaultLimits())
		if err != nil || len(ws.List) > 0 || len(p.XMP)+len(p.IRB) == 0 {
			t.Fatalf("%s: %v %q %d", name, err, ws.List, len(p.XMP))
		}
		if s.Retained() > 1<<20 {
			t.Errorf("%s: the stream kept %d bytes of %d", name, s.Retained(), len(data))
		}
	}
}
