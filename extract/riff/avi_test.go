package riff

import (
	"encoding/binary"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
)

// chunk builds a RIFF chunk, padded to an even length.
func chunk(id string, parts ...[]byte) []byte {
	data := cat(parts...)
	b := binary.LittleEndian.AppendUint32([]byte(id), uint32(len(data)))
	b = append(b, data...)
	if len(data)&1 == 1 {
		b = append(b, 0)
	}
	return b
}

func list(typ string, chunks ...[]byte) []byte { return chunk("LIST", []byte(typ), cat(chunks...)) }

func cat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func u32s(v ...uint32) []byte {
	var b []byte
	for _, x := range v {
		b = binary.LittleEndian.AppendUint32(b, x)
	}
	return b
}

// aviOf builds an AVI file of the given chunks.
func aviOf(chunks ...[]byte) []byte { return chunk("RIFF", []byte("AVI "), cat(chunks...)) }

// avih is a main header: microseconds per frame, frames, width, height.
func avih(us, frames, w, h uint32) []byte {
	return chunk("avih", u32s(us, 0, 0, 0x10, frames, 0, 1, 0, w, h, 0, 0, 0, 0))
}

// strh is a stream header: type, handler, scale, rate, length.
func strh(typ, handler string, scale, rate, length uint32) []byte {
	return chunk("strh", []byte(typ), []byte(handler), u32s(0, 0, 0, scale, rate, 0, length, 0, 10000, 0, 0, 0))
}

// bih is a video stream format (BITMAPINFOHEADER) of w x h.
func bih(w, h int32) []byte {
	return chunk("strf", u32s(40, uint32(w), uint32(h), 0x180001, 0, 0, 0, 0, 0, 0))
}

var (
	tiffII = []byte("II*\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00")
	packet = []byte(`<x:xmpmeta xmlns:x="adobe:ns:meta/"/>`)
	hdrl   = list("hdrl", avih(40000, 10, 64, 48), list("strl", strh("vids", "MJPG", 1, 25, 10), bih(64, 48)),
		list("strl", strh("auds", "\x00\x00\x00\x00", 1, 8000, 8000), chunk("strf", make([]byte, 16))))
	movi = list("movi", chunk("00dc", make([]byte, 101)))
)

func TestLocateAVI(t *testing.T) {
	video := func(w, h int, dur float64, codec string) extract.Facts {
		return extract.Facts{FileType: "non-image", MIME: "video/x-msvideo", Width: w, Height: h, Duration: dur, VideoCodec: codec}
	}
	casio := cat([]byte("QVMI\x00\x00\x00\x00\x00\x00"), []byte{0, 0, 0, 0, 0, 0})
	hdrlLen := int64(len(hdrl))
	tests := []struct {
		name  string
		in    []byte
		facts extract.Facts
		exif  []int64
		xmp   []int64
		warns []string
	}{
		{name: "header and streams", in: aviOf(hdrl, movi), facts: video(64, 48, 0.4, "MJPG")},
		{name: "metadata after the movie data", in: aviOf(hdrl, movi, chunk("EXIF", tiffII), chunk("_PMX", packet), chunk("XMP ", packet)),
			facts: video(64, 48, 0.4, "MJPG"),
			exif:  []int64{12 + hdrlLen + 122 + 8},
			xmp:   []int64{12 + hdrlLen + 122 + 22 + 8, 12 + hdrlLen + 122 + 22 + 46 + 8}},
		{name: "EXIF after Exif header", in: aviOf(chunk("EXIF", []byte("Exif\x00\x00"), tiffII)),
			facts: video(0, 0, 0, ""), exif: []int64{12 + 8 + 6}},
		{name: "EXIF without TIFF", in: aviOf(chunk("EXIF", []byte("nothing here"))),
			facts: video(0, 0, 0, ""), warns: []string{WarnAVIExif}},
		{name: "casio junk", in: aviOf(chunk("JUNK", casio), chunk("JUNK", make([]byte, 20))),
			facts: video(0, 0, 0, ""), exif: []int64{12 + 8}},
		{name: "size from strf when avih has none, top-down bitmap",
			in:    aviOf(list("hdrl", avih(40000, 10, 0, 0), list("strl", strh("vids", "divx", 1, 25, 10), bih(32, -16)))),
			facts: video(32, 16, 0.4, "divx")},
		{name: "video stream length when the header's is 2 to 3 times longer",
			in:    aviOf(list("hdrl", avih(40000, 25, 8, 8), list("strl", strh("vids", "MJPG", 1, 25, 10)))),
			facts: video(8, 8, 0.4, "MJPG")},
		{name: "durations of RIFF documents add up",
			in:    cat(aviOf(hdrl, movi), chunk("RIFF", []byte("AVIX"), list("hdrl", avih(100000, 5, 8, 8)), movi)),
			facts: video(64, 48, 0.9, "MJPG")},
		{name: "short avih", in: aviOf(list("hdrl", chunk("avih", make([]byte, 20)))),
			facts: video(0, 0, 0, ""), warns: []string{WarnAVIHeader}},
		{name: "chunk past its list", in: aviOf(chunk("LIST", []byte("hdrl"), []byte("avih\xff\x00\x00\x00")), chunk("_PMX", packet)),
			facts: video(0, 0, 0, ""), xmp: []int64{12 + 20 + 8}, warns: []string{"avi.bad-chunk"}},
		{name: "chunk past the end", in: cat(aviOf(chunk("_PMX", packet)), []byte("JUNK\xff\x00\x00\x00ab")),
			facts: video(0, 0, 0, ""), xmp: []int64{12 + 8}, warns: []string{"avi.truncated-chunk"}},
		{name: "header cut", in: cat(aviOf(), []byte("JUN")),
			facts: video(0, 0, 0, ""), warns: []string{"avi.truncated-chunk"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var ws extract.Warnings
			p, err := LocateAVI(extract.Bytes(tc.in), int64(len(tc.in)), extract.DefaultLimits(), &ws)
			require.NoError(t, err)
			assert.InDelta(t, tc.facts.Duration, p.Facts.Duration, 1e-9)
			p.Facts.Duration = tc.facts.Duration
			assert.Equal(t, tc.facts, p.Facts)
			assert.Equal(t, tc.exif, offsets(p.EXIF), "exif")
			assert.Equal(t, tc.xmp, offsets(p.XMP), "xmp")
			for _, q := range p.EXIF {
				assert.Contains(t, []string{"II*\x00", "MM\x00*"}, string(q.Data[:4]))
			}
			var codes []string
			for _, w := range ws.List {
				codes = append(codes, w.Code)
			}
			assert.Equal(t, tc.warns, codes)
		})
	}
}

func TestLocateAVINotAVI(t *testing.T) {
	for _, in := range [][]byte{nil, []byte("RIFF\x00\x00\x00\x00WEBP"), []byte("RIFF\x00\x00\x00\x00AVI")} {
		var ws extract.Warnings
		_, err := LocateAVI(extract.Bytes(in), int64(len(in)), extract.DefaultLimits(), &ws)
		assert.True(t, errors.Is(err, extract.ErrUnsupportedFormat), "%q: %v", in, err)
	}
}

// TestLimitsAVI: metadata above the limits is not read; nesting is bounded.
func TestLimitsAVI(t *testing.T) {
	in := aviOf(chunk("_PMX", packet), chunk("EXIF", tiffII, make([]byte, 100)))
	var ws extract.Warnings
	p, err := LocateAVI(extract.Bytes(in), int64(len(in)), extract.Limits{MaxSegment: 100, MaxXMPBytes: 10}, &ws)
	require.NoError(t, err)
	assert.Empty(t, p.XMP)
	assert.Empty(t, p.EXIF)
	require.Len(t, ws.List, 2)
	assert.Equal(t, WarnAVITooLarge, ws.List[0].Code)

	nested := aviOf(chunk("_PMX", packet))
	for range 70 {
		nested = cat(nested[:12], chunk("RIFF", []byte("AVIX"), nested[12:]))
	}
	ws = extract.Warnings{}
	p, err = LocateAVI(extract.Bytes(nested), int64(len(nested)), extract.DefaultLimits(), &ws)
	require.NoError(t, err)
	assert.Empty(t, p.XMP)
	require.NotEmpty(t, ws.List)
	assert.Equal(t, WarnAVITooDeep, ws.List[0].Code)
}

func offsets(ps []extract.Payload) []int64 {
	var out []int64
	for _, p := range ps {
		out = append(out, p.Offset)
	}
	return out
}
