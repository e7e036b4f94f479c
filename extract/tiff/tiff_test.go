package tiff

import (
	"bytes"
	"crypto/md5"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/exif"
	"github.com/embedmeta/embedmeta/extract/iptc"
	"github.com/embedmeta/embedmeta/schema"
)

var orders = []struct {
	name string
	bo   binary.AppendByteOrder
}{{"II", binary.LittleEndian}, {"MM", binary.BigEndian}}

func locate(t *testing.T, b []byte) (extract.Payloads, *extract.Warnings, error) {
	t.Helper()
	ws := &extract.Warnings{}
	p, err := Locate(bytes.NewReader(b), int64(len(b)), extract.Limits{}, ws)
	return p, ws, err
}

func TestIsTIFF(t *testing.T) {
	tests := []struct {
		head string
		want bool
	}{
		{"II*\x00\x08\x00\x00\x00", true},
		{"MM\x00*\x00\x00\x00\x08", true},
		{"II+\x00\x08\x00\x00\x00\x10\x00\x00\x00\x00\x00\x00\x00", true},
		{"MM\x00+\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00\x10", true},
		{"II+\x00\x04\x00\x00\x00\x10\x00\x00\x00\x00\x00\x00\x00", false}, // bad BigTIFF offset size
		{"IIRO\x08\x00\x00\x00", true},
		{"MMOR\x00\x00\x00\x08", true},
		{"IIRS\x08\x00\x00\x00", true},
		{"IIU\x00\x18\x00\x00\x00", true},
		{"II\xbc\x01\x08\x00\x00\x00", false}, // JPEG XR is not read here
		{"II*\x00", false},
		{"\xff\xd8\xff\xe1", false},
	}
	for _, tc := range tests {
		t.Run(tc.head, func(t *testing.T) {
			assert.Equal(t, tc.want, IsTIFF([]byte(tc.head)))
		})
	}
}

// irbRes is one "8BIM" resource with an empty name.
func irbRes(id uint16, data []byte) []byte {
	b := append([]byte("8BIM"), byte(id>>8), byte(id), 0, 0)
	b = binary.BigEndian.AppendUint32(b, uint32(len(data)))
	b = append(b, data...)
	if len(data)%2 == 1 {
		b = append(b, 0)
	}
	return b
}

// TestLocatePayloads checks the three payload tags of IFD0 in both byte orders, with the
// IIM stored as LONG (padding included in its digest) and an IRB holding a second IIM copy.
func TestLocatePayloads(t *testing.T) {
	xmp := []byte(`<x:xmpmeta xmlns:x="adobe:ns:meta/"/>`)
	iim := []byte("\x1c\x02\x00\x00\x02\x00\x04\x1c\x02\x19\x00\x03abc\x00\x00\x00\x00\x00") // 20 bytes = 5 LONGs
	digest := md5.Sum(iim)
	irb := append(irbRes(0x0404, []byte("\x1c\x02\x19\x00\x03xyz")), irbRes(0x0425, digest[:])...)
	for _, o := range orders {
		t.Run(o.name, func(t *testing.T) {
			bo := o.bo
			b := build(bo, 0x2A, nil, nil, []ent{
				short(bo, 0x0100, 64), short(bo, 0x0101, 48),
				{id: 0x0152, typ: 3, count: 1, val: u16(bo, 2)},
				{id: 0x02BC, typ: 1, count: uint32(len(xmp)), val: xmp},
				{id: 0x83BB, typ: 4, count: uint32(len(iim) / 4), val: iim},
				undef(0x8649, irb),
			})
			p, ws, err := locate(t, b)
			require.NoError(t, err)
			assert.Empty(t, ws.List)
			require.Len(t, p.XMP, 1)
			assert.Equal(t, xmp, p.XMP[0].Data)
			assert.Equal(t, xmp, b[p.XMP[0].Offset:p.XMP[0].Offset+int64(len(xmp))])
			assert.Empty(t, p.IIM, "the IRB copy of the IIM is dropped when 0x83BB exists")
			require.Len(t, p.IRB, 2)
			es := iptc.DecodeIRB(p.IRB[0], extract.Limits{}, nil)
			require.NotEmpty(t, es)
			assert.Equal(t, schema.TypeDigest, es[0].Type)
			assert.Equal(t, digest[:], es[0].Bytes, "digest over the stored bytes, LONG padding included")
			require.Len(t, es, 3)
			assert.Equal(t, []byte("abc"), b[es[2].Offset:es[2].Offset+3], "dataset offsets are file offsets")
			rest := iptc.DecodeIRB(p.IRB[1], extract.Limits{}, nil)
			require.Len(t, rest, 1)
			assert.Equal(t, extract.ResourceIPTCDigest, rest[0].ID)
			assert.Equal(t, "image/tiff", p.Facts.MIME)
			assert.Equal(t, "image", p.Facts.FileType)
			assert.Equal(t, [2]int{64, 48}, [2]int{p.Facts.Width, p.Facts.Height})
			require.NotNil(t, p.Facts.HasAlpha)
			assert.True(t, *p.Facts.HasAlpha)
			require.Len(t, p.EXIF, 1)
			assert.Nil(t, p.EXIF[0].Data)
			assert.Equal(t, int64(len(b)), p.EXIF[0].Size)
			ents := exif.Decode(p.EXIF[0], extract.Limits{}, ws)
			for _, e := range ents {
				assert.NotContains(t, []uint16{0x02BC, 0x83BB, 0x8649}, e.ID, "payload tags are not EXIF entries")
			}
			assert.Len(t, ents, 3)
		})
	}
}

// TestLocateIRBOnly: IPTC only inside the Photoshop resources is handed over bare, without
// a digest (ExifTool computes none for it), and the IRB keeps its other resources.
func TestLocateIRBOnly(t *testing.T) {
	bo := binary.LittleEndian
	irb := append(append(irbRes(0x03ED, make([]byte, 16)), irbRes(0x0404, []byte("\x1c\x02\x19\x00\x01k"))...), irbRes(0x0425, make([]byte, 16))...)
	b := build(bo, 0x2A, nil, nil, []ent{short(bo, 0x0100, 1), short(bo, 0x0101, 1), undef(0x8649, irb)})
	p, _, err := locate(t, b)
	require.NoError(t, err)
	require.Len(t, p.IIM, 1)
	assert.Equal(t, []byte("\x1c\x02\x19\x00\x01k"), p.IIM[0].Data)
	assert.Equal(t, p.IIM[0].Data, b[p.IIM[0].Offset:p.IIM[0].Offset+6])
	require.Len(t, p.IRB, 2)
	for _, r := range p.IRB {
		for _, e := range iptc.DecodeIRB(r, extract.Limits{}, nil) {
			assert.NotEqual(t, schema.TypeDigest, e.Type)
		}
	}
	require.NotNil(t, p.Facts.HasAlpha)
	assert.False(t, *p.Facts.HasAlpha)
}

// TestLocateKinds checks the file type (ExifTool's MIMEType) and size rules.
func TestLocateKinds(t *testing.T) {
	bo := binary.LittleEndian
	rw2sig := []byte("\x88\xe7\x74\xd8\xf8\x25\x1d\x4d\x94\x7a\x6e\x77\x82\x2b\x5d\x6a")
	tests := []struct {
		name string
		file []byte
		mime string
		w, h int
	}{
		{"plain TIFF", build(bo, 0x2A, nil, nil, []ent{short(bo, 0x100, 10), short(bo, 0x101, 20)}), "image/tiff", 10, 20},
		{"two pages: IFD0 wins", build(bo, 0x2A, nil, []int{2},
			[]ent{long(bo, 0xFE, 2), short(bo, 0x100, 10), short(bo, 0x101, 20)},
			[]ent{long(bo, 0xFE, 2), short(bo, 0x100, 5), short(bo, 0x101, 6)}), "image/tiff", 10, 20},
		{"full-resolution page later wins", build(bo, 0x2A, nil, []int{2},
			[]ent{long(bo, 0xFE, 1), short(bo, 0x100, 10), short(bo, 0x101, 20)},
			[]ent{long(bo, 0xFE, 0), short(bo, 0x100, 500), short(bo, 0x101, 600)}), "image/tiff", 500, 600},
		{"CR2: Exif size", build(bo, 0x2A, []byte("CR\x02\x00\x00\x00\x00\x00"), nil,
			[]ent{short(bo, 0x100, 1536), short(bo, 0x101, 1024), {id: 0x8769, ptr: 2}},
			[]ent{short(bo, 0xA002, 3456), short(bo, 0xA003, 2304)}), "image/x-canon-cr2", 3456, 2304},
		{"NEF: Compression in the raw SubIFD", build(bo, 0x2A, nil, nil,
			[]ent{long(bo, 0xFE, 1), short(bo, 0x100, 160), short(bo, 0x101, 106), short(bo, 0x103, 1), {id: 0x14A, ptr: 2}},
			[]ent{long(bo, 0xFE, 0), short(bo, 0x100, 3040), short(bo, 0x101, 2014), short(bo, 0x103, 34713)}), "image/x-nikon-nef", 3040, 2014},
		{"DNG overrides", build(bo, 0x2A, nil, nil,
			[]ent{long(bo, 0xFE, 1), short(bo, 0x100, 8), short(bo, 0x101, 8), {id: 0x14A, ptr: 2}, {id: 0xC612, typ: 1, count: 4, val: []byte{1, 4, 0, 0}}},
			[]ent{long(bo, 0xFE, 0), short(bo, 0x100, 3516), short(bo, 0x101, 2328), short(bo, 0x103, 34713)}), "image/x-adobe-dng", 3516, 2328},
		{"ARW: Sony IFD0 with JPEG preview", build(bo, 0x2A, nil, nil,
			[]ent{long(bo, 0xFE, 1), short(bo, 0x103, 6), ascii(0x10F, "SONY"), {id: 0x14A, ptr: 2}},
			[]ent{long(bo, 0xFE, 0), short(bo, 0x100, 4928), short(bo, 0x101, 3280), short(bo, 0x103, 32767)}), "image/x-sony-arw", 4928, 3280},
		{"PEF", build(bo, 0x2A, nil, nil, []ent{short(bo, 0x100, 7), short(bo, 0x101, 9), short(bo, 0x103, 65535)}), "image/x-pentax-pef", 7, 9},
		{"ORF", build(bo, 0x4F52, nil, nil, []ent{short(bo, 0x100, 7), short(bo, 0x101, 9)}), "image/x-olympus-orf", 7, 9},
		{"ORF IIRS", build(bo, 0x5352, nil, nil, []ent{short(bo, 0x100, 7), short(bo, 0x101, 9)}), "image/x-olympus-orf", 7, 9},
		{"RW2: sensor borders", build(bo, 0x55, rw2sig, nil,
			[]ent{short(bo, 4, 6), short(bo, 5, 8), short(bo, 6, 2742), short(bo, 7, 3656)}), "image/x-panasonic-rw2", 3648, 2736},
		{"Panasonic RAW without signature", build(bo, 0x55, nil, nil, []ent{short(bo, 4, 0)}), "image/x-raw", 0, 0},
		{"IIQ", build(bo, 0x2A, []byte("IIIICwaR"), nil,
			[]ent{short(bo, 0x100, 1), short(bo, 0x101, 1), {id: 0x8769, ptr: 2}},
			[]ent{short(bo, 0xA002, 7320), short(bo, 0xA003, 5484)}), "image/x-raw", 7320, 5484},
		{"BigTIFF", bigTIFF(bo, [][2]uint16{{0x100, 8}, {0x101, 8}}, nil), "image/x-tiff-big", 8, 8},
		{"BigTIFF MM", bigTIFF(binary.BigEndian, [][2]uint16{{0x100, 3}, {0x101, 4}}, nil), "image/x-tiff-big", 3, 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, ws, err := locate(t, tc.file)
			require.NoError(t, err)
			assert.Empty(t, ws.List)
			assert.Equal(t, tc.mime, p.Facts.MIME)
			assert.Equal(t, [2]int{tc.w, tc.h}, [2]int{p.Facts.Width, p.Facts.Height})
		})
	}
}

// TestBigTIFFEntries: BigTIFF's 8-byte counts and offsets reach the EXIF decoder and the
// XMP value is located.
func TestBigTIFFEntries(t *testing.T) {
	xmp := []byte("<x:xmpmeta/>")
	b := bigTIFF(binary.LittleEndian, [][2]uint16{{0x100, 8}, {0x112, 1}}, xmp)
	p, ws, err := locate(t, b)
	require.NoError(t, err)
	require.Len(t, p.XMP, 1)
	assert.Equal(t, xmp, p.XMP[0].Data)
	es := exif.Decode(p.EXIF[0], extract.Limits{}, ws)
	require.Len(t, es, 2)
	assert.Equal(t, uint16(0x112), es[1].ID)
	assert.Equal(t, []int64{1}, es[1].Ints)
	assert.Empty(t, ws.List)
}

func TestLocateHostile(t *testing.T) {
	bo := binary.LittleEndian
	loop := build(bo, 0x2A, nil, []int{1}, []ent{short(bo, 0x100, 1), short(bo, 0x101, 1)})
	tests := []struct {
		name    string
		file    []byte
		wantErr bool
		warn    string
	}{
		{"IFD0 outside the file", []byte("II*\x00\xff\x00\x00\x00"), true, exif.WarnOffsetRange},
		{"not TIFF", []byte("GIF89a.."), true, ""},
		{"IFD chain loops", loop, false, exif.WarnIFDLoop},
		{"XMP value outside the file", build(bo, 0x2A, nil, nil, []ent{{id: 0x02BC, typ: 7, count: 1000, val: []byte("12345")}})[:30], false, exif.WarnOffsetRange},
		{"IRB cut short", build(bo, 0x2A, nil, nil, []ent{undef(0x8649, []byte("8BIM\x04\x04\x00\x00\x00\x00\x00\x40abc"))}), false, WarnBadIRB},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, ws, err := locate(t, tc.file)
			for _, pl := range p.EXIF {
				_ = exif.Decode(pl, extract.Limits{}, ws) // the walk's warnings come with its entries
			}
			if tc.wantErr {
				var fe *extract.FormatError
				require.ErrorAs(t, err, &fe)
				// Damage to a TIFF is a FormatError; only content that is not TIFF is
				// unsupported (issue 12).
				assert.Equal(t, tc.name == "not TIFF", errors.Is(err, extract.ErrUnsupportedFormat))
			} else {
				require.NoError(t, err)
			}
			if tc.warn != "" {
				var codes []string
				for _, w := range ws.List {
					codes = append(codes, w.Code)
				}
				assert.Contains(t, codes, tc.warn)
			}
		})
	}
}

// TestHugeFileReadsLittle: a 2 GiB TIFF whose IFDs sit up front costs a few hundred bytes
// of reads, Locate and EXIF decoding together.
func TestHugeFileReadsLittle(t *testing.T) {
	bo := binary.LittleEndian
	head := build(bo, 0x2A, nil, nil, []ent{short(bo, 0x100, 50000), short(bo, 0x101, 40000),
		long(bo, 0x111, 1<<30), long(bo, 0x117, 1<<30), ascii(0x10F, "Maker"), {id: 0x8769, ptr: 2}},
		[]ent{ascii(0x9003, "2020:01:02 03:04:05")})
	r := &hugeReader{head: head, size: 2 << 30}
	ws := &extract.Warnings{}
	p, err := Locate(r, r.size, extract.Limits{}, ws)
	require.NoError(t, err)
	es := exif.Decode(p.EXIF[0], extract.Limits{}, ws)
	assert.Len(t, es, 6)
	assert.Empty(t, ws.List)
	assert.Less(t, r.read, int64(1<<20))
	assert.Equal(t, [2]int{50000, 40000}, [2]int{p.Facts.Width, p.Facts.Height})
}

// TestReadBudget: Limits.MaxTotalRead stops the walk with a warning.
func TestReadBudget(t *testing.T) {
	bo := binary.LittleEndian
	xmp := bytes.Repeat([]byte("x"), 4096)
	b := build(bo, 0x2A, nil, nil, []ent{short(bo, 0x100, 1), {id: 0x02BC, typ: 1, count: uint32(len(xmp)), val: xmp}})
	ws := &extract.Warnings{}
	p, err := Locate(bytes.NewReader(b), int64(len(b)), extract.Limits{MaxTotalRead: 1024}, ws)
	require.NoError(t, err)
	assert.Empty(t, p.XMP)
	require.NotEmpty(t, ws.List)
	assert.Equal(t, exif.WarnReadLimit, ws.List[0].Code)
}

// readLog is a file in memory that logs the offset of every read.
type readLog struct {
	b    []byte
	offs map[int64]int
}

func (r *readLog) ReadAt(p []byte, off int64) (int, error) {
	r.offs[off]++
	return bytes.NewReader(r.b).ReadAt(p, off)
}

// TestOnePass: a TIFF's IFDs are read once, for the container walker and the EXIF decoder
// together: no range of the file but its header (read by the walker for the file type, and
// by the walk) is read twice by Locate and the decoding of its EXIF payload, which gives
// the entries a walk of its own gives.
func TestOnePass(t *testing.T) {
	bo := binary.LittleEndian
	b := build(bo, 0x2A, nil, []int{4},
		[]ent{long(bo, 0xFE, 1), short(bo, 0x100, 8), {id: 0x14A, ptr: 2}, {id: 0x8769, ptr: 3}},
		[]ent{long(bo, 0xFE, 0), short(bo, 0x100, 800), short(bo, 0x101, 600)},
		[]ent{ascii(0x9003, "2020:01:02 03:04:05")},
		[]ent{short(bo, 0x103, 6)})
	r := &readLog{b: b, offs: map[int64]int{}}
	ws := &extract.Warnings{}
	p, err := Locate(r, int64(len(b)), extract.Limits{}, ws)
	require.NoError(t, err)
	es := exif.Decode(p.EXIF[0], extract.Limits{}, ws)
	assert.Empty(t, ws.List)
	assert.Equal(t, [2]int{800, 600}, [2]int{p.Facts.Width, p.Facts.Height})
	assert.Equal(t, 1, r.offs[8], "IFD0's entry count is read once")
	for off, n := range r.offs {
		if n > 1 && off != 0 {
			t.Errorf("the bytes at %d are read %d times", off, n)
		}
	}
	again := exif.DecodeAt(bytes.NewReader(b), 0, int64(len(b)), extract.Limits{}, ws)
	assert.Equal(t, again, es)
	assert.Len(t, es, 5, "IFD0's 3 (SubIFDs included, the Exif pointer not), the Exif IFD's, IFD1's")
}
