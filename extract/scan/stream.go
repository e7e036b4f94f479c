package scan

import (
	"context"
	"io"
	"slices"
	"sync"

	"github.com/embedmeta/embedmeta/extract"
)

// streamChunk is how much is read from a stream at a time.
const streamChunk = 32 << 10

// StreamReaderAt adapts a forward-only io.Reader to io.ReaderAt for the walkers: bytes are
// read from the stream only when a walker asks for them, kept in memory, and never beyond
// budget. A JPEG walker that stops at SOS therefore reads the stream only as far as its
// metadata reaches. It is safe for concurrent use.
type StreamReaderAt struct {
	mu     sync.Mutex
	ctx    context.Context
	r      io.Reader
	buf    []byte
	budget int64
	err    error // sticky: io.EOF at the end of the stream, or the read error
}

// NewStreamReaderAt returns a ReaderAt over r that reads at most budget bytes from it. ctx
// cancels pending reads between chunks.
func NewStreamReaderAt(ctx context.Context, r io.Reader, budget int64) *StreamReaderAt {
	if ctx == nil {
		ctx = context.Background()
	}
	return &StreamReaderAt{ctx: ctx, r: r, budget: budget}
}

// ReadAt implements io.ReaderAt. Reading beyond the budget fails with an error wrapping
// extract.ErrLimit; beyond the end of the stream with io.EOF.
func (s *StreamReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, io.ErrUnexpectedEOF
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	end := off + int64(len(p))
	for int64(len(s.buf)) < end && s.err == nil {
		s.fill(end)
	}
	if off >= int64(len(s.buf)) {
		return 0, s.endErr()
	}
	n := copy(p, s.buf[off:])
	if n < len(p) {
		return n, s.endErr()
	}
	return n, nil
}

// Complete reports whether the whole stream has been read (its size is Consumed).
func (s *StreamReaderAt) Complete() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err == io.EOF
}

// ReadAll reads the rest of the stream, within the budget, and returns how many bytes the
// stream holds (or the budget, when it holds more).
func (s *StreamReaderAt) ReadAll() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.err == nil {
		s.fill(int64(len(s.buf)) + streamChunk)
	}
	return int64(len(s.buf))
}

// Consumed returns how many bytes were read from the stream so far.
func (s *StreamReaderAt) Consumed() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return int64(len(s.buf))
}

func (s *StreamReaderAt) endErr() error {
	if s.err == nil || s.err == io.EOF {
		return io.EOF
	}
	return s.err
}

// fill reads at least one more chunk towards want, within the budget.
func (s *StreamReaderAt) fill(want int64) {
	if err := s.ctx.Err(); err != nil {
		s.err = err
		return
	}
	if int64(len(s.buf)) >= s.budget {
		s.err = &extract.FormatError{Format: "stream", Offset: int64(len(s.buf)), Msg: "read budget exhausted", Err: extract.ErrLimit}
		return
	}
	n := max(want-int64(len(s.buf)), streamChunk)
	n = min(n, s.budget-int64(len(s.buf)))
	start := len(s.buf)
	s.buf = slices.Grow(s.buf, int(n))[:start+int(n)]
	got, err := io.ReadFull(s.r, s.buf[start:])
	s.buf = s.buf[:start+got]
	switch err {
	case nil:
	case io.ErrUnexpectedEOF:
		s.err = io.EOF
	default:
		s.err = err
	}
}
