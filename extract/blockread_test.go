package extract

import (
	"bytes"
	"io"
	"math/rand"
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type countingReaderAt struct {
	r     io.ReaderAt
	calls atomic.Int64
}

func (c *countingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	c.calls.Add(1)
	return c.r.ReadAt(p, off)
}

// TestBlockReaderMatchesUnderlying: random reads through the cache return exactly what the
// underlying reader returns, with far fewer calls.
func TestBlockReaderMatchesUnderlying(t *testing.T) {
	data := make([]byte, blockSlots*blockSize-1000) // fits the cache: every block is read once
	rng := rand.New(rand.NewSource(1))
	rng.Read(data)
	under := &countingReaderAt{r: bytes.NewReader(data)}
	br := NewBlockReader(under, int64(len(data)))
	defer br.Close()
	for i := 0; i < 2000; i++ {
		off := rng.Int63n(int64(len(data)) + 10)
		n := rng.Intn(200)
		if i%100 == 0 {
			n = blockSize + 5
		}
		want := make([]byte, n)
		wn, werr := bytes.NewReader(data).ReadAt(want, off)
		got := make([]byte, n)
		gn, gerr := br.ReadAt(got, off)
		require.Equal(t, wn, gn, "read %d at %d", n, off)
		require.Equal(t, want[:wn], got[:gn])
		if wn < n {
			require.Error(t, gerr)
			require.ErrorIs(t, werr, io.EOF)
		}
	}
	assert.Less(t, under.calls.Load(), int64(40))
}

// recordingReaderAt records the size and offset of every read.
type recordingReaderAt struct {
	r     io.ReaderAt
	reads [][2]int64 // {off, len}
}

func (c *recordingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	c.reads = append(c.reads, [2]int64{off, int64(len(p))})
	return c.r.ReadAt(p, off)
}

// TestBlockReaderReadsPagesIntoFreshBuffers: while slots are empty and their buffers were
// never filled, a miss reads only the pages holding what was asked (a one-file process
// faults in no more); once the reader takes a slot back from older data it reads whole
// aligned blocks. Every read returns the file's bytes (TestBlockReaderMatchesUnderlying
// covers random reads).
func TestBlockReaderReadsPagesIntoFreshBuffers(t *testing.T) {
	data := make([]byte, 10*blockSize+123)
	rand.New(rand.NewSource(3)).Read(data)
	runtime.GC() // twice: the pool's buffers, filled by other tests, are dropped
	runtime.GC()
	rec := &recordingReaderAt{r: bytes.NewReader(data)}
	br := NewBlockReader(rec, int64(len(data)))
	read := func(off int64, n int) {
		t.Helper()
		p := make([]byte, n)
		got, err := br.ReadAt(p, off)
		want := min(n, len(data)-int(off))
		require.Equal(t, want, got)
		if want < n {
			require.ErrorIs(t, err, io.EOF)
		} else {
			require.NoError(t, err)
		}
		require.Equal(t, data[off:off+int64(got)], p[:got])
	}
	read(5000, 2)                   // page 1
	read(5002, 4000)                // pages 1-2: page 2 is read
	read(int64(len(data))-10, 20)   // the tail: its last page, short
	read(3*blockSize+pageSize-1, 2) // two pages, into the last empty slot
	read(6*blockSize+7, 10)         // slots full: a whole aligned block
	read(6*blockSize+blockSize-1, 1)
	assert.Equal(t, [][2]int64{
		{pageSize, pageSize},
		{2 * pageSize, pageSize},
		{10 * blockSize, 123},
		{3 * blockSize, 2 * pageSize},
		{6 * blockSize, blockSize},
	}, rec.reads)
	require.NoError(t, br.Close())
}

func TestBlockReaderSmallFile(t *testing.T) {
	br := NewBlockReader(bytes.NewReader([]byte("abc")), 3)
	p := make([]byte, 2)
	n, err := br.ReadAt(p, 2)
	assert.Equal(t, 1, n)
	assert.ErrorIs(t, err, io.EOF)
	n, err = br.ReadAt(p, 0)
	assert.Equal(t, 2, n)
	assert.NoError(t, err)
	assert.NoError(t, br.Close())
}

// TestBlockReaderReadLent: lent buffers hold the bytes asked for, do not overlap one another
// (each is capped at its length), fail past the end, and ReadSlice uses them.
func TestBlockReaderReadLent(t *testing.T) {
	data := make([]byte, 3*lentChunk)
	rng := rand.New(rand.NewSource(2))
	rng.Read(data)
	br := NewBlockReader(bytes.NewReader(data), int64(len(data)))
	var got [][]byte
	var offs []int64
	for i := 0; i < 300; i++ {
		off := rng.Int63n(int64(len(data)) - lentChunk/2)
		n := rng.Int63n(lentChunk / 3) // some above lentChunk/4: buffers of their own
		b, ok := br.ReadLent(off, n)
		require.True(t, ok)
		require.Equal(t, int(n), cap(b), "capped")
		b = append(b, 0xFF) // must not write into the next buffer
		got, offs = append(got, b[:n]), append(offs, off)
	}
	for i, b := range got {
		require.Equal(t, data[offs[i]:offs[i]+int64(len(b))], b, "buffer %d", i)
	}
	_, ok := br.ReadLent(int64(len(data))-10, 20)
	assert.False(t, ok, "past the end")
	b, ok := ReadSlice(br, 100, 50)
	require.True(t, ok)
	assert.Equal(t, data[100:150], b)
	require.NoError(t, br.Close())
	assert.Empty(t, br.lent, "chunks returned")
}

// TestBlockReaderLendBig: buffers above a quarter chunk come from size-class pools, are
// capped at their length, go back at Close (also through Reset), and one above the largest
// class is allocated for its call; Buffer lends only through a Lender.
func TestBlockReaderLendBig(t *testing.T) {
	br := NewBlockReader(bytes.NewReader(nil), 0)
	for _, n := range []int{lentChunk/4 + 1, 1 << minBigShift, 3 << 20, 1 << maxBigShift} {
		b := br.Lend(n)
		require.Len(t, b, n)
		require.Equal(t, n, cap(b), "capped")
		assert.Equal(t, 1<<(minBigShift+bigClass(n)), cap(*br.big[len(br.big)-1]), "a class that holds %d", n)
	}
	huge := br.Lend(1<<maxBigShift + 1)
	assert.Len(t, huge, 1<<maxBigShift+1)
	assert.Len(t, br.big, 4, "the largest is not pooled")
	br.Reset(bytes.NewReader(nil), 0)
	assert.Empty(t, br.big, "returned by Reset")
	assert.Equal(t, -1, bigClass(1<<maxBigShift+1))
	assert.Len(t, Buffer(Bytes(nil), 10), 10)
	assert.Len(t, Buffer(br, 10), 10)
	require.NoError(t, br.Close())
}
