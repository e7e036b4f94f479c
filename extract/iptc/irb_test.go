package iptc

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
	"github.com/embedmeta/embedmeta/schema"
)

var (
	digestKey = key{"Photoshop", extract.ResourceIPTC}
	storedKey = key{"Photoshop", extract.ResourceIPTCDigest}
)

func TestDecodeIRB(t *testing.T) {
	iim := cat(ds(2, 0, []byte{0, 4}), ds(2, 5, []byte("title")))
	iimOdd := cat(ds(2, 5, []byte("odd")), ds(2, 25, nil)) // 8 + 5 = 13 bytes: odd size
	stored := bytes.Repeat([]byte{0xab}, 16)
	resolution := res("8BIM", 0x03ED, "", make([]byte, 16))
	tests := []struct {
		name     string
		data     []byte
		want     []key
		wantWarn []string
	}{
		{name: "empty"},
		{
			name: "IPTC-NAA only",
			data: res("8BIM", 0x0404, "", iim),
			want: []key{digestKey, {"IPTC2", 0}, {"IPTC2", 5}},
		},
		{
			name: "name of odd length (no name pad)",
			data: cat(res("8BIM", 0x0404, "a", iim), resolution),
			want: []key{digestKey, {"IPTC2", 0}, {"IPTC2", 5}},
		},
		{
			name: "name of even length (padded)",
			data: cat(res("8BIM", 0x0404, "ab", iim), res("8BIM", 0x0425, "IPTC", stored)),
			want: []key{digestKey, {"IPTC2", 0}, {"IPTC2", 5}, storedKey},
		},
		{
			name: "odd data size padded, then more resources",
			data: cat(res("8BIM", 0x0404, "", iimOdd), res("8BIM", 0x0425, "", stored)),
			want: []key{digestKey, {"IPTC2", 5}, {"IPTC2", 25}, storedKey},
		},
		{
			name: "odd data size, final pad byte missing",
			data: res("8BIM", 0x0404, "", iimOdd)[:12+len(iimOdd)],
			want: []key{digestKey, {"IPTC2", 5}, {"IPTC2", 25}},
		},
		{
			name: "several resources, others ignored, digest before IIM",
			data: cat(resolution, res("8BIM", 0x0425, "", stored), res("8BIM", 0x040C, "", []byte("thumb")), res("8BIM", 0x0404, "", iim)),
			want: []key{storedKey, digestKey, {"IPTC2", 0}, {"IPTC2", 5}},
		},
		{
			name:     "two IPTC-NAA resources: both decoded, one digest",
			data:     cat(res("8BIM", 0x0404, "", iim), res("8BIM", 0x0404, "", ds(2, 25, []byte("k")))),
			want:     []key{digestKey, {"IPTC2", 0}, {"IPTC2", 5}, {"IPTC2", 25}},
			wantWarn: []string{"irb.multiple-iptc"},
		},
		{
			name: "other signatures walked, not interpreted",
			data: cat(res("PHUT", 0x0404, "", iim), res("MeSa", 1, "", nil), res("AgHg", 2, "x", []byte{1}), res("DCSR", 3, "", nil), res("8BIM", 0x0404, "", iim)),
			want: []key{digestKey, {"IPTC2", 0}, {"IPTC2", 5}},
		},
		{
			name:     "bad signature keeps what was read",
			data:     cat(res("8BIM", 0x0404, "", iim), res("8BIX", 0x0425, "", stored)),
			want:     []key{digestKey, {"IPTC2", 0}, {"IPTC2", 5}},
			wantWarn: []string{"irb.bad-signature"},
		},
		{
			name: "trailing NUL padding is silent",
			data: cat(res("8BIM", 0x0404, "", iim), make([]byte, 3)),
			want: []key{digestKey, {"IPTC2", 0}, {"IPTC2", 5}},
		},
		{
			name:     "header cut short",
			data:     cat(res("8BIM", 0x0404, "", iim), []byte("8BIM\x04\x25\x00")),
			want:     []key{digestKey, {"IPTC2", 0}, {"IPTC2", 5}},
			wantWarn: []string{"irb.truncated"},
		},
		{
			name:     "size field cut short",
			data:     cat(res("8BIM", 0x0425, "", stored), []byte("8BIM\x04\x04\x00\x00\x00\x00")),
			want:     []key{storedKey},
			wantWarn: []string{"irb.truncated"},
		},
		{
			name:     "junk shorter than a signature",
			data:     cat(res("8BIM", 0x0425, "", stored), []byte("8B")),
			want:     []key{storedKey},
			wantWarn: []string{"irb.truncated"},
		},
		{
			name:     "name runs past the end",
			data:     cat(res("8BIM", 0x0425, "", stored), []byte("8BIM\x04\x04\xff\x00\x00")),
			want:     []key{storedKey},
			wantWarn: []string{"irb.truncated"},
		},
		{
			name:     "data size past the end",
			data:     cat(res("8BIM", 0x0425, "", stored), res("8BIM", 0x0404, "", iim)[:20]),
			want:     []key{storedKey},
			wantWarn: []string{"irb.truncated"},
		},
		{
			name:     "4 GiB declared size",
			data:     cat(res("8BIM", 0x0425, "", stored), []byte("8BIM\x04\x04\x00\x00\xff\xff\xff\xff"), iim),
			want:     []key{storedKey},
			wantWarn: []string{"irb.truncated"},
		},
		{
			name:     "damaged IIM inside",
			data:     res("8BIM", 0x0404, "", cat(iim, []byte("junk"))),
			want:     []key{digestKey, {"IPTC2", 0}, {"IPTC2", 5}},
			wantWarn: []string{"iptc.trailing-bytes"},
		},
		{
			name: "empty IPTC-NAA resource still has a digest",
			data: res("8BIM", 0x0404, "", nil),
			want: []key{digestKey},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var ws extract.Warnings
			got := DecodeIRB(extract.Payload{Data: tc.data, Offset: 50}, extract.Limits{}, &ws)
			assert.Equal(t, tc.want, keys(got))
			assert.Equal(t, tc.wantWarn, codes(&ws))
			for _, e := range got {
				pos := e.Offset - 50
				require.True(t, pos >= 0 && int(pos) <= len(tc.data))
				switch {
				case e.Source == schema.SourceIPTC:
					assert.Equal(t, tc.data[pos:int(pos)+len(e.Bytes)], e.Bytes)
				case e.ID == extract.ResourceIPTCDigest:
					assert.Equal(t, schema.TypeBinary, e.Type)
					assert.Equal(t, stored, e.Bytes)
					assert.Equal(t, tc.data[pos:pos+16], e.Bytes)
				default:
					assert.Equal(t, schema.TypeDigest, e.Type)
					assert.Equal(t, schema.SourcePhotoshop, e.Source)
					assert.Len(t, e.Bytes, md5.Size)
				}
			}
		})
	}
}

// TestDecodeIRBDigest checks which bytes the digest covers: the resource data as sized,
// never the pad byte (ExifTool's CurrentIPTCDigest, spec P2).
func TestDecodeIRBDigest(t *testing.T) {
	odd := ds(2, 5, []byte("odd")) // 8 bytes
	odd = append(odd, ds(2, 25, nil)...)
	require.Equal(t, 1, len(odd)%2)
	for _, name := range []string{"", "n", "nm"} {
		got := DecodeIRB(extract.Payload{Data: res("8BIM", 0x0404, name, odd)}, extract.Limits{}, nil)
		require.NotEmpty(t, got)
		sum := md5.Sum(odd)
		assert.Equal(t, sum[:], got[0].Bytes, "name %q", name)
		assert.Equal(t, uint32(16), got[0].Count)
	}
	empty := DecodeIRB(extract.Payload{Data: res("8BIM", 0x0404, "", nil)}, extract.Limits{}, nil)
	require.Len(t, empty, 1)
	assert.Equal(t, "d41d8cd98f00b204e9800998ecf8427e", hex.EncodeToString(empty[0].Bytes), "ExifTool reports MD5 of nothing")
}

func TestDecodeIRBBoundedAllocation(t *testing.T) {
	data := cat(res("8BIM", 0x0425, "", make([]byte, 16)), []byte("8BIM\x04\x04\x00\x00\xff\xff\xff\xff"), ds(2, 5, []byte("t")))
	p := extract.Payload{Data: data}
	allocs := testing.AllocsPerRun(20, func() { DecodeIRB(p, extract.Limits{}, &extract.Warnings{}) })
	assert.LessOrEqual(t, allocs, 20.0)

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range 10 {
		DecodeIRB(p, extract.Limits{}, &extract.Warnings{})
	}
	runtime.ReadMemStats(&after)
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(1<<20))
}

func TestDecodeIRBLimits(t *testing.T) {
	iim := cat(ds(2, 25, []byte("a")), ds(2, 25, []byte("b")), ds(2, 25, []byte("c")))
	t.Run("MaxEntries shared across the block", func(t *testing.T) {
		var ws extract.Warnings
		data := cat(res("8BIM", 0x0404, "", iim), res("8BIM", 0x0425, "", make([]byte, 16)))
		got := DecodeIRB(extract.Payload{Data: data}, extract.Limits{MaxEntries: 3}, &ws)
		assert.Equal(t, []key{digestKey, {"IPTC2", 25}, {"IPTC2", 25}}, keys(got))
		assert.Equal(t, []string{"iptc.too-many-entries", "irb.too-many-entries"}, codes(&ws))
	})
	t.Run("MaxSegment", func(t *testing.T) {
		var ws extract.Warnings
		data := cat(res("8BIM", 0x0425, "", make([]byte, 16)), res("8BIM", 0x0404, "", iim))
		got := DecodeIRB(extract.Payload{Data: data}, extract.Limits{MaxSegment: 30}, &ws)
		assert.Equal(t, []key{storedKey}, keys(got))
		assert.Equal(t, []string{"irb.too-large", "irb.truncated"}, codes(&ws))
	})
	t.Run("MaxWarnings", func(t *testing.T) {
		ws := extract.Warnings{Max: 1}
		data := res("8BIM", 0x0404, "", cat(ds(0, 1, nil), ds(2, 5, nil), []byte("junk")))
		DecodeIRB(extract.Payload{Data: data}, extract.Limits{}, &ws)
		assert.Len(t, ws.List, 1)
		assert.Equal(t, 1, ws.Dropped)
	})
}

// TestDigestBareIIM checks Digest on the IIM of TIFF tag 0x83BB (stored as LONG, with NUL
// padding) against ExifTool's CurrentIPTCDigest for that file.
func TestDigestBareIIM(t *testing.T) {
	file := readFixture(t, filepath.Join(testcorpus.Dir(), "tiff", "gen-tiff-iptc-long-type.tif"))
	require.Greater(t, len(file), 0xa2+36)
	p := extract.Payload{Data: file[0xa2 : 0xa2+36], Offset: 0xa2} // offset and size from exiftool -v3
	d := Digest(p)
	assert.Equal(t, "15884b9743857d69c1bace715b9aa2f5", hex.EncodeToString(d.Bytes))
	assert.Equal(t, key{"Photoshop", extract.ResourceIPTC}, key{d.Dir, d.ID})
	assert.Equal(t, int64(0xa2), d.Offset)

	var ws extract.Warnings
	es := Decode(p, extract.Limits{}, &ws)
	assert.Equal(t, []key{{"IPTC2", 0}, {"IPTC2", 25}, {"IPTC2", 90}}, keys(es))
	assert.Empty(t, ws.List, "NUL padding of the LONG array is silent")
}

// TestHasStoredDigestAndSkippingTheDigest: HasStoredDigest finds resource 0x0425 wherever it
// sits, and DecodeIRBAppend without a digest gives the same entries minus the digest one.
func TestHasStoredDigestAndSkippingTheDigest(t *testing.T) {
	iim := ds(2, 5, []byte("title"))
	stored := make([]byte, 16)
	for _, tc := range []struct {
		name string
		data []byte
		want bool
	}{
		{"after the IIM", cat(res("8BIM", 0x0404, "", iim), res("8BIM", 0x0425, "", stored)), true},
		{"before it", cat(res("8BIM", 0x0425, "", stored), res("8BIM", 0x0404, "", iim)), true},
		{"none", cat(res("8BIM", 0x0404, "", iim)), false},
		{"not 8BIM", cat(res("8BIM", 0x0404, "", iim), res("8BIX", 0x0425, "", stored)), false},
		{"damaged before it", cat([]byte("8BIM\x04\x04\x00\x00\xff\xff\xff\xff"), res("8BIM", 0x0425, "", stored)), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := extract.Payload{Data: tc.data}
			assert.Equal(t, tc.want, HasStoredDigest(p))
			var without []extract.RawEntry
			for _, e := range DecodeIRB(p, extract.Limits{}, nil) {
				if e.Type != schema.TypeDigest {
					without = append(without, e)
				}
			}
			assert.Equal(t, without, DecodeIRBAppend(nil, p, extract.Limits{}, nil, false))
		})
	}
}
