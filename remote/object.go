package remote

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
)

// fetcher reads byte ranges of one stored object.
type fetcher interface {
	// fetch returns the bytes [off, off+n) of the object, fewer only where the object ends.
	// It also returns the object's size when the answer tells it (-1 when not) and the
	// number of requests it made (retries included).
	fetch(ctx context.Context, off, n int64) (b []byte, size int64, requests int, err error)
}

// Object is an io.ReaderAt over a stored object: every ReadAt is served from the blocks
// already fetched or by one ranged request for the blocks it lacks, aligned to the block
// size and grown while reads go forward (so that a payload read piece by piece costs few
// requests), never past the object's end. The blocks are kept up to Client.MaxCache bytes
// (oldest dropped first). An Object is safe for concurrent use.
type Object struct {
	url  string
	ctx  context.Context
	f    fetcher
	size int64

	block, maxFetch, maxCache int64

	mu     sync.Mutex
	spans  []span // fetched ranges in fetch order (the eviction order)
	cached int64  // bytes in spans
	next   int64  // where the last fetch ended: a fetch starting there grows
	run    int64  // the size of the last fetch
	stats  Stats
}

// tailRead is what a small read at an object's end fetches after a jump: the end alone.
const tailRead = 4 << 10

// span is one fetched range of the object.
type span struct {
	off int64
	b   []byte
}

func (s span) end() int64 { return s.off + int64(len(s.b)) }

// URL returns the object's URL as given to Open.
func (o *Object) URL() string { return o.url }

// Size returns the object's size in bytes.
func (o *Object) Size() int64 { return o.size }

// Stats returns what reading the object has cost so far.
func (o *Object) Stats() Stats {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.stats
}

// ReadAt reads len(p) bytes at off (io.ReaderAt): io.EOF when the object ends first.
func (o *Object) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("remote: negative offset")
	}
	if off >= o.size {
		return 0, io.EOF
	}
	want := p
	if rest := o.size - off; int64(len(want)) > rest {
		want = want[:rest]
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	n := 0
	for n < len(want) {
		pos := off + int64(n)
		if s, ok := o.find(pos); ok {
			n += copy(want[n:], s.b[pos-s.off:])
			continue
		}
		if err := o.fill(pos, off+int64(len(want))); err != nil {
			return n, err
		}
	}
	if len(want) < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// find returns the span holding byte pos.
func (o *Object) find(pos int64) (span, bool) {
	for i := len(o.spans) - 1; i >= 0; i-- { // the newest first: reads mostly go forward
		if s := o.spans[i]; pos >= s.off && pos < s.end() {
			return s, true
		}
	}
	return span{}, false
}

// fill fetches, in one request, the blocks from pos up to end (the end of the read), or
// more when the read continues the previous fetch, stopping before a byte already held.
func (o *Object) fill(pos, end int64) error {
	start := pos &^ (o.block - 1)
	stop := (end + o.block - 1) &^ (o.block - 1)
	switch {
	case start == o.next && o.run > 0: // reading on: grow the fetch (a large payload, a TIFF)
		stop = max(stop, start+min(2*o.run, o.maxFetch))
	case end == o.size && end-pos <= tailRead && pos > o.next:
		// A small read at the very end after a jump (a JPEG's trailer check, a footer):
		// only the last tailRead bytes, not a whole block of image data before them.
		start = max(o.size-tailRead, o.next, 0)
	}
	stop = min(stop, o.size)
	for changed := true; changed; { // never fetch again what is held
		changed = false
		for _, s := range o.spans {
			if s.off > pos && s.off < stop {
				stop, changed = s.off, true
			}
			if s.off <= start && s.end() > start {
				start, changed = s.end(), true
			}
		}
	}
	if err := o.ctx.Err(); err != nil {
		return err
	}
	b, _, reqs, err := o.f.fetch(o.ctx, start, stop-start)
	o.stats.Requests += reqs
	o.stats.Fetched += int64(len(b))
	if err != nil {
		return fmt.Errorf("remote: %s: %w", o.url, err)
	}
	if int64(len(b)) != stop-start {
		return fmt.Errorf("remote: %s: %w (bytes %d-%d: %d bytes)", o.url, ErrShortRead, start, stop-1, len(b))
	}
	o.spans = append(o.spans, span{start, b})
	o.cached += int64(len(b))
	o.next, o.run = stop, stop-start
	for o.cached > o.maxCache && len(o.spans) > 1 {
		o.cached -= int64(len(o.spans[0].b))
		o.spans = o.spans[1:]
	}
	return nil
}
