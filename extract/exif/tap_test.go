package exif

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
)

// TestWalkAtMatchesDecodeAt: the payload WalkAt returns decodes to the entries and warnings
// DecodeAt gives, without a second walk; with other Limits it is walked again; the tap sees
// every IFD the walk reads, before its sub-IFDs, and the IFDs it asks for with Sub.
func TestWalkAtMatchesDecodeAt(t *testing.T) {
	bo := binary.LittleEndian
	hostile := build(bo,
		tIFD{entries: []tEntry{short(bo, 0x0112, 1), {id: 0x014A, typ: 4, count: 1, raw: u32p(8)}, ptr(0x8769, 2), {id: 0x0110, typ: 99, count: 1}}, next: 3},
		tIFD{entries: []tEntry{{id: 0x9003, typ: 2, count: 20, val: []byte("2020:01:02 03:04:05\x00")}, ptr(0xA005, 2)}},
		tIFD{entries: []tEntry{short(bo, 0x0103, 6)}, next: 1})
	files := [][]byte{hostile, hostile[:60]}
	if b, err := os.ReadFile("testdata/iptc-ref-2019.1.tiff"); err == nil {
		files = append(files, b)
	}
	for i, b := range files {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			r := extract.Bytes(b)
			var want extract.Warnings
			es := DecodeAt(r, 0, int64(len(b)), extract.Limits{}, &want)

			var seen []string
			var tws, got extract.Warnings
			var tap Tap
			tap = func(w Walk, dir string, depth int, entries []Entry) {
				seen = append(seen, fmt.Sprintf("%s/%d", dir, depth))
				for _, e := range entries {
					if e.ID == 0x014A && depth == 0 {
						for _, o := range w.Ints(e, 4) {
							w.Sub("SubIFD", o, e, depth+1, tap)
						}
					}
				}
			}
			p, ok := WalkAt(r, int64(len(b)), extract.Limits{}, &tws, tap)
			require.True(t, ok)
			assert.Equal(t, es, Decode(p, extract.Limits{}, &got))
			assert.Equal(t, want.List, got.List, "the walk's warnings come with its entries")
			if i == 0 {
				assert.NotEmpty(t, want.List)
				assert.Equal(t, []string{"IFD0/0", "ExifIFD/1", "IFD1/0"}, seen)
				require.Len(t, tws.List, 1, "the tap's own reads warn at once")
				assert.Equal(t, WarnIFDLoop, tws.List[0].Code)
			}
			var again extract.Warnings
			assert.Equal(t, es, Decode(p, extract.Limits{MaxIFDs: 1000}, &again), "other Limits: walked again")
			assert.Equal(t, want.List, again.List)
		})
	}
}

// TestWalkAtNoIFD0: when IFD0 cannot be read, WalkAt reports it, with the walk's warnings.
func TestWalkAtNoIFD0(t *testing.T) {
	b := []byte("II*\x00\xff\x00\x00\x00")
	var ws extract.Warnings
	_, ok := WalkAt(bytes.NewReader(b), int64(len(b)), extract.Limits{}, &ws, func(Walk, string, int, []Entry) { t.Fatal("tapped") })
	assert.False(t, ok)
	require.Len(t, ws.List, 1)
	assert.Equal(t, WarnOffsetRange, ws.List[0].Code)
}

// TestWalkValue: Value copies a payload's bytes and warns, with this package's codes, about
// one it cannot read; Peek does not warn.
func TestWalkValue(t *testing.T) {
	bo := binary.LittleEndian
	b := build(bo, tIFD{entries: []tEntry{
		{id: tagXMP, typ: 1, count: 5, val: []byte("<x/>\x00")},
		{id: tagIPTC, typ: 1, count: 50, raw: u32p(1000)},
		{id: tagPhotoshop, typ: 77, count: 5},
	}})
	var ws extract.Warnings
	var vals [][]byte
	var peeks int
	_, ok := WalkAt(bytes.NewReader(b), int64(len(b)), extract.Limits{}, &ws, func(w Walk, dir string, depth int, es []Entry) {
		for _, e := range es {
			vals = append(vals, w.Value(e, 1<<20))
			if w.Peek(e, 1<<20) != nil {
				peeks++
			}
		}
	})
	require.True(t, ok)
	assert.Equal(t, [][]byte{[]byte("<x/>\x00"), nil, nil}, vals)
	assert.Equal(t, 1, peeks)
	var codes []string
	for _, w := range ws.List {
		codes = append(codes, w.Code)
	}
	assert.Equal(t, []string{WarnOffsetRange, WarnBadType}, codes)
}
