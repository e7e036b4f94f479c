package exif

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/schema"
)

var orders = []struct {
	name string
	bo   binary.ByteOrder
}{{"II", binary.LittleEndian}, {"MM", binary.BigEndian}}

// dirID is the (directory, tag) identity of an entry.
type dirID struct {
	Dir string
	ID  uint16
}

func ids(es []extract.RawEntry) []dirID {
	out := make([]dirID, len(es))
	for i, e := range es {
		out[i] = dirID{e.Dir, e.ID}
	}
	return out
}

func codes(ws *extract.Warnings) []string {
	out := make([]string, len(ws.List))
	for i, w := range ws.List {
		out[i] = w.Code
	}
	return out
}

func decode(b []byte, lim extract.Limits) ([]extract.RawEntry, *extract.Warnings) {
	ws := &extract.Warnings{}
	return Decode(extract.Payload{Data: b, Offset: 100}, lim, ws), ws
}

// TestDecodeTypes checks every TIFF type, inline and out of line, in both byte orders.
func TestDecodeTypes(t *testing.T) {
	for _, o := range orders {
		t.Run(o.name, func(t *testing.T) {
			bo := o.bo
			b := build(bo, tIFD{entries: []tEntry{
				{id: 1, typ: 1, count: 3, val: []byte{1, 2, 255}},
				{id: 2, typ: 2, count: 6, val: []byte("abc\x00d\x00")},
				{id: 3, typ: 3, count: 1, val: enc(bo, uint16(65535))},
				{id: 4, typ: 3, count: 3, val: enc(bo, uint16(1), uint16(2), uint16(3))},
				{id: 5, typ: 4, count: 2, val: enc(bo, uint32(7), uint32(math.MaxUint32))},
				{id: 6, typ: 5, count: 2, val: enc(bo, uint32(72), uint32(1), uint32(1), uint32(0))},
				{id: 7, typ: 6, count: 2, val: []byte{0x80, 0x7f}},
				{id: 8, typ: 7, count: 8, val: []byte("UNICODE\x00")},
				{id: 9, typ: 8, count: 2, val: enc(bo, int16(-2), int16(3))},
				{id: 10, typ: 9, count: 1, val: enc(bo, int32(-5))},
				{id: 11, typ: 10, count: 1, val: enc(bo, int32(-1), int32(3))},
				{id: 12, typ: 11, count: 1, val: enc(bo, float32(1.5))},
				{id: 13, typ: 12, count: 1, val: enc(bo, float64(-2.25))},
				{id: 14, typ: 129, count: 3, val: []byte("é\x00")},
				{id: 15, typ: 13, count: 1, val: enc(bo, uint32(0))},
				{id: 16, typ: 16, count: 1, val: enc(bo, uint64(1)<<40)},
				{id: 17, typ: 2, count: 0},
			}})
			es, ws := decode(b, extract.Limits{})
			require.Empty(t, ws.List)
			require.Len(t, es, 17)
			want := []extract.RawEntry{
				{ID: 1, Type: 1, Count: 3, Ints: []int64{1, 2, 255}},
				{ID: 2, Type: 2, Count: 6, Bytes: []byte("abc\x00d\x00")},
				{ID: 3, Type: 3, Count: 1, Ints: []int64{65535}},
				{ID: 4, Type: 3, Count: 3, Ints: []int64{1, 2, 3}},
				{ID: 5, Type: 4, Count: 2, Ints: []int64{7, math.MaxUint32}},
				{ID: 6, Type: 5, Count: 2, Rats: []extract.Rational{{Num: 72, Den: 1}, {Num: 1, Den: 0}}},
				{ID: 7, Type: 6, Count: 2, Ints: []int64{-128, 127}},
				{ID: 8, Type: 7, Count: 8, Bytes: []byte("UNICODE\x00")},
				{ID: 9, Type: 8, Count: 2, Ints: []int64{-2, 3}},
				{ID: 10, Type: 9, Count: 1, Ints: []int64{-5}},
				{ID: 11, Type: 10, Count: 1, Rats: []extract.Rational{{Num: -1, Den: 3}}},
				{ID: 12, Type: 11, Count: 1, Floats: []float64{1.5}},
				{ID: 13, Type: 12, Count: 1, Floats: []float64{-2.25}},
				{ID: 14, Type: 129, Count: 3, Bytes: []byte("é\x00")},
				{ID: 15, Type: 13, Count: 1, Ints: []int64{0}},
				{ID: 16, Type: 16, Count: 1, Ints: []int64{1 << 40}},
				{ID: 17, Type: 2, Count: 0, Bytes: []byte{}},
			}
			for i, w := range want {
				e := es[i]
				t.Run(fmt.Sprintf("tag%d", w.ID), func(t *testing.T) {
					assert.Equal(t, schema.SourceEXIF, e.Source)
					assert.Equal(t, extract.DirIFD0, e.Dir)
					assert.Equal(t, o.name == "MM", e.BigEndian)
					assert.Equal(t, w.ID, e.ID)
					assert.Equal(t, w.Type, e.Type)
					assert.Equal(t, w.Count, e.Count)
					assert.Equal(t, w.Ints, e.Ints)
					assert.Equal(t, w.Rats, e.Rats)
					assert.Equal(t, w.Floats, e.Floats)
					assert.Equal(t, w.Bytes, e.Bytes)
				})
			}
			// Offset is the file offset of the value: inline in the entry, or where it points.
			assert.Equal(t, int64(100+8+2+8), es[0].Offset)
			assert.Equal(t, int64(100)+int64(bo.Uint32(b[8+2+12+8:])), es[1].Offset)
		})
	}
}

// TestDecodeOrder checks spec O1: sub-IFD entries at their pointer's position, pointers not
// emitted, Interop inside ExifIFD, IFD1 last.
func TestDecodeOrder(t *testing.T) {
	for _, o := range orders {
		t.Run(o.name, func(t *testing.T) {
			bo := o.bo
			b := build(bo,
				tIFD{entries: []tEntry{short(bo, 0x0112, 1), ptr(0x8769, 2), short(bo, 0x0128, 2), ptr(0x8825, 4), short(bo, 0x0213, 1)}, next: 5},
				tIFD{entries: []tEntry{{id: 0x9000, typ: 7, count: 4, val: []byte("0232")}, ptr(0xA005, 3), short(bo, 0xA001, 1)}},
				tIFD{entries: []tEntry{{id: 0x0001, typ: 2, count: 4, val: []byte("R98\x00")}}},
				tIFD{entries: []tEntry{{id: 0x0000, typ: 1, count: 4, val: []byte{2, 3, 0, 0}}}},
				tIFD{entries: []tEntry{short(bo, 0x0103, 6)}},
			)
			es, ws := decode(b, extract.Limits{})
			assert.Empty(t, ws.List)
			assert.Equal(t, []dirID{
				{"IFD0", 0x0112}, {"ExifIFD", 0x9000}, {"InteropIFD", 0x0001}, {"ExifIFD", 0xA001},
				{"IFD0", 0x0128}, {"GPS", 0x0000}, {"IFD0", 0x0213}, {"IFD1", 0x0103},
			}, ids(es))
		})
	}
}

// TestDecodeHostile covers loops, huge counts, offsets beyond the blob and truncation: each
// gives its warning and keeps the entries that are sound.
func TestDecodeHostile(t *testing.T) {
	bo := binary.LittleEndian
	tests := []struct {
		name     string
		blob     []byte
		lim      extract.Limits
		want     []dirID
		wantWarn []string
	}{
		{
			name:     "IFD0 next links to itself",
			blob:     build(bo, tIFD{entries: []tEntry{short(bo, 0x0112, 1)}, next: 1}),
			want:     []dirID{{"IFD0", 0x0112}},
			wantWarn: []string{WarnIFDLoop},
		},
		{
			name: "IFD1 links back to IFD0",
			blob: build(bo,
				tIFD{entries: []tEntry{short(bo, 0x0112, 1)}, next: 2},
				tIFD{entries: []tEntry{short(bo, 0x0103, 6)}, next: 1}),
			want:     []dirID{{"IFD0", 0x0112}, {"IFD1", 0x0103}},
			wantWarn: []string{WarnIFDLoop},
		},
		{
			name: "ExifIFD pointer to itself",
			blob: build(bo,
				tIFD{entries: []tEntry{ptr(0x8769, 2)}},
				tIFD{entries: []tEntry{short(bo, 0xA001, 1), ptr(0x8769, 2), short(bo, 0xA002, 5)}}),
			want:     []dirID{{"ExifIFD", 0xA001}, {"ExifIFD", 0xA002}},
			wantWarn: []string{WarnIFDLoop},
		},
		{
			name: "Interop points to IFD0",
			blob: build(bo,
				tIFD{entries: []tEntry{short(bo, 0x0112, 1), ptr(0x8769, 2)}},
				tIFD{entries: []tEntry{ptr(0xA005, 1), short(bo, 0xA001, 1)}}),
			want:     []dirID{{"IFD0", 0x0112}, {"ExifIFD", 0xA001}},
			wantWarn: []string{WarnIFDLoop},
		},
		{
			name:     "huge SHORT count",
			blob:     build(bo, tIFD{entries: []tEntry{{id: 0x0112, typ: 3, count: 0x10000000, raw: u32p(8)}, short(bo, 0x0128, 2)}}),
			want:     []dirID{{"IFD0", 0x0128}},
			wantWarn: []string{WarnCountRange},
		},
		{
			name:     "count*size overflows 32 bits",
			blob:     build(bo, tIFD{entries: []tEntry{{id: 0x829A, typ: 5, count: 0x20000001, raw: u32p(8)}}}),
			wantWarn: []string{WarnCountRange},
		},
		{
			name:     "value offset beyond blob",
			blob:     build(bo, tIFD{entries: []tEntry{{id: 0x010F, typ: 2, count: 10, raw: u32p(0xFFFFFFF8)}, short(bo, 0x0128, 2)}}),
			want:     []dirID{{"IFD0", 0x0128}},
			wantWarn: []string{WarnOffsetRange},
		},
		{
			name: "sub-IFD pointers beyond blob",
			blob: build(bo, tIFD{entries: []tEntry{
				{id: 0x8769, typ: 4, count: 1, raw: u32p(0x00FFFFF0)},
				{id: 0x8825, typ: 4, count: 1, raw: u32p(0xFFFFFFFF)}, short(bo, 0x0128, 2)}}),
			want:     []dirID{{"IFD0", 0x0128}},
			wantWarn: []string{WarnOffsetRange, WarnOffsetRange},
		},
		{
			name:     "first IFD offset beyond blob",
			blob:     append([]byte("II*\x00"), enc(bo, uint32(1000))...),
			wantWarn: []string{WarnOffsetRange},
		},
		{
			name:     "first IFD offset zero",
			blob:     append([]byte("II*\x00"), enc(bo, uint32(0))...),
			wantWarn: []string{WarnOffsetRange},
		},
		{
			name:     "bad type",
			blob:     build(bo, tIFD{entries: []tEntry{{id: 0x010F, typ: 99, count: 1}, short(bo, 0x0128, 2)}}),
			want:     []dirID{{"IFD0", 0x0128}},
			wantWarn: []string{WarnBadType},
		},
		{
			name:     "pointer of type ASCII",
			blob:     build(bo, tIFD{entries: []tEntry{{id: 0x8769, typ: 2, count: 4, val: []byte("abc\x00")}}}),
			wantWarn: []string{WarnBadPointer},
		},
		{
			name: "truncated entries",
			blob: func() []byte {
				b := build(bo, tIFD{entries: []tEntry{short(bo, 0x0112, 1), short(bo, 0x0128, 2), short(bo, 0x0213, 1)}})
				return b[:8+2+12*2+5]
			}(),
			want:     []dirID{{"IFD0", 0x0112}, {"IFD0", 0x0128}},
			wantWarn: []string{WarnTruncatedIFD},
		},
		{
			name: "entry count 65535",
			blob: func() []byte {
				b := build(bo, tIFD{entries: []tEntry{short(bo, 0x0112, 1)}})
				bo.PutUint16(b[8:], 0xFFFF)
				return b
			}(),
			want:     []dirID{{"IFD0", 0x0112}},
			wantWarn: []string{WarnTooManyEntries, WarnTruncatedIFD},
		},
		{
			name:     "MaxIFDEntries",
			blob:     build(bo, tIFD{entries: []tEntry{short(bo, 1, 1), short(bo, 2, 1), short(bo, 3, 1)}}),
			lim:      extract.Limits{MaxIFDEntries: 2},
			want:     []dirID{{"IFD0", 1}, {"IFD0", 2}},
			wantWarn: []string{WarnTooManyEntries},
		},
		{
			name:     "MaxEntries",
			blob:     build(bo, tIFD{entries: []tEntry{short(bo, 1, 1), short(bo, 2, 1), short(bo, 3, 1)}}),
			lim:      extract.Limits{MaxEntries: 1},
			want:     []dirID{{"IFD0", 1}},
			wantWarn: []string{WarnEntryLimit},
		},
		{
			name:     "MaxValueBytes",
			blob:     build(bo, tIFD{entries: []tEntry{{id: 0x010E, typ: 2, count: 9, val: []byte("12345678\x00")}, short(bo, 2, 1)}}),
			lim:      extract.Limits{MaxValueBytes: 8},
			want:     []dirID{{"IFD0", 2}},
			wantWarn: []string{WarnCountRange},
		},
		{
			name: "MaxIFDs",
			blob: build(bo,
				tIFD{entries: []tEntry{ptr(0x8769, 2), ptr(0x8825, 3)}},
				tIFD{entries: []tEntry{short(bo, 0xA001, 1)}},
				tIFD{entries: []tEntry{short(bo, 0x0005, 1)}}),
			lim:      extract.Limits{MaxIFDs: 2},
			want:     []dirID{{"ExifIFD", 0xA001}},
			wantWarn: []string{WarnTooManyIFDs},
		},
		{
			name: "MaxDepth",
			blob: build(bo,
				tIFD{entries: []tEntry{ptr(0x8769, 2)}},
				tIFD{entries: []tEntry{ptr(0xA005, 3), short(bo, 0xA001, 1)}},
				tIFD{entries: []tEntry{short(bo, 0x0001, 1)}}),
			lim:      extract.Limits{MaxDepth: 1},
			want:     []dirID{{"ExifIFD", 0xA001}},
			wantWarn: []string{WarnTooDeep},
		},
		{
			name:     "no TIFF header",
			blob:     []byte("XX*\x00\x08\x00\x00\x00"),
			wantWarn: []string{WarnBadHeader},
		},
		{
			name:     "empty",
			blob:     nil,
			wantWarn: []string{WarnBadHeader},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			es, ws := decode(tc.blob, tc.lim)
			if len(tc.want) == 0 {
				assert.Empty(t, es)
			} else {
				assert.Equal(t, tc.want, ids(es))
			}
			if tc.wantWarn == nil {
				assert.Empty(t, ws.List)
			} else {
				assert.Equal(t, tc.wantWarn, codes(ws))
			}
			// The sanitised copy must be safe for go-exif's own walk (no panic escaping,
			// no huge allocation, no endless recursion).
			if s := sanitize(extract.Payload{Data: tc.blob}, tc.lim); s != nil {
				_, _ = oracle(s)
			}
		})
	}
}

// TestDecodeHugeCountAllocates proves the 26-byte blob that makes go-exif allocate 512 MiB
// costs a few hundred bytes here (notes/dependencies.md).
func TestDecodeHugeCountAllocates(t *testing.T) {
	bo := binary.LittleEndian
	b := build(bo, tIFD{entries: []tEntry{{id: 0x0112, typ: 3, count: 0x10000000, raw: u32p(8)}}})
	require.Len(t, b, 26)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range 10 {
		es, ws := decode(b, extract.Limits{})
		require.Empty(t, es)
		require.Equal(t, []string{WarnCountRange}, codes(ws))
		_, _ = oracle(sanitize(extract.Payload{Data: b}, extract.Limits{}))
	}
	runtime.ReadMemStats(&after)
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(10<<20), "bytes allocated for 10 decodes")
	allocs := testing.AllocsPerRun(100, func() { decode(b, extract.Limits{}) })
	assert.Less(t, allocs, 30.0)
}

// TestDecodeBytesAliasPayload checks the documented sharing: a text value is the stored
// bytes in place, capped so that appending to it cannot write into the payload.
func TestDecodeBytesAliasPayload(t *testing.T) {
	bo := binary.BigEndian
	b := build(bo, tIFD{entries: []tEntry{{id: 0x010E, typ: 2, count: 8, val: []byte("caption\x00")}}})
	es, _ := decode(b, extract.Limits{})
	require.Len(t, es, 1)
	v := es[0].Bytes
	assert.Equal(t, []byte("caption\x00"), v)
	assert.Equal(t, len(v), cap(v), "capped at its length")
	at := bytes.Index(b, []byte("caption"))
	require.GreaterOrEqual(t, at, 0)
	assert.Same(t, &b[at], &v[0], "in place, not copied")
	_ = append(v, 'X')
	assert.Equal(t, []byte("caption\x00"), b[at:at+8], "appending copies")
}

// TestDirectoryWithTooManyProblemsIsCut: after Limits.MaxDirWarnings problems the rest of a
// directory is skipped with one warning.
func TestDirectoryWithTooManyProblemsIsCut(t *testing.T) {
	le := binary.LittleEndian
	const n = 200
	b := []byte{'I', 'I', 42, 0, 8, 0, 0, 0}
	b = le.AppendUint16(b, n)
	for i := 0; i < n; i++ { // every entry has an unknown type
		b = le.AppendUint16(b, uint16(0x1000+i))
		b = le.AppendUint16(b, 99)
		b = le.AppendUint32(b, 1)
		b = le.AppendUint32(b, 0)
	}
	b = le.AppendUint32(b, 0)
	var ws extract.Warnings
	Decode(extract.Payload{Data: b}, extract.Limits{MaxDirWarnings: 5, MaxWarnings: 1000}, &ws)
	codes := map[string]int{}
	for _, w := range ws.List {
		codes[w.Code]++
	}
	assert.Equal(t, 6, codes[WarnBadType])
	assert.Equal(t, 1, codes[WarnDirProblems])
}
