package extract

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// trickle is an io.Reader that returns at most k bytes per call.
type trickle struct {
	b []byte
	k int
}

func (t *trickle) Read(p []byte) (int, error) {
	if len(t.b) == 0 {
		return 0, io.EOF
	}
	n := min(len(p), len(t.b), t.k)
	copy(p, t.b)
	t.b = t.b[n:]
	return n, nil
}

// zeros is an endless reader of zero bytes that counts what it handed out.
type zeros struct{ n int64 }

func (z *zeros) Read(p []byte) (int, error) {
	clear(p)
	z.n += int64(len(p))
	return len(p), nil
}

func testData(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i * 7 / 3)
	}
	return b
}

// TestStreamForwardReads: reads in increasing order, with gaps, return the stream's bytes,
// and re-reading a range read before serves it from what was kept.
func TestStreamForwardReads(t *testing.T) {
	data := testData(1 << 20)
	s := NewStream(context.Background(), &trickle{b: data, k: 1000}, Limits{})
	rng := rand.New(rand.NewPCG(1, 2))
	var read [][2]int64
	for off := int64(0); off < int64(len(data)); {
		n := int64(1 + rng.IntN(5000))
		b, ok := s.Slice(off, n)
		if off+n > int64(len(data)) {
			assert.False(t, ok)
			break
		}
		require.True(t, ok, "slice %d+%d", off, n)
		require.Equal(t, data[off:off+n], b)
		read = append(read, [2]int64{off, n})
		off += n + int64(rng.IntN(100000)) // skip a gap
	}
	for _, r := range read {
		b, ok := s.Slice(r[0], r[1])
		require.True(t, ok)
		require.Equal(t, data[r[0]:r[0]+r[1]], b)
		p := make([]byte, r[1])
		n, err := s.ReadAt(p, r[0])
		require.NoError(t, err)
		require.Equal(t, int(r[1]), n)
	}
	// What was kept is what was read plus bookkeeping and the window, not the gaps.
	var sum int64
	for _, r := range read {
		sum += r[1]
	}
	assert.Less(t, s.Retained(), 3*sum+windowSize+arenaChunk+int64(len(read))*spanCost)
}

// TestStreamDropsSkippedBytes (issue 12, point 1): a read far ahead passes the bytes between
// without keeping them; a later read of those bytes fails with ErrLimit, not with garbage.
func TestStreamDropsSkippedBytes(t *testing.T) {
	data := testData(4 << 20)
	s := NewStream(context.Background(), bytes.NewReader(data), Limits{})
	b, ok := s.Slice(3<<20, 100)
	require.True(t, ok)
	assert.Equal(t, data[3<<20:3<<20+100], b)
	assert.Less(t, s.Retained(), int64(windowSize+arenaChunk+1024))
	_, err := s.ReadAt(make([]byte, 10), 1<<20)
	require.ErrorIs(t, err, ErrLimit)
	// The window still serves the bytes just before the position.
	p := make([]byte, 10)
	_, err = s.ReadAt(p, 3<<20-20)
	require.NoError(t, err)
	assert.Equal(t, data[3<<20-20:3<<20-10], p)
	ws := &Warnings{}
	s.Warn(ws)
	require.Len(t, ws.List, 1)
	assert.Equal(t, WarnStreamNotRetained, ws.List[0].Code)
}

// TestStreamNoAllocationAhead (issue 12, point 3): a range claimed far larger than the stream
// costs what the stream holds, not what it claims.
func TestStreamNoAllocationAhead(t *testing.T) {
	data := testData(40 << 10)
	s := NewStream(context.Background(), bytes.NewReader(data), Limits{})
	_, ok := s.Slice(100, 250<<20)
	assert.False(t, ok)
	assert.Less(t, s.Retained(), int64(256<<10))
	_, ok = s.Slice(250<<20, 8)
	assert.False(t, ok)
	assert.Equal(t, int64(len(data)), s.Consumed())
	n, known := s.Known()
	assert.True(t, known)
	assert.Equal(t, int64(len(data)), n)
}

// TestStreamEnd: Has answers provisionally before the end is known and Settle checks it.
func TestStreamEnd(t *testing.T) {
	data := testData(10000)
	s := NewStream(context.Background(), bytes.NewReader(data), Limits{})
	_, ok := s.Slice(0, 16)
	require.True(t, ok)
	assert.True(t, s.Has(16))
	_, known := s.Known()
	assert.False(t, known)
	assert.True(t, s.Has(20000), "provisional: the end is not known yet")
	assert.False(t, s.Settle(), "the stream ends before 20000")
	assert.False(t, s.Has(20000), "exact once the end is known")
	assert.True(t, s.Has(10000))
	assert.Equal(t, int64(10000), s.Size())

	s = NewStream(context.Background(), bytes.NewReader(data), Limits{})
	assert.True(t, s.Has(5000))
	assert.True(t, s.Settle(), "the stream holds 5000 bytes")
	assert.Equal(t, int64(10000), s.Size())
}

// TestStreamLimits: MaxRetained refuses what would be kept beyond it; MaxStreamRead stops
// reading an endless stream.
func TestStreamLimits(t *testing.T) {
	z := &zeros{}
	s := NewStream(context.Background(), z, Limits{MaxRetained: 1 << 20, MaxStreamRead: 8 << 20})
	_, ok := s.Slice(0, 2<<20)
	assert.False(t, ok, "a read larger than MaxRetained is refused")
	assert.LessOrEqual(t, s.Retained(), int64(1<<20+windowSize))
	assert.Equal(t, int64(8<<20), s.Size(), "reading stops at MaxStreamRead")
	assert.LessOrEqual(t, z.n, int64(8<<20))
	ws := &Warnings{}
	s.Warn(ws)
	var codes []string
	for _, w := range ws.List {
		codes = append(codes, w.Code)
	}
	assert.Contains(t, codes, WarnStreamReadLimit)
	assert.Contains(t, codes, WarnStreamRetain)

	// KeepAll keeps what it passes, within MaxRetained.
	s = NewStream(context.Background(), bytes.NewReader(testData(3<<20)), Limits{MaxRetained: 1 << 20})
	s.KeepAll()
	_, ok = s.Slice(2<<20, 10)
	assert.True(t, ok)
	assert.LessOrEqual(t, s.Retained(), int64(1<<20+windowSize))
}

// TestStreamErrors: the reader's error and the context's stop the stream and are reported.
func TestStreamErrors(t *testing.T) {
	boom := errors.New("boom")
	s := NewStream(context.Background(), io.MultiReader(bytes.NewReader(testData(100)), iotestErr{boom}), Limits{})
	_, err := s.ReadAt(make([]byte, 200), 0)
	require.ErrorIs(t, err, boom)
	require.ErrorIs(t, s.Err(), boom)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s = NewStream(ctx, &zeros{}, Limits{})
	_, ok := s.Slice(0, 10)
	assert.False(t, ok)
	require.ErrorIs(t, s.Err(), context.Canceled)
}

// TestStreamReadFailsWhenContextEnds: a read that fails because ctx ended while it was
// blocked (a pipe that cancelling closes, as the Tee's) is reported as ctx's error, not as
// the reader's "closed pipe" (TestTeeEndsWithItsContext failed about 1 run in 100).
func TestStreamReadFailsWhenContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	defer pw.Close()
	stop := context.AfterFunc(ctx, func() { _ = pr.Close() })
	defer stop()
	s := NewStream(ctx, pr, Limits{})
	go func() { time.Sleep(10 * time.Millisecond); cancel() }()
	_, ok := s.Slice(0, 10) // blocks in the read until cancel closes the pipe
	assert.False(t, ok)
	require.ErrorIs(t, s.Err(), context.Canceled)
}

type iotestErr struct{ err error }

func (e iotestErr) Read([]byte) (int, error) { return 0, e.err }

// TestStreamBackwardAssembly: a read that starts behind the position and runs ahead joins
// the kept bytes with new ones.
func TestStreamBackwardAssembly(t *testing.T) {
	data := testData(200 << 10)
	s := NewStream(context.Background(), &trickle{b: data, k: 333}, Limits{})
	_, ok := s.Slice(1000, 100)
	require.True(t, ok)
	b, ok := s.Slice(1050, 50000)
	require.True(t, ok)
	assert.Equal(t, data[1050:51050], b)
	b, ok = s.Slice(1060, 10)
	require.True(t, ok)
	assert.Equal(t, data[1060:1070], b)
}
