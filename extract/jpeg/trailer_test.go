package jpeg

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

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
)

// iim is a small IPTC-IIM block: 2:05 ObjectName = s.
func iim(s string) []byte {
	return append([]byte{0x1C, 2, 5, 0, byte(len(s))}, s...)
}

// afcpEntry is one entry of an AFCP trailer: a tag and its data.
type afcpEntry struct {
	tag  string
	data []byte
}

// afcp appends to file an AFCP trailer holding entries, big-endian ("AXS!") or little-endian
// ("AXS*"); its offsets are off by shift (as when bytes were removed before it).
func afcp(file []byte, little bool, shift int64, entries ...afcpEntry) []byte {
	var order binary.ByteOrder = binary.BigEndian
	sig := []byte("AXS!")
	if little {
		order, sig = binary.LittleEndian, []byte("AXS*")
	}
	start := int64(len(file))
	h := make([]byte, 12)
	copy(h, sig)
	order.PutUint16(h[4:], 1)
	order.PutUint16(h[6:], uint16(len(entries)))
	out := append(bytes.Clone(file), h...)
	off := start + 12 + 12*int64(len(entries))
	for _, e := range entries {
		d := make([]byte, 12)
		copy(d, e.tag)
		order.PutUint32(d[4:], uint32(len(e.data)))
		order.PutUint32(d[8:], uint32(off+shift))
		out = append(out, d...)
		off += int64(len(e.data))
	}
	for _, e := range entries {
		out = append(out, e.data...)
	}
	end := make([]byte, 12)
	copy(end, sig)
	order.PutUint32(end[4:], uint32(start+shift))
	return append(out, end...)
}

// foto appends a FotoStation record (data, then its footer) to file.
func foto(file []byte, tag uint16, data []byte) []byte {
	f := make([]byte, 10)
	binary.BigEndian.PutUint16(f, tag)
	binary.BigEndian.PutUint32(f[2:], uint32(len(data)+10))
	binary.BigEndian.PutUint32(f[6:], fotoSignature)
	return append(append(bytes.Clone(file), data...), f...)
}

// vrd appends a Canon VRD trailer with a body of n bytes to file.
func vrd(file []byte, n int) []byte {
	h := append([]byte(vrdSig), make([]byte, vrdHeader-len(vrdSig))...)
	f := append([]byte(vrdSig), make([]byte, vrdFooter-len(vrdSig))...)
	binary.BigEndian.PutUint32(f[len(vrdSig):], uint32(n))
	out := append(append(bytes.Clone(file), h...), make([]byte, n)...)
	return append(out, f...)
}

func TestTrailers(t *testing.T) {
	img := jpegOf(irbSeg("8BIM"))
	big := append(jpegOf(), bytes.Repeat([]byte{0x55}, 100<<10)...)
	tests := []struct {
		name     string
		file     []byte
		lim      extract.Limits
		wantIIM  []string
		wantWarn []string
	}{
		{name: "none", file: img},
		{name: "AFCP big-endian", file: afcp(img, false, 0, afcpEntry{"TEXT", []byte("text")}, afcpEntry{"IPTC", iim("a")}), wantIIM: []string{string(iim("a"))}},
		{name: "AFCP little-endian", file: afcp(img, true, 0, afcpEntry{"IPTC", iim("b")}), wantIIM: []string{string(iim("b"))}},
		{name: "AFCP after image data", file: afcp(big, false, 0, afcpEntry{"IPTC", iim("c")}), wantIIM: []string{string(iim("c"))}},
		{
			name: "AFCP offsets adjusted", file: afcp(img, false, -7, afcpEntry{"IPTC", iim("d")}),
			wantIIM: []string{string(iim("d"))}, wantWarn: []string{WarnAFCPOffsets},
		},
		{name: "AFCP header missing", file: append(bytes.Clone(img), []byte("AXS!\x00\x00\x00\x05\x00\x00\x00\x00")...), wantWarn: []string{WarnAFCPBad}},
		{
			name: "AFCP entry outside the file",
			file: func() []byte {
				b := afcp(img, false, 0, afcpEntry{"PrVw", []byte("jpeg")}, afcpEntry{"IPTC", iim("e")})
				binary.BigEndian.PutUint32(b[len(img)+12+4:], 1<<20)
				return b
			}(),
			wantWarn: []string{WarnAFCPBad},
		},
		{name: "FotoStation", file: foto(foto(img, 1, iim("f")), 2, make([]byte, 48)), wantIIM: []string{string(iim("f"))}},
		{name: "FotoStation two IIM records", file: foto(foto(img, 1, iim("g")), 1, iim("h")), wantIIM: []string{string(iim("h")), string(iim("g"))}},
		{
			name: "FotoStation record larger than the file",
			file: func() []byte {
				b := foto(img, 1, iim("i"))
				binary.BigEndian.PutUint32(b[len(b)-8:], 1<<30)
				return b
			}(),
			wantWarn: []string{WarnFotoStation},
		},
		{name: "FotoStation then AFCP", file: afcp(foto(img, 1, iim("j")), false, 0, afcpEntry{"IPTC", iim("k")}), wantIIM: []string{string(iim("k")), string(iim("j"))}},
		{name: "AFCP then FotoStation", file: foto(afcp(img, false, 0, afcpEntry{"IPTC", iim("l")}), 1, iim("m")), wantIIM: []string{string(iim("m")), string(iim("l"))}},
		{
			name: "IIM further than MaxTrailer",
			file: afcp(img, false, 0, afcpEntry{"IPTC", iim("n")}, afcpEntry{"PrVw", make([]byte, 300)}),
			lim:  extract.Limits{MaxTrailer: 200}, wantWarn: []string{WarnTrailerFar},
		},
		{name: "Canon VRD alone", file: vrd(img, 100)},
		{name: "FotoStation behind a Canon VRD trailer", file: vrd(foto(img, 1, iim("q")), 100), wantIIM: []string{string(iim("q"))}},
		{name: "Canon VRD with a bad length", file: func() []byte {
			b := vrd(foto(img, 1, iim("r")), 100)
			binary.BigEndian.PutUint32(b[len(b)-vrdFooter+len(vrdSig):], 99)
			return b
		}()},
		{name: "trailers not read", file: afcp(img, false, 0, afcpEntry{"IPTC", iim("o")}), lim: extract.Limits{MaxTrailer: -1}},
		{name: "no SOS: no trailer", file: afcp([]byte{0xFF, markerSOI, 0xFF, markerEOI}, false, 0, afcpEntry{"IPTC", iim("p")})},
		{name: "IIM above MaxSegment", file: afcp(img, false, 0, afcpEntry{"IPTC", iim("longer than the APP13 segment")}), lim: extract.Limits{MaxSegment: 30}, wantWarn: []string{WarnTooLarge}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, warns, err := locate(tc.file, tc.lim)
			require.NoError(t, err)
			assert.Equal(t, nonNil(tc.wantIIM), datas(p.IIM))
			assert.Equal(t, nonNil(tc.wantWarn), warns)
			for _, q := range p.IIM {
				assert.Equal(t, q.Data, tc.file[q.Offset:q.Offset+int64(len(q.Data))], "offset")
			}
		})
	}
}

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

// streamDiff compares Locate over data as a stream (settled and walked again as scan does)
// with Locate over the same bytes in memory. "" when they agree.
func streamDiff(data []byte, seed int) string {
	lim := extract.DefaultLimits()
	var wws, sws extract.Warnings
	want, werr := Locate(extract.Bytes(data), int64(len(data)), lim, &wws)
	s := extract.NewStream(context.Background(), &pieces{b: data, seed: seed}, lim)
	defer s.Close()
	_, _ = s.ReadAt(make([]byte, 512), 0)
	got, gerr := Locate(s, lim.MaxStreamRead, lim, &sws)
	if !s.Settle() {
		sws = extract.Warnings{}
		got, gerr = Locate(s, lim.MaxStreamRead, lim, &sws)
	}
	s.Warn(&sws)
	switch {
	case fmt.Sprint(werr) != fmt.Sprint(gerr):
		return fmt.Sprintf("errors: bytes %v, stream %v", werr, gerr)
	case !reflect.DeepEqual(wws.List, sws.List):
		return fmt.Sprintf("warnings:\n bytes:  %q\n stream: %q", wws.List, sws.List)
	case !reflect.DeepEqual(datas(want.IIM), datas(got.IIM)) || !reflect.DeepEqual(datas(want.IRB), datas(got.IRB)):
		return fmt.Sprintf("payloads:\n bytes:  %q\n stream: %q", datas(want.IIM), datas(got.IIM))
	}
	return ""
}

// TestTrailerStreamMatchesBytes: a stream reads the same trailers as the same bytes in
// memory, after image data larger than the stream's window, with the trailer's IIM block at
// the very limit of what a stream keeps behind its end and just beyond it, each cut at 60
// points.
func TestTrailerStreamMatchesBytes(t *testing.T) {
	img := append(jpegOf(irbSeg("8BIM")), bytes.Repeat([]byte{0x55}, 300<<10)...)
	pad := func(n int) afcpEntry { return afcpEntry{"PrVw", make([]byte, n)} }
	// A trailer of header, two entries, IIM block, padding of edge bytes and end record
	// is exactly MaxTrailer long.
	edge := extract.DefaultLimits().MaxTrailer - 12 - 24 - int64(len(iim("z"))) - 12
	inputs := map[string][]byte{
		"afcp":             afcp(img, false, 0, afcpEntry{"IPTC", iim("a")}),
		"afcp at the edge": afcp(img, false, 0, afcpEntry{"IPTC", iim("z")}, pad(int(edge))),
		"afcp beyond":      afcp(img, false, 0, afcpEntry{"IPTC", iim("z")}, pad(int(edge)+1)),
		"fotostation":      foto(foto(img, 1, iim("b")), 3, make([]byte, 70<<10)),
		"fotostation near": foto(foto(img, 1, iim("b")), 3, make([]byte, 60<<10)),
	}
	names, _ := filepath.Glob("../../testdata/formats/jpeg-trailer/*.jpg")
	for _, name := range names {
		data, err := os.ReadFile(name)
		require.NoError(t, err)
		inputs[name] = data
	}
	for name, data := range inputs {
		n := len(data)
		for i := range 61 {
			cut := n * i / 60
			if i < 30 {
				cut = n - min(n, 4096)*i/30 // the end, where the trailers are
			}
			if d := streamDiff(data[:cut], cut); d != "" {
				t.Errorf("%s cut at %d of %d: %s", name, cut, n, d)
				break
			}
		}
	}
	p, warns, _ := locate(inputs["afcp beyond"], extract.Limits{})
	assert.Empty(t, p.IIM)
	assert.Equal(t, []string{WarnTrailerFar}, warns)
	p, _, _ = locate(inputs["afcp at the edge"], extract.Limits{})
	assert.Equal(t, []string{string(iim("z"))}, datas(p.IIM))
}

// FuzzTrailers: no panic; trailer IIM payloads are the input's bytes.
func FuzzTrailers(f *testing.F) {
	img := jpegOf()
	f.Add(afcp(img, false, 0, afcpEntry{"IPTC", iim("a")}))
	f.Add(afcp(img, true, -3, afcpEntry{"IPTC", iim("a")}))
	f.Add(foto(foto(img, 1, iim("b")), 2, make([]byte, 48)))
	f.Add(vrd(afcp(img, false, 0, afcpEntry{"IPTC", iim("c")}), 40))
	names, _ := filepath.Glob("../../testdata/formats/jpeg-trailer/*.jpg")
	for _, name := range names {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p, _, err := locate(b, extract.Limits{MaxSegment: 1 << 16})
		if err != nil {
			return
		}
		for _, q := range p.IIM {
			if q.Offset < 0 || q.Offset+int64(len(q.Data)) > int64(len(b)) || !bytes.Equal(q.Data, b[q.Offset:q.Offset+int64(len(q.Data))]) {
				t.Fatalf("IIM payload at %d (%d bytes) is not the input's bytes", q.Offset, len(q.Data))
			}
		}
	})
}
