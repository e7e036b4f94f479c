package exif

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/schema"
)

// TestDecodeAtMatchesDecode: reading in place gives the entries a blob gives, with file
// offsets, minus the payload tags the container walker hands over.
func TestDecodeAtMatchesDecode(t *testing.T) {
	for _, o := range orders {
		t.Run(o.name, func(t *testing.T) {
			bo := o.bo
			b := build(bo,
				tIFD{entries: []tEntry{short(bo, 0x0112, 1), {id: tagXMP, typ: 1, count: 5, val: []byte("<x/>\x00")}, ptr(0x8769, 2)}, next: 3},
				tIFD{entries: []tEntry{{id: 0x9003, typ: 2, count: 20, val: []byte("2020:01:02 03:04:05\x00")}}},
				tIFD{entries: []tEntry{short(bo, 0x0103, 6)}, next: 4},
				tIFD{entries: []tEntry{short(bo, 0x0103, 1)}})
			file := append(bytes.Repeat([]byte{0}, 100), b...)
			var ws1, ws2 extract.Warnings
			blob := Decode(extract.Payload{Data: b, Offset: 100}, extract.Limits{}, &ws1)
			at := Decode(extract.Payload{Reader: bytes.NewReader(file), Offset: 100, Size: int64(len(b))}, extract.Limits{}, &ws2)
			assert.Empty(t, ws2.List)
			require.Len(t, blob, 4)
			assert.Equal(t, blob[0], at[0])
			assert.Equal(t, blob[2:], at[1:3], "XMP (0x02BC) is left to the container walker")
			require.Len(t, at, 4)
			assert.Equal(t, dirID{"IFD2", 0x0103}, ids(at)[3], "later pages are read, kept apart")
		})
	}
}

// bigTIFF writes a BigTIFF whose IFD0 holds a SHORT, a LONG8 array and an IFD8 pointer to
// an Exif IFD.
func bigTIFFBlob(bo binary.AppendByteOrder) []byte {
	b := []byte("II")
	if bo == binary.BigEndian {
		b = []byte("MM")
	}
	b = bo.AppendUint16(b, 0x2B)
	b = bo.AppendUint16(b, 8)
	b = bo.AppendUint16(b, 0)
	b = bo.AppendUint64(b, 16)
	// IFD0 at 16: 3 entries (8 + 60 + 8 bytes) -> values at 92, Exif IFD at 108.
	b = bo.AppendUint64(b, 3)
	b = bo.AppendUint16(b, 0x0112)
	b = bo.AppendUint16(b, 3)
	b = bo.AppendUint64(b, 1)
	b = bo.AppendUint64(b, 0)
	if bo == binary.BigEndian {
		b[len(b)-8+1] = 6
	} else {
		b[len(b)-8] = 6
	}
	b = bo.AppendUint16(b, 0x0111)
	b = bo.AppendUint16(b, 16)
	b = bo.AppendUint64(b, 2)
	b = bo.AppendUint64(b, 92)
	b = bo.AppendUint16(b, 0x8769)
	b = bo.AppendUint16(b, 18)
	b = bo.AppendUint64(b, 1)
	b = bo.AppendUint64(b, 108)
	b = bo.AppendUint64(b, 0)
	b = bo.AppendUint64(b, 1<<33)
	b = bo.AppendUint64(b, 7)
	b = bo.AppendUint64(b, 1)
	b = bo.AppendUint16(b, 0x8827)
	b = bo.AppendUint16(b, 3)
	b = bo.AppendUint64(b, 1)
	b = bo.AppendUint64(b, 0)
	if bo == binary.BigEndian {
		b[len(b)-8+1] = 100
	} else {
		b[len(b)-8] = 100
	}
	return bo.AppendUint64(b, 0)
}

func TestDecodeAtBigTIFF(t *testing.T) {
	for _, bo := range []binary.AppendByteOrder{binary.LittleEndian, binary.BigEndian} {
		b := bigTIFFBlob(bo)
		var ws extract.Warnings
		es := DecodeAt(bytes.NewReader(b), 0, int64(len(b)), extract.Limits{}, &ws)
		assert.Empty(t, ws.List)
		require.Len(t, es, 3)
		assert.Equal(t, []int64{6}, es[0].Ints)
		assert.Equal(t, schema.TypeLong8, es[1].Type)
		assert.Equal(t, []int64{1 << 33, 7}, es[1].Ints)
		assert.Equal(t, dirID{extract.DirExifIFD, 0x8827}, ids(es)[2])
		assert.Equal(t, []int64{100}, es[2].Ints)
		// A blob BigTIFF is not an Exif payload.
		var ws2 extract.Warnings
		assert.Empty(t, Decode(extract.Payload{Data: b}, extract.Limits{}, &ws2))
	}
}

func TestDecodeAtRW2(t *testing.T) {
	bo := binary.LittleEndian
	b := build(bo, tIFD{entries: []tEntry{short(bo, 0x0002, 3724), {id: 0x002E, typ: 7, count: 8, val: []byte("\xff\xd8\xff\xd9....")}, short(bo, 0x0112, 1)}})
	b[2] = 0x55
	var ws extract.Warnings
	es := DecodeAt(bytes.NewReader(b), 0, int64(len(b)), extract.Limits{}, &ws)
	assert.Equal(t, []dirID{{dirPanasonicRaw, 0x0002}, {extract.DirIFD0, 0x0112}}, ids(es))
}

func TestDecodeAtLimits(t *testing.T) {
	bo := binary.LittleEndian
	b := build(bo, tIFD{entries: []tEntry{short(bo, 0x0112, 1), {id: 0x010E, typ: 2, count: 2000, val: bytes.Repeat([]byte("a"), 2000)}}})
	var ws extract.Warnings
	es := DecodeAt(bytes.NewReader(b), 0, int64(len(b)), extract.Limits{MaxTotalRead: 200}, &ws)
	assert.Len(t, es, 1)
	assert.Equal(t, []string{WarnReadLimit}, codes(&ws))
	ws = extract.Warnings{}
	assert.Empty(t, DecodeAt(bytes.NewReader(b), 0, 4, extract.Limits{}, &ws))
	assert.Equal(t, []string{WarnBadHeader}, codes(&ws))
}

// FuzzDecodeAt: reading in place never panics and reads within the budget.
func FuzzDecodeAt(f *testing.F) {
	f.Add(bigTIFFBlob(binary.LittleEndian))
	f.Add(bigTIFFBlob(binary.BigEndian))
	bo := binary.BigEndian
	f.Add(build(bo, tIFD{entries: []tEntry{short(bo, 0x0112, 1), ptr(0x8769, 2)}, next: 1}, tIFD{entries: []tEntry{short(bo, 0xA001, 1)}}))
	lim := extract.Limits{MaxTotalRead: 1 << 16}
	f.Fuzz(func(t *testing.T, b []byte) {
		r := &countReader{r: bytes.NewReader(b)}
		var ws extract.Warnings
		_ = DecodeAt(r, 0, int64(len(b)), lim, &ws)
		if r.n > lim.MaxTotalRead {
			t.Fatalf("%d bytes read", r.n)
		}
	})
}

type countReader struct {
	r interface {
		ReadAt([]byte, int64) (int, error)
	}
	n int64
}

func (c *countReader) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.r.ReadAt(p, off)
	c.n += int64(n)
	return n, err
}
