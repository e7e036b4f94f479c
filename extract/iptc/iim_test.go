package iptc

import (
	"bytes"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/schema"
)

func TestDecode(t *testing.T) {
	big := bytes.Repeat([]byte("x"), 40000)
	tests := []struct {
		name     string
		data     []byte
		lim      extract.Limits
		want     []key
		wantLen  []uint32 // Count of each entry, when checked
		wantWarn []string
	}{
		{name: "empty", data: nil},
		{
			name: "stored order kept, repeats kept",
			data: cat(ds(1, 90, []byte("\x1b%G")), ds(2, 0, []byte{0, 4}), ds(2, 25, []byte("b")), ds(2, 5, []byte("t")), ds(2, 25, []byte("a"))),
			want: []key{{"IPTC1", 90}, {"IPTC2", 0}, {"IPTC2", 25}, {"IPTC2", 5}, {"IPTC2", 25}},
		},
		{
			name: "records 1 to 9 emitted",
			data: cat(ds(1, 0, []byte{0, 4}), ds(3, 1, nil), ds(7, 10, []byte{1}), ds(8, 10, []byte{2}), ds(9, 10, []byte{3})),
			want: []key{{"IPTC1", 0}, {"IPTC3", 1}, {"IPTC7", 10}, {"IPTC8", 10}, {"IPTC9", 10}},
		},
		{
			name: "zero-length dataset",
			data: cat(ds(2, 5, nil), ds(2, 25, []byte("k"))),
			want: []key{{"IPTC2", 5}, {"IPTC2", 25}}, wantLen: []uint32{0, 1},
		},
		{
			name: "trailing NUL padding is silent",
			data: cat(ds(2, 5, []byte("title")), make([]byte, 3)),
			want: []key{{"IPTC2", 5}},
		},
		{
			name: "single trailing NUL is silent",
			data: cat(ds(2, 5, []byte("title")), []byte{0}),
			want: []key{{"IPTC2", 5}},
		},
		{
			name:     "trailing junk",
			data:     cat(ds(2, 5, []byte("title")), []byte("junk")),
			want:     []key{{"IPTC2", 5}},
			wantWarn: []string{"iptc.trailing-bytes"},
		},
		{
			name:     "bad marker mid-block keeps what was read",
			data:     cat(ds(2, 5, []byte("title")), []byte{0x1d, 2, 25, 0, 1, 'k'}, ds(2, 25, []byte("k"))),
			want:     []key{{"IPTC2", 5}},
			wantWarn: []string{"iptc.bad-marker"},
		},
		{
			name:     "NULs then a dataset is a bad marker",
			data:     cat(ds(2, 5, []byte("title")), []byte{0, 0}, ds(2, 25, []byte("k"))),
			want:     []key{{"IPTC2", 5}},
			wantWarn: []string{"iptc.bad-marker"},
		},
		{
			name: "extended length, 4 octets",
			data: cat(ds(2, 5, []byte("t")), dsExt(2, 120, 4, big), ds(2, 25, []byte("k"))),
			want: []key{{"IPTC2", 5}, {"IPTC2", 120}, {"IPTC2", 25}}, wantLen: []uint32{1, 40000, 1},
		},
		{
			name: "extended length, 8 octets",
			data: cat(dsExt(2, 120, 8, big), ds(2, 25, []byte("k"))),
			want: []key{{"IPTC2", 120}, {"IPTC2", 25}}, wantLen: []uint32{40000, 1},
		},
		{
			name: "extended length, 2 octets (go-iptc cannot, IIM allows)",
			data: cat(dsExt(2, 120, 2, big), ds(2, 25, []byte("k"))),
			want: []key{{"IPTC2", 120}, {"IPTC2", 25}}, wantLen: []uint32{40000, 1},
		},
		{
			name:     "extended length field over 8 octets",
			data:     cat(ds(2, 5, []byte("t")), []byte{tagMarker, 2, 120, 0x80, 9}, make([]byte, 9)),
			want:     []key{{"IPTC2", 5}},
			wantWarn: []string{"iptc.bad-length"},
		},
		{
			name:     "header cut short",
			data:     cat(ds(2, 5, []byte("t")), []byte{tagMarker, 2, 25}),
			want:     []key{{"IPTC2", 5}},
			wantWarn: []string{"iptc.truncated"},
		},
		{
			name:     "extended length cut short",
			data:     cat(ds(2, 5, []byte("t")), []byte{tagMarker, 2, 120, 0x80, 4, 0, 0}),
			want:     []key{{"IPTC2", 5}},
			wantWarn: []string{"iptc.truncated"},
		},
		{
			name:     "data cut short",
			data:     cat(ds(2, 5, []byte("t")), ds(2, 120, []byte("caption"))[:8]),
			want:     []key{{"IPTC2", 5}},
			wantWarn: []string{"iptc.truncated"},
		},
		{
			name:     "4 GiB declared",
			data:     cat(ds(2, 5, []byte("t")), []byte{tagMarker, 2, 120, 0x80, 4, 0xff, 0xff, 0xff, 0xff, 'x'}),
			want:     []key{{"IPTC2", 5}},
			wantWarn: []string{"iptc.truncated"},
		},
		{
			name:     "value over MaxValueBytes skipped, walk goes on",
			data:     cat(ds(2, 5, []byte("t")), ds(2, 120, []byte("0123456789")), ds(2, 25, []byte("k"))),
			lim:      extract.Limits{MaxValueBytes: 8},
			want:     []key{{"IPTC2", 5}, {"IPTC2", 25}},
			wantWarn: []string{"iptc.value-too-large"},
		},
		{
			name:     "records outside 1..9 skipped, warned once",
			data:     cat(ds(0, 1, []byte("a")), ds(2, 5, []byte("t")), ds(10, 1, []byte("b")), ds(240, 1, nil), ds(2, 25, []byte("k"))),
			want:     []key{{"IPTC2", 5}, {"IPTC2", 25}},
			wantWarn: []string{"iptc.unknown-record"},
		},
		{
			name:     "MaxEntries",
			data:     cat(ds(2, 25, []byte("a")), ds(2, 25, []byte("b")), ds(2, 25, []byte("c"))),
			lim:      extract.Limits{MaxEntries: 2},
			want:     []key{{"IPTC2", 25}, {"IPTC2", 25}},
			wantWarn: []string{"iptc.too-many-entries"},
		},
		{
			name:     "MaxSegment",
			data:     cat(ds(2, 5, []byte("t")), ds(2, 25, []byte("kw"))),
			lim:      extract.Limits{MaxSegment: 8},
			want:     []key{{"IPTC2", 5}},
			wantWarn: []string{"iptc.too-large", "iptc.truncated"},
		},
		{
			name:     "not IIM at all",
			data:     []byte("8BIM\x04\x04"),
			wantWarn: []string{"iptc.trailing-bytes"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var ws extract.Warnings
			got := Decode(extract.Payload{Data: tc.data, Offset: 100}, tc.lim, &ws)
			assert.Equal(t, tc.want, keys(got))
			assert.Equal(t, tc.wantWarn, codes(&ws))
			for i, n := range tc.wantLen {
				assert.Equal(t, n, got[i].Count, "entry %d", i)
			}
			for _, e := range got {
				assert.Equal(t, schema.SourceIPTC, e.Source)
				assert.Equal(t, schema.TypeIIM, e.Type)
				assert.Equal(t, "IPTC", e.Dir[:4])
				assert.Equal(t, e.Dir[4]-'0', e.Record)
				assert.Len(t, e.Bytes, int(e.Count))
				// Offset points at the data inside the payload.
				pos := e.Offset - 100
				require.True(t, pos >= 0 && int(pos)+len(e.Bytes) <= len(tc.data))
				assert.Equal(t, tc.data[pos:int(pos)+len(e.Bytes)], e.Bytes)
				assert.Equal(t, len(e.Bytes), cap(e.Bytes), "Bytes must not be appendable into the payload")
			}
		})
	}
}

func TestDecodeValuesAndOffsets(t *testing.T) {
	data := cat(ds(1, 90, []byte("\x1b%G")), dsExt(2, 120, 4, []byte("caption")), ds(2, 0, []byte{0, 4}))
	got := Decode(extract.Payload{Data: data, Offset: 1000}, extract.Limits{}, nil)
	require.Len(t, got, 3)
	assert.Equal(t, extract.RawEntry{Source: schema.SourceIPTC, Dir: "IPTC1", ID: 90, Record: 1,
		Type: schema.TypeIIM, Count: 3, Bytes: []byte("\x1b%G"), Offset: 1005}, got[0])
	assert.Equal(t, []byte("caption"), got[1].Bytes)
	assert.Equal(t, int64(1000+8+9), got[1].Offset)
	assert.Equal(t, []byte{0, 4}, got[2].Bytes)

	unknown := Decode(extract.Payload{Data: data, Offset: -1}, extract.Limits{}, nil)
	for _, e := range unknown {
		assert.Equal(t, int64(-1), e.Offset)
	}
}

// TestDecodeBoundedAllocation proves the go-iptc defect (allocating the declared dataset
// size, up to extended 64-bit lengths) cannot be reached: a header declaring 4 GiB or 2^62
// bytes costs no more than a valid block.
func TestDecodeBoundedAllocation(t *testing.T) {
	hostile := map[string][]byte{
		"4 GiB, 4 octets": cat(ds(2, 5, []byte("t")), []byte{tagMarker, 2, 120, 0x80, 4, 0xff, 0xff, 0xff, 0xff}, []byte("xx")),
		"2^62, 8 octets":  cat(ds(2, 5, []byte("t")), []byte{tagMarker, 2, 120, 0x80, 8, 0x40, 0, 0, 0, 0, 0, 0, 0}, []byte("xx")),
		"max, 8 octets":   cat(ds(2, 5, []byte("t")), []byte{tagMarker, 2, 120, 0x80, 8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}),
	}
	for name, data := range hostile {
		t.Run(name, func(t *testing.T) {
			p := extract.Payload{Data: data}
			allocs := testing.AllocsPerRun(20, func() {
				var ws extract.Warnings
				Decode(p, extract.Limits{}, &ws)
			})
			assert.LessOrEqual(t, allocs, 30.0)

			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			for range 10 {
				var ws extract.Warnings
				got := Decode(p, extract.Limits{}, &ws)
				assert.Len(t, got, 1)
				assert.Equal(t, []string{"iptc.truncated"}, codes(&ws))
			}
			runtime.ReadMemStats(&after)
			assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(1<<20), "bytes allocated for 10 decodes")
		})
	}
}

// panicReader panics with a value that is not an error: go-iptc's recover asserts
// state.(error) and panics again.
type panicReader struct{}

func (panicReader) Read([]byte) (int, error) { panic("not an error value") }

func TestGoiptcAdapter(t *testing.T) {
	t.Run("non-error panic is recovered", func(t *testing.T) {
		_, err := goiptcDecodeTag(panicReader{})
		require.Error(t, err)
		assert.ErrorIs(t, err, errNotDecoded)
	})
	t.Run("invalid marker is an error", func(t *testing.T) {
		_, err := goiptcDecodeTag(bytes.NewReader([]byte{0, 2, 5, 0, 0}))
		assert.ErrorIs(t, err, errNotDecoded)
	})
	t.Run("unsupported extended length is an error, not a panic", func(t *testing.T) {
		_, err := goiptcDecodeTag(bytes.NewReader([]byte{tagMarker, 2, 5, 0x80, 3, 0, 0, 1}))
		assert.ErrorIs(t, err, errNotDecoded)
	})
	t.Run("short header is an error, not a panic", func(t *testing.T) {
		_, err := goiptcDecodeTag(io.LimitReader(bytes.NewReader(ds(2, 5, []byte("t"))), 4))
		assert.ErrorIs(t, err, errNotDecoded)
	})
	t.Run("extended header", func(t *testing.T) {
		var r bytes.Reader
		h, err := decodeTag(&r, dsExt(2, 120, 8, []byte("abc")))
		require.NoError(t, err)
		assert.Equal(t, tagHeader{record: 2, dataset: 120, size: 3, headerLen: 13}, h)
	})
}

func TestParseTagString(t *testing.T) {
	tests := []struct {
		in     string
		rec    uint8
		ds     uint8
		size   uint64
		wantOK bool
	}{
		{"Tag<DATASET=(2:120) DATA-SIZE=(40000)>", 2, 120, 40000, true},
		{"Tag<DATASET=(255:0) DATA-SIZE=(18446744073709551615)>", 255, 0, 1<<64 - 1, true},
		{"Tag<DATASET=(256:0) DATA-SIZE=(1)>", 0, 0, 0, false},
		{"Tag<DATASET=(2:1) DATA-SIZE=(18446744073709551616)>", 0, 0, 0, false},
		{"Tag<DATASET=(2:1) DATA-SIZE=()>", 0, 0, 0, false},
		{"Tag<DATASET=(2:1) DATA-SIZE=(1)", 0, 0, 0, false},
		{"", 0, 0, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			rec, d, size, ok := parseTagString(tc.in)
			assert.Equal(t, tc.wantOK, ok)
			assert.Equal(t, []any{tc.rec, tc.ds, tc.size}, []any{rec, d, size})
		})
	}
}

func TestDecodeNilWarningsAndLongBlock(t *testing.T) {
	var b []byte
	for range 1000 {
		b = append(b, ds(2, 25, []byte(strings.Repeat("k", 60)))...)
	}
	got := Decode(extract.Payload{Data: b}, extract.Limits{}, nil)
	assert.Len(t, got, 1000)
	assert.LessOrEqual(t, cap(got), 1024, "entries allocated once, not grown by doubling")
}

// TestHeaderCheck covers the seam the differential oracle uses: a second decoder that
// disagrees with the dataset reader ends the walk with "iptc.decoder", keeping what was read.
func TestHeaderCheck(t *testing.T) {
	data := cat(ds(2, 5, []byte("t")), ds(2, 25, []byte("k")))
	lim := extract.Limits{}.Resolved()
	t.Run("agreeing check changes nothing", func(t *testing.T) {
		var ws extract.Warnings
		got := appendIIM(nil, extract.Payload{Data: data}, lim, &ws, lim.MaxEntries, goiptcCheck)
		assert.Equal(t, Decode(extract.Payload{Data: data}, lim, nil), got)
		assert.Empty(t, ws.List)
	})
	t.Run("disagreement is iptc.decoder", func(t *testing.T) {
		var ws extract.Warnings
		calls := 0
		check := func(rest []byte, h tagHeader) error {
			if calls++; calls == 2 {
				return errNotDecoded
			}
			return nil
		}
		got := appendIIM(nil, extract.Payload{Data: data}, lim, &ws, lim.MaxEntries, check)
		assert.Equal(t, []key{{"IPTC2", 5}}, keys(got))
		assert.Equal(t, []string{"iptc.decoder"}, codes(&ws))
	})
	t.Run("oracle reports go-iptc's misreading", func(t *testing.T) {
		// A header whose stated size go-iptc would read differently cannot be built, so
		// the check is called directly with a header that does not match the bytes.
		err := goiptcCheck(ds(2, 5, []byte("t")), tagHeader{record: 2, dataset: 5, size: 2, headerLen: 5})
		assert.ErrorContains(t, err, "go-iptc read dataset 2:5 size 1")
	})
}
