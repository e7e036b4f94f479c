package extract_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
)

func TestBytesReadAtMatchesBytesReader(t *testing.T) {
	data := []byte("0123456789")
	for _, off := range []int64{-1, 0, 3, 9, 10, 11} {
		for _, n := range []int{0, 1, 4, 10, 11} {
			want := make([]byte, n)
			got := make([]byte, n)
			wn, werr := bytes.NewReader(data).ReadAt(want, off)
			gn, gerr := extract.Bytes(data).ReadAt(got, off)
			assert.Equal(t, wn, gn, "off %d n %d", off, n)
			assert.Equal(t, want, got, "off %d n %d", off, n)
			assert.Equal(t, werr == nil, gerr == nil, "off %d n %d: %v / %v", off, n, werr, gerr)
			assert.Equal(t, errors.Is(werr, io.EOF), errors.Is(gerr, io.EOF), "off %d n %d", off, n)
		}
	}
	require.NoError(t, iotest.TestReader(io.NewSectionReader(extract.Bytes(data), 0, 10), data))
}

func TestBytesSlice(t *testing.T) {
	data := extract.Bytes("0123456789")
	tests := []struct {
		name   string
		off, n int64
		want   string
		ok     bool
	}{
		{"all", 0, 10, "0123456789", true},
		{"middle", 3, 4, "3456", true},
		{"empty at end", 10, 0, "", true},
		{"past end", 8, 3, "", false},
		{"offset past end", 11, 0, "", false},
		{"negative offset", -1, 2, "", false},
		{"negative length", 2, -1, "", false},
		{"overflow", 5, 1<<63 - 1, "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, ok := data.Slice(tc.off, tc.n)
			require.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.want, string(b))
			assert.Equal(t, len(b), cap(b), "capacity cut so that append copies")
		})
	}
	t.Run("no copy", func(t *testing.T) {
		b, ok := data.Slice(2, 3)
		require.True(t, ok)
		assert.Same(t, &data[2], &b[0])
	})
}

// plainReader hides the Slicer of extract.Bytes.
type plainReader struct{ r io.ReaderAt }

func (p plainReader) ReadAt(b []byte, off int64) (int, error) { return p.r.ReadAt(b, off) }

func TestReadSlice(t *testing.T) {
	data := extract.Bytes("0123456789")
	for _, r := range []io.ReaderAt{data, plainReader{data}, bytes.NewReader(data)} {
		b, ok := extract.ReadSlice(r, 4, 6)
		assert.True(t, ok)
		assert.Equal(t, "456789", string(b))
		_, ok = extract.ReadSlice(r, 4, 7)
		assert.False(t, ok)
		_, ok = extract.ReadSlice(r, -1, 2)
		assert.False(t, ok)
		_, ok = extract.ReadSlice(r, 0, -2)
		assert.False(t, ok)
	}
	b, _ := extract.ReadSlice(plainReader{data}, 0, 3)
	b[0] = 'x'
	assert.Equal(t, byte('0'), data[0], "a reader without Slice gives a copy")
}

func ExampleBytes() {
	file := extract.Bytes("\xff\xd8\xff\xe1...")
	var r io.ReaderAt = file
	if s, ok := r.(extract.Slicer); ok {
		head, _ := s.Slice(0, 2) // no copy: head aliases file, read it only
		fmt.Printf("% x\n", head)
	}
	// Output: ff d8
}
