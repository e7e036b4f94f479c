package isobmff

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/exif"
)

// locate runs Locate over b with default limits.
func locate(t *testing.T, b []byte, lim extract.Limits) (extract.Payloads, []extract.Warning) {
	t.Helper()
	var ws extract.Warnings
	p, err := Locate(bytesReader(b), int64(len(b)), lim, &ws)
	require.NoError(t, err)
	checkInside(t, p, len(b))
	return p, ws.List
}

func codes(ws []extract.Warning) []string {
	var out []string
	for _, w := range ws {
		out = append(out, w.Code)
	}
	return out
}

func TestHEIF(t *testing.T) {
	tests := []struct {
		name      string
		opts      heifOpts
		mime      string
		alpha     bool
		warnCodes []string
	}{
		{name: "heic", opts: heifOpts{}, mime: "image/heic"},
		{name: "Exif prefix", opts: heifOpts{exifPrefix: []byte("Exif\x00\x00")}, mime: "image/heic"},
		{name: "idat", opts: heifOpts{exifInIdat: true, brand: "mif1"}, mime: "image/heif"},
		{name: "two extents", opts: heifOpts{split: true, brand: "avif"}, mime: "image/avif"},
		// The TIFF header lies in the second extent, stored before the first: its offset is
		// that extent's, not the first extent's plus the header's place in the joined data.
		{name: "two extents, the second first", opts: heifOpts{split: true, swapped: true, exifPrefix: make([]byte, 96)}, mime: "image/heic"},
		{name: "alpha", opts: heifOpts{alpha: true, brand: "avif"}, mime: "image/avif", alpha: true},
		{name: "iloc before iinf", opts: heifOpts{ilocFirst: true}, mime: "image/heic"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := heifFile(tc.opts)
			require.True(t, IsISOBMFF(b))
			p, ws := locate(t, b, extract.Limits{})
			assert.Equal(t, tc.warnCodes, codes(ws))
			require.Len(t, p.EXIF, 1)
			tiff := tiffII("Cam")
			assert.Equal(t, tiff, p.EXIF[0].Data)
			if at := p.EXIF[0].Offset; assert.LessOrEqual(t, at+int64(len(tiff)), int64(len(b)), "EXIF offset %d", at) {
				assert.Equal(t, tiff, b[at:at+int64(len(tiff))], "the bytes at the EXIF offset")
			}
			require.Len(t, p.XMP, 1)
			assert.Equal(t, xmpPacket, string(p.XMP[0].Data))
			assert.Equal(t, xmpPacket, string(b[p.XMP[0].Offset:p.XMP[0].Offset+int64(len(xmpPacket))]))
			f := p.Facts
			assert.Equal(t, tc.mime, f.MIME)
			assert.Equal(t, "image", f.FileType)
			assert.Equal(t, [2]int{640, 480}, [2]int{f.Width, f.Height})
			require.NotNil(t, f.HasAlpha)
			assert.Equal(t, tc.alpha, *f.HasAlpha)
		})
	}
}

// TestExifItemPrefix: the 4-byte offset, a wrong offset with "Exif\0\0", no TIFF header.
func TestTIFFStart(t *testing.T) {
	tiff := tiffII("X")
	tests := []struct {
		name  string
		data  []byte
		start int
		exact bool
	}{
		{"offset 0", cat(u32(0), tiff), 4, true},
		{"offset 6 past Exif", cat(u32(6), []byte("Exif\x00\x00"), tiff), 10, true},
		{"wrong offset", cat(u32(0), []byte("Exif\x00\x00"), tiff), 10, false},
		{"no offset word", tiff, 0, false},
		{"no TIFF", []byte("nothing here at all"), -1, false},
		{"offset beyond", cat(u32(0xFFFFFFFF), tiff), 4 + 0, false},
		{"empty", nil, -1, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start, exact := TIFFStart(tc.data)
			assert.Equal(t, tc.start, start)
			assert.Equal(t, tc.exact, exact)
		})
	}
}

func TestMovie(t *testing.T) {
	tests := []struct {
		name string
		opts movieOpts
		mime string
		xmp  int
	}{
		{"mp4 uuid", movieOpts{brand: "isom", xmpUUID: true, mdatSize: 1500}, "video/mp4", 1},
		{"mov udta", movieOpts{brand: "qt  ", xmpUdta: true, mdatSize: 1500}, "video/quicktime", 1},
		{"mov no ftyp", movieOpts{xmpUdta: true, xmpUUID: true, mdatSize: 1500}, "video/quicktime", 2},
		{"3gp", movieOpts{brand: "3gp4", mdatSize: 1500}, "video/3gpp", 0},
		{"m4a", movieOpts{brand: "M4A ", mdatSize: 1500}, "audio/mp4", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := movieFile(tc.opts)
			require.True(t, IsISOBMFF(b))
			p, ws := locate(t, b, extract.Limits{})
			assert.Empty(t, ws)
			require.Len(t, p.XMP, tc.xmp)
			for _, x := range p.XMP {
				assert.Equal(t, xmpPacket, string(x.Data))
			}
			f := p.Facts
			assert.Equal(t, tc.mime, f.MIME)
			assert.Equal(t, "non-image", f.FileType)
			assert.Equal(t, [2]int{320, 240}, [2]int{f.Width, f.Height})
			assert.InDelta(t, 2.0, f.Duration, 1e-12)
			assert.Equal(t, int64(6000), f.BitRate) // 1500 bytes * 8 / 2 s
			assert.Equal(t, "avc1", f.VideoCodec)
			assert.Equal(t, "mp4a", f.AudioCodec)
			assert.Nil(t, f.HasAlpha)
		})
	}
}

func TestCR3(t *testing.T) {
	p, ws := locate(t, cr3File(), extract.Limits{})
	assert.Empty(t, ws)
	assert.Equal(t, "image/x-canon-cr3", p.Facts.MIME)
	assert.Equal(t, "image", p.Facts.FileType)
	assert.Equal(t, [2]int{6000, 4000}, [2]int{p.Facts.Width, p.Facts.Height})
	assert.Zero(t, p.Facts.Duration)
	require.Len(t, p.XMP, 1)
	require.Len(t, p.EXIF, 3)
	var dirs []string
	var vals []string
	for _, pl := range p.EXIF {
		var ews extract.Warnings
		for _, e := range exif.Decode(pl, extract.Limits{}, &ews) {
			dirs = append(dirs, e.Dir)
			vals = append(vals, string(e.Bytes))
		}
		assert.Empty(t, ews.List)
	}
	assert.Equal(t, []string{extract.DirIFD0, extract.DirExifIFD, extract.DirGPS}, dirs)
	assert.Equal(t, []string{"Canon\x00", "Exif\x00", "GPSDir\x00"}, vals)
}

func TestWrapSubIFDBigEndian(t *testing.T) {
	mm := []byte("MM\x00*\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00") // an empty IFD
	out := wrapSubIFD(mm, tagGPSIFD)
	require.Len(t, out, len(mm)+18)
	assert.Equal(t, uint32(len(mm)), binary.BigEndian.Uint32(out[4:]))
	assert.Equal(t, uint16(tagGPSIFD), binary.BigEndian.Uint16(out[len(mm)+2:]))
	assert.Equal(t, uint32(8), binary.BigEndian.Uint32(out[len(mm)+10:]))
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		head []byte
		want bool
	}{
		{"ftyp", box("ftyp", []byte("heic"), u32(0)), true},
		{"moov", box("moov", u32(0)), true},
		{"mdat size 0", cat(u32(0), []byte("mdat"), u32(0)), true},
		{"jxl signature", []byte("\x00\x00\x00\x0cJXL \r\n\x87\n"), false},
		{"short", []byte("\x00\x00\x00\x0cftyp"), false},
		{"jpeg", []byte("\xff\xd8\xff\xe1\x00\x10Exif\x00\x00\x00\x00"), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { assert.Equal(t, tc.want, IsISOBMFF(tc.head)) })
	}
}

// TestDamaged: bad boxes give warnings and what came before, never an error or a panic.
func TestDamaged(t *testing.T) {
	good := heifFile(heifOpts{})
	metaAt := int(binary.BigEndian.Uint32(good)) // after ftyp
	tests := []struct {
		name   string
		mutate func([]byte) []byte
		code   string
	}{
		{"meta size beyond EOF", func(b []byte) []byte { binary.BigEndian.PutUint32(b[metaAt:], 0x7FFFFFF0); return b }, "isobmff.box-size"},
		{"meta size too small", func(b []byte) []byte { binary.BigEndian.PutUint32(b[metaAt:], 7); return b }, "isobmff.box-size"},
		{"truncated in meta", func(b []byte) []byte { return b[:metaAt+60] }, "isobmff.box-size"},
		{"mdat truncated", func(b []byte) []byte { return b[:len(b)-20] }, "isobmff.box-size"},
		{"largesize huge", func(b []byte) []byte {
			huge := cat(u32(1), []byte("free"), u64(0xFFFFFFFFFFFFFF00))
			return cat(b[:metaAt], huge, b[metaAt:])
		}, "isobmff.box-size"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := tc.mutate(append([]byte(nil), good...))
			_, ws := locate(t, b, extract.Limits{})
			assert.Contains(t, codes(ws), tc.code)
		})
	}
}

// TestLimits: a large mdat is skipped by offset; XMP above MaxXMPBytes is refused; nesting is bounded.
func TestLimits(t *testing.T) {
	t.Run("huge mdat not read", func(t *testing.T) {
		b := movieFile(movieOpts{brand: "isom", xmpUUID: true})
		mdat := cat(u32(1), []byte("mdat"), u64(2<<30+16))
		r := &countingReader{b: append(b[:len(b)-8], mdat...), virtual: 2 << 30}
		var ws extract.Warnings
		p, err := Locate(r, int64(len(r.b))+r.virtual, extract.Limits{}, &ws)
		require.NoError(t, err)
		assert.Len(t, p.XMP, 1)
		assert.Less(t, r.read, int64(64<<10))
		assert.Equal(t, int64(8*(2<<30)/2), p.Facts.BitRate)
	})
	t.Run("XMP too large", func(t *testing.T) {
		b := movieFile(movieOpts{brand: "isom", xmpUUID: true})
		p, ws := locate(t, b, extract.Limits{MaxXMPBytes: 16})
		assert.Empty(t, p.XMP)
		assert.Contains(t, codes(ws), "isobmff.too-large")
	})
	t.Run("deep nesting", func(t *testing.T) {
		inner := box("uuid", uuidXMP[:], []byte(xmpPacket))
		for i := 0; i < 100; i++ {
			inner = box("moov", inner)
		}
		b := cat(box("ftyp", []byte("isom"), u32(0)), inner)
		_, ws := locate(t, b, extract.Limits{MaxDepth: 8})
		assert.NotContains(t, codes(ws), "isobmff.too-deep") // moov nests once only
	})
	t.Run("read budget", func(t *testing.T) {
		b := heifFile(heifOpts{})
		_, ws := locate(t, b, extract.Limits{MaxTotalRead: 64})
		assert.Contains(t, codes(ws), "isobmff.read-limit")
	})
}

func TestNotABox(t *testing.T) {
	var ws extract.Warnings
	_, err := Locate(bytesReader([]byte{1, 2}), 2, extract.Limits{}, &ws)
	var fe *extract.FormatError
	require.ErrorAs(t, err, &fe)
	assert.ErrorIs(t, err, extract.ErrUnsupportedFormat)
}

// TestItemWarningCode: an item whose location cannot be resolved is reported with the code
// WarnItem, prefixed once (issue 12 found "isobmff.isobmff.bad-item").
func TestItemWarningCode(t *testing.T) {
	f := heifFile(heifOpts{exifInIdat: true})
	i := bytes.Index(f, []byte("idat"))
	require.Positive(t, i)
	copy(f[i:], "free") // the Exif item's idat is gone
	ws := &extract.Warnings{}
	_, err := Locate(bytes.NewReader(f), int64(len(f)), extract.Limits{}, ws)
	require.NoError(t, err)
	var codes []string
	for _, w := range ws.List {
		codes = append(codes, w.Code)
	}
	assert.Contains(t, codes, WarnItem)
	assert.Equal(t, "isobmff.bad-item", WarnItem)
}

// TestItemRepeatingItsBytes: an item whose extents list the same bytes again and again, more
// of them than the file holds (a small file made into a large payload), is refused with
// WarnItem, whatever the limits allow. A repeat that stays within the file's size is read.
func TestItemRepeatingItsBytes(t *testing.T) {
	for _, n := range []int{1, 1000} {
		f := heifFile(heifOpts{repeated: n})
		p, ws := locate(t, f, extract.Limits{})
		if n == 1 {
			require.Len(t, p.EXIF, 1)
			assert.Equal(t, tiffII("Cam"), p.EXIF[0].Data)
			continue
		}
		assert.Empty(t, p.EXIF, "%d repeats", n)
		assert.Contains(t, codes(ws), WarnItem, "%d repeats", n)
	}
}

// TestFileOffset: a byte of an item's joined data is found in the extent that holds it; a
// zero-length extent (one "to the end" that starts at the file's end) holds none, so the
// first byte of the data is the next extent's.
func TestFileOffset(t *testing.T) {
	tests := []struct {
		name string
		at   []extentAt
		k    int64
		want int64
	}{
		{"one extent", []extentAt{{0, 100}}, 7, 107},
		{"second extent stored first", []extentAt{{0, 500}, {32, 100}}, 40, 108},
		{"at the boundary", []extentAt{{0, 500}, {32, 100}}, 32, 100},
		{"last byte of the first", []extentAt{{0, 500}, {32, 100}}, 31, 531},
		{"empty first extent", []extentAt{{0, 638}, {0, 600}}, 0, 600},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, fileOffset(tc.at, tc.k), tc.name)
	}
}
