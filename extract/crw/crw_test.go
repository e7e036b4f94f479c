package crw

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

// record is one CIFF directory entry: a tag and its data (a heap's bytes for heap types),
// or an 8-byte value kept in the entry when inEntry.
type record struct {
	tag     uint16
	data    []byte
	inEntry bool
}

// bo is a byte order that also appends.
type bo interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

// heap builds a CIFF heap of records in byte order o: the records' data, the directory, and
// the directory's offset.
func heap(o bo, recs ...record) []byte {
	var b []byte
	var dir []byte
	dir = o.AppendUint16(dir, uint16(len(recs)))
	for _, r := range recs {
		e := make([]byte, entryLen)
		if r.inEntry {
			o.PutUint16(e, r.tag|valueInEntry)
			copy(e[2:], r.data)
		} else {
			o.PutUint16(e, r.tag)
			o.PutUint32(e[2:], uint32(len(r.data)))
			o.PutUint32(e[6:], uint32(len(b)))
			b = append(b, r.data...)
		}
		dir = append(dir, e...)
	}
	at := len(b)
	b = append(b, dir...)
	return o.AppendUint32(b, uint32(at))
}

// file builds a CRW file around a root heap.
func file(o bo, root []byte) []byte {
	h := make([]byte, headerLen+12)
	if o.String() == binary.BigEndian.String() {
		copy(h, "MM")
	} else {
		copy(h, "II")
	}
	o.PutUint32(h[2:], uint32(len(h)))
	copy(h[6:], "HEAPCCDR")
	return append(h, root...)
}

// vrd appends a Canon VRD trailer of blocks (type, data) to b.
func vrd(b []byte, blocks ...any) []byte {
	var body []byte
	for i := 0; i+1 < len(blocks); i += 2 {
		data := blocks[i+1].([]byte)
		body = binary.BigEndian.AppendUint32(body, blocks[i].(uint32))
		body = binary.BigEndian.AppendUint32(body, uint32(len(data)))
		body = append(body, data...)
	}
	h := append([]byte(vrdSig), make([]byte, vrdHeader-len(vrdSig))...)
	f := append([]byte(vrdSig), make([]byte, vrdFooter-len(vrdSig))...)
	binary.BigEndian.PutUint32(f[len(vrdSig):], uint32(len(body)))
	out := append(bytes.Clone(b), h...)
	return append(append(out, body...), f...)
}

const packet = `<x:xmpmeta xmlns:x="adobe:ns:meta/"/>`

func imageInfo(o bo, w, h uint32) []byte {
	b := o.AppendUint32(nil, w)
	b = o.AppendUint32(b, h)
	return append(b, make([]byte, 20)...)
}

func locate(b []byte) (extract.Payloads, []string, error) {
	var ws extract.Warnings
	p, err := Locate(bytes.NewReader(b), int64(len(b)), extract.Limits{}, &ws)
	var codes []string
	for _, w := range ws.List {
		codes = append(codes, w.Code)
	}
	return p, codes, err
}

func TestLocate(t *testing.T) {
	le, be := binary.LittleEndian, binary.BigEndian
	props := func(o bo, info record) []byte {
		return heap(o, record{tag: 0x0810, data: []byte("Canon\x00")}, record{tag: 0x300A, data: heap(o, record{tag: 0x2005, data: make([]byte, 64)}, info)})
	}
	cut := file(le, props(le, record{tag: tagImageInfo, data: imageInfo(le, 3072, 2048)}))
	tests := []struct {
		name     string
		file     []byte
		w, h     int
		wantWarn []string
	}{
		{name: "little-endian", file: file(le, props(le, record{tag: tagImageInfo, data: imageInfo(le, 3072, 2048)})), w: 3072, h: 2048},
		{name: "big-endian", file: file(be, props(be, record{tag: tagImageInfo, data: imageInfo(be, 2000, 1000)})), w: 2000, h: 1000},
		{name: "value in the entry", file: file(le, props(le, record{tag: tagImageInfo, data: imageInfo(le, 640, 480)[:8], inEntry: true})), w: 640, h: 480},
		{name: "no ImageInfo", file: file(le, heap(le, record{tag: 0x0810, data: []byte("x")}))},
		{name: "directory outside its heap", file: func() []byte {
			b := file(le, heap(le))
			le.PutUint32(b[len(b)-4:], 1<<20)
			return b
		}(), wantWarn: []string{WarnBadDir}},
		{name: "cut: the end is image data", file: cut[:len(cut)/2]},
		{name: "bad entry", file: file(le, heap(le, record{tag: 0x8001, data: []byte("x")})), wantWarn: []string{WarnBadDir}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, warns, err := locate(tc.file)
			require.NoError(t, err)
			assert.Equal(t, extract.Facts{FileType: "image", MIME: mime, Width: tc.w, Height: tc.h, HasAlpha: extract.Bool(false)}, p.Facts)
			assert.Equal(t, tc.wantWarn, warns)
			assert.Empty(t, p.XMP)
		})
	}
}

// TestVRD: the XMP block of a Canon VRD trailer is the file's XMP; other blocks are skipped.
func TestVRD(t *testing.T) {
	le := binary.LittleEndian
	crw := file(le, heap(le, record{tag: 0x300A, data: heap(le, record{tag: tagImageInfo, data: imageInfo(le, 9, 8)})}))
	tests := []struct {
		name     string
		file     []byte
		wantXMP  []string
		wantWarn []string
	}{
		{name: "XMP block", file: vrd(crw, uint32(0xFFFF00F4), make([]byte, 30), uint32(vrdXMP), []byte(packet)), wantXMP: []string{packet}},
		{name: "no XMP block", file: vrd(crw, uint32(0xFFFF00F4), make([]byte, 30))},
		{name: "empty", file: vrd(crw)},
		{name: "length past the header", file: func() []byte {
			b := vrd(crw, uint32(vrdXMP), []byte(packet))
			binary.BigEndian.PutUint32(b[len(b)-vrdFooter+len(vrdSig):], 1<<20)
			return b
		}(), wantWarn: []string{WarnVRD}},
		{name: "block past the trailer", file: func() []byte {
			b := vrd(crw, uint32(vrdXMP), []byte(packet))
			binary.BigEndian.PutUint32(b[len(crw)+vrdHeader+4:], 1<<20)
			return b
		}(), wantWarn: []string{WarnVRD}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, warns, err := locate(tc.file)
			require.NoError(t, err)
			var xmp []string
			for _, q := range p.XMP {
				xmp = append(xmp, string(q.Data))
				assert.Equal(t, q.Data, tc.file[q.Offset:q.Offset+int64(len(q.Data))])
			}
			assert.Equal(t, tc.wantXMP, xmp)
			assert.Equal(t, tc.wantWarn, warns)
		})
	}
}

func TestNotCRW(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("II*\x00\x08\x00\x00\x00HEAPCCDR"), []byte("II\x1a\x00\x00\x00HEAPXXXX")} {
		assert.False(t, IsCRW(b))
		_, _, err := locate(b)
		var fe *extract.FormatError
		assert.ErrorAs(t, err, &fe)
		assert.ErrorIs(t, err, extract.ErrUnsupportedFormat)
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

// TestStreamMatchesBytes: over a stream kept whole (scan's random), Locate gives what it
// gives over the same bytes, for the sample and a file whose heaps follow 200 KiB of image
// data, each cut at 60 points.
func TestStreamMatchesBytes(t *testing.T) {
	le := binary.LittleEndian
	inputs := map[string][]byte{
		"big": file(le, heap(le, record{tag: 0x2007, data: make([]byte, 200<<10)}, record{tag: 0x300A, data: heap(le, record{tag: tagImageInfo, data: imageInfo(le, 9, 8)})})),
	}
	names, _ := filepath.Glob("../../testdata/formats/crw/*.crw")
	for _, name := range names {
		data, err := os.ReadFile(name)
		require.NoError(t, err)
		inputs[name] = data
	}
	lim := extract.DefaultLimits()
	for name, data := range inputs {
		for i := range 61 {
			cut := len(data) * i / 60
			var wws, sws extract.Warnings
			want, werr := Locate(extract.Bytes(data[:cut]), int64(cut), lim, &wws)
			s := extract.NewStream(context.Background(), &pieces{b: data[:cut], seed: cut}, lim)
			s.KeepAll()
			got, gerr := Locate(s, lim.MaxStreamRead, lim, &sws)
			if !s.Settle() {
				sws = extract.Warnings{}
				got, gerr = Locate(s, lim.MaxStreamRead, lim, &sws)
			}
			s.Warn(&sws)
			_ = s.Close()
			if fmt.Sprint(werr) != fmt.Sprint(gerr) || !reflect.DeepEqual(wws.List, sws.List) || !reflect.DeepEqual(want, got) {
				t.Errorf("%s cut at %d: bytes %+v %v %q, stream %+v %v %q", name, cut, want.Facts, werr, wws.List, got.Facts, gerr, sws.List)
				break
			}
		}
	}
}

// FuzzLocate: no panic; a CIFF header always gives facts.
func FuzzLocate(f *testing.F) {
	le := binary.LittleEndian
	f.Add(file(le, heap(le, record{tag: 0x300A, data: heap(le, record{tag: tagImageInfo, data: imageInfo(le, 9, 8)})})))
	f.Add(vrd(file(le, heap(le)), uint32(vrdXMP), []byte(packet)))
	names, _ := filepath.Glob("../../testdata/formats/crw/*.crw")
	for _, name := range names {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p, _, err := locate(b)
		if err == nil && p.Facts.MIME != mime {
			t.Fatalf("facts %+v", p.Facts)
		}
		if err != nil && IsCRW(b) {
			t.Fatalf("error after the header: %v", err)
		}
	})
}
