package extract

import (
	"context"
	"errors"
	"io"
	"math"
	"slices"
	"sync"
)

// Stream serves a forward-only io.Reader to the container walkers as an io.ReaderAt with an
// End, keeping in memory only what they use:
//
//   - The byte ranges the walkers read (headers, payloads) are kept, so that the payloads
//     decoded later, and a walker that reads a range again, find them. Nothing is allocated
//     ahead of the bytes that arrive: a range claimed larger than the stream costs what the
//     stream holds, not what it claims.
//   - Reads that continue the last one extend its range in place, so a payload read piece
//     by piece (GIF sub-blocks, a segment's header then its body) is one range. Header-sized
//     ranges scattered between skips (segment and box headers) are kept up to smallCap, the
//     oldest dropped first: what a stream keeps is its payloads plus a constant.
//   - Bytes the walkers skip are read and dropped, except the last windowSize of them (a
//     window that serves a walker looking back a little), and except in KeepAll mode, which
//     containers read at random (TIFF) or from their end (PDF) ask for.
//   - What is kept is bounded by Limits.MaxRetained; what is consumed, kept or dropped, by
//     Limits.MaxStreamRead.
//
// The stream's end is known when it ends. Until then Has answers a question about a range
// beyond the bytes consumed provisionally (yes, the bytes exist) and remembers the furthest
// such answer; Settle checks them afterwards by reading on, and reports whether a walk that
// relied on them must be repeated now that the end is known. A short stream is therefore
// reported exactly as a short file.
//
// It is safe for concurrent use.
type Stream struct {
	mu  sync.Mutex
	ctx context.Context
	r   io.Reader

	pos     int64 // bytes consumed from r
	ended   bool  // r reported io.EOF: pos is the size
	limited bool  // MaxStreamRead reached: pos is treated as the size
	err     error // a read error other than io.EOF (or ctx's), sticky; pos is then the size

	keepAll bool
	spans   []span    // kept ranges, sorted by off; they may overlap
	arena   []byte    // the chunk small reads are carved from (len = used)
	chunks  []*[]byte // the arena chunks, returned to chunkPool by Close
	last    int       // index of the range read into last, -1 if none
	tail    uint64    // id of the range whose bytes end the arena chunk
	ids     uint64    // the last range id given
	ring    []byte    // the last len(ring) consumed bytes: the byte at offset x is ring[x%windowSize]

	assumed int64 // the furthest end Has answered yes to before the stream's end was known

	maxRetained, maxRead int64
	retained, peak       int64
	smallBytes           int64 // bytes (with bookkeeping) of the small ranges kept
	retainLimited        bool  // a read was refused for MaxRetained
	notRetained          bool  // a read asked for bytes that were dropped
	missed               int   // how many reads asked for bytes that were dropped
}

type span struct {
	off   int64
	b     []byte
	small bool   // a header-sized range (smallRead), kept in the bounded FIFO of small ranges
	arena bool   // b is carved from an arena chunk
	id    uint64 // identity: the arena's tail range is s.tail
}

func (sp *span) end() int64 { return sp.off + int64(len(sp.b)) }

const (
	windowSize  = 64 << 10  // skipped bytes kept behind the stream's position
	arenaChunk  = 16 << 10  // the chunk small reads are carved from
	smallRead   = 2 << 10   // reads up to this size are carved from the arena
	smallCap    = 256 << 10 // most bytes of small ranges kept (oldest dropped first)
	lookahead   = 4 << 10   // Has reads this far ahead to answer exactly
	keepHead    = 4 << 10   // small ranges that start this near the start are never dropped
	firstGrowth = 64 << 10  // a large read's buffer starts at this size and doubles as bytes arrive
	spanCost    = 48        // bookkeeping counted against MaxRetained per kept range
)

// Stream warning codes.
const (
	WarnStreamRetain      = "stream.retain-limit" // MaxRetained reached: a read was refused
	WarnStreamNotRetained = "stream.not-retained" // a walker read back bytes that were dropped
	WarnStreamReadLimit   = "stream.read-limit"   // MaxStreamRead reached: the stream is read as if it ended there
	errNotRetainedMsg     = "bytes already passed and not kept"
	errRetainMsg          = "retention limit reached"
	errReadLimitMsg       = "stream read limit reached"
	errStreamFormat       = "stream"
	maxAssemble           = math.MaxInt32
)

// NewStream returns a Stream over r within lim (MaxRetained, MaxStreamRead; zero fields take
// their defaults). ctx cancels the reads.
func NewStream(ctx context.Context, r io.Reader, lim Limits) *Stream {
	if ctx == nil {
		ctx = context.Background()
	}
	lim = lim.Resolved()
	return &Stream{ctx: ctx, r: r, last: -1, maxRetained: lim.MaxRetained, maxRead: lim.MaxStreamRead}
}

// Pools of the window and the arena chunks: a service reads stream after stream.
var (
	ringPool  = sync.Pool{New: func() any { b := make([]byte, windowSize); return &b }}
	chunkPool = sync.Pool{New: func() any { b := make([]byte, arenaChunk); return &b }}
)

// Close returns the stream's window and arena to pools for the next stream: no slice the
// stream handed out may be used after it. It does not close the reader.
func (s *Stream) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ring != nil {
		r := s.ring
		ringPool.Put(&r)
		s.ring = nil
	}
	for i, c := range s.chunks {
		chunkPool.Put(c)
		s.chunks[i] = nil
	}
	s.chunks, s.arena, s.spans, s.last = nil, nil, nil, -1
	return nil
}

// KeepAll makes the stream keep the bytes it passes from now on as well (within
// MaxRetained): for containers whose walkers may read any offset again.
func (s *Stream) KeepAll() {
	s.mu.Lock()
	s.keepAll = true
	s.mu.Unlock()
}

// Has implements Ender. Before the end is known, n beyond the bytes consumed gets a
// provisional yes, which Settle checks.
func (s *Stream) Has(n int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n <= s.pos {
		return true
	}
	if n-s.pos <= lookahead {
		s.passTo(n) // near: read on and answer exactly
		return n <= s.pos
	}
	if s.over() {
		return false
	}
	if n > s.maxRead {
		// Never read past MaxStreamRead: the stream is taken to end there at the latest.
		// (No warning: a file shorter than the offset says no as well, and one that long
		// gets stream.read-limit when the stream is read to the limit.)
		return false
	}
	s.assumed = max(s.assumed, n)
	return true
}

// Size implements Ender: it reads the stream to its end (dropping what it passes, unless
// KeepAll) and returns how many bytes it holds.
func (s *Stream) Size() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.passTo(math.MaxInt64)
	return s.pos
}

// Known returns the stream's size once its end is known.
func (s *Stream) Known() (int64, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pos, s.over()
}

// Settle reads on to the furthest end Has answered yes to, and reports whether every such
// answer held. When it returns false the end is now known, and a walk that relied on Has
// must be repeated to give the answer a file of the same bytes gives.
func (s *Stream) Settle() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.assumed
	s.assumed = 0
	if a <= s.pos {
		return true
	}
	s.passTo(a)
	return a <= s.pos
}

// Consumed returns how many bytes were read from the stream.
func (s *Stream) Consumed() int64 { return locked(s, &s.pos) }

// Retained returns the most bytes the stream has held in memory at once.
func (s *Stream) Retained() int64 { return locked(s, &s.peak) }

// Missed returns how many reads so far asked for bytes the stream had dropped.
func (s *Stream) Missed() int { return locked(s, &s.missed) }

// Err returns the reader's error (not io.EOF) or the context's, if reading stopped on one.
func (s *Stream) Err() error { return locked(s, &s.err) }

// locked reads the field v of s under s's lock.
func locked[T any](s *Stream, v *T) T {
	s.mu.Lock()
	defer s.mu.Unlock()
	return *v
}

// Warn adds to ws the stream's own trouble: bytes a walker needed that the limits made it
// drop or refuse, and a read limit that cut the stream short.
func (s *Stream) Warn(ws *Warnings) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.limited {
		ws.Add(WarnStreamReadLimit, 0, s.pos, "read limit of %d bytes reached; the rest of the stream was not read", s.maxRead)
	}
	if s.retainLimited {
		ws.Add(WarnStreamRetain, 0, -1, "retention limit of %d bytes reached; some bytes were not kept", s.maxRetained)
	}
	if s.notRetained {
		ws.Add(WarnStreamNotRetained, 0, -1, "a read went back to bytes of the stream that were not kept")
	}
}

// over reports whether the stream's end is known: it ended, failed or reached its limit.
func (s *Stream) over() bool { return s.ended || s.limited || s.err != nil }

// ReadAt implements io.ReaderAt. Reading past the end gives io.EOF; reading bytes that were
// passed and dropped, or beyond the limits, an error wrapping ErrLimit.
func (s *Stream) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errNegativeOffset
	}
	if len(p) == 0 {
		return 0, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if b, ok := s.slice(off, int64(len(p))); ok {
		return copy(p, b), nil
	}
	n := s.copyOut(p, off)
	return n, s.failure(off + int64(n))
}

// failure explains why the byte at off could not be read.
func (s *Stream) failure(off int64) error {
	switch {
	case off < s.pos && s.retainLimited:
		return &FormatError{Format: errStreamFormat, Offset: off, Msg: errRetainMsg, Err: ErrLimit}
	case off < s.pos:
		return &FormatError{Format: errStreamFormat, Offset: off, Msg: errNotRetainedMsg, Err: ErrLimit}
	case s.err != nil:
		return s.err
	case s.limited:
		return &FormatError{Format: errStreamFormat, Offset: off, Msg: errReadLimitMsg, Err: ErrLimit}
	case s.retainLimited:
		return &FormatError{Format: errStreamFormat, Offset: off, Msg: errRetainMsg, Err: ErrLimit}
	}
	return io.EOF
}

// Slice implements Slicer: the n bytes at off in memory the stream keeps (never to be
// written to), read from the stream first when they lie ahead.
func (s *Stream) Slice(off, n int64) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.slice(off, n)
}

// ReadLent implements Lender as Slice does: the stream's memory is lent until the stream is
// dropped.
func (s *Stream) ReadLent(off, n int64) ([]byte, bool) { return s.Slice(off, n) }

// Lend implements Lender with fresh memory.
func (s *Stream) Lend(n int) []byte { return make([]byte, n) }

func (s *Stream) slice(off, n int64) ([]byte, bool) {
	if off < 0 || n < 0 || off > math.MaxInt64-n {
		return nil, false
	}
	if n == 0 {
		if off > s.pos {
			s.passTo(off)
		}
		return []byte{}, off <= s.pos
	}
	if b := s.find(off, n); b != nil {
		return b, true
	}
	if off >= s.pos {
		s.passTo(off)
		if s.pos < off {
			return nil, false
		}
		return s.readAhead(n)
	}
	return s.assemble(off, n)
}

// find returns the kept bytes [off, off+n), or nil.
func (s *Stream) find(off, n int64) []byte {
	i, _ := slices.BinarySearchFunc(s.spans, off, func(sp span, x int64) int {
		if sp.off <= x {
			return -1
		}
		return 1
	})
	// spans[:i] start at or before off; look at the nearest few (spans rarely overlap).
	for j := i - 1; j >= 0 && j >= i-8; j-- {
		sp := s.spans[j]
		if at := off - sp.off; at+n <= int64(len(sp.b)) {
			return sp.b[at : at+n : at+n]
		}
	}
	return nil
}

// reserve counts n more bytes as retained, or refuses them.
func (s *Stream) reserve(n int64) bool {
	if s.retained+n > s.maxRetained {
		s.retainLimited = true
		return false
	}
	s.retained += n
	s.peak = max(s.peak, s.retained)
	return true
}

// readAhead reads the n bytes at s.pos into kept memory: onto the kept range that ends at
// s.pos when it has room (a payload read piece by piece stays one range), else into a new
// range.
func (s *Stream) readAhead(n int64) ([]byte, bool) {
	i := s.last
	if i < 0 || i >= len(s.spans) || s.spans[i].end() != s.pos || !s.roomFor(&s.spans[i], n) {
		var ok bool
		if i, ok = s.newSpan(s.pos, n); !ok {
			return nil, false
		}
	}
	return s.extend(i, n)
}

// newSpan adds an empty kept range at off with room for n bytes (carved from the arena when
// n is header-sized) and returns its index.
func (s *Stream) newSpan(off, n int64) (int, bool) {
	if !s.reserve(spanCost) {
		return 0, false
	}
	s.ids++
	sp := span{off: off, id: s.ids}
	if n <= smallRead {
		if len(s.arena)+int(n) > cap(s.arena) {
			c := chunkPool.Get().(*[]byte)
			s.chunks = append(s.chunks, c)
			s.arena = (*c)[:0]
		}
		sp.b, sp.small, sp.arena = s.arena[len(s.arena):len(s.arena):len(s.arena)+int(n)], true, true
		s.tail = sp.id
		s.smallBytes += spanCost
	}
	i, _ := slices.BinarySearchFunc(s.spans, off, func(sp span, x int64) int {
		if sp.off <= x {
			return -1
		}
		return 1
	})
	s.spans = slices.Insert(s.spans, i, sp)
	s.last = i
	return i, true
}

// roomFor reports whether n more bytes can be appended to sp: within its buffer, at the end
// of the arena when sp ends it, or by moving a header-sized range into a buffer of its own.
// A large range is not moved (nor doubled) to append to it: the next read starts a new one.
func (s *Stream) roomFor(sp *span, n int64) bool {
	switch {
	case int64(cap(sp.b)-len(sp.b)) >= n:
		return true
	case sp.arena && sp.id == s.tail && int64(cap(s.arena)-len(s.arena)) >= n:
		return true
	}
	return len(sp.b) <= smallRead
}

// extend reads the n bytes at s.pos onto the end of kept range i (which ends at s.pos and
// has roomFor them), growing its buffer as they arrive, and returns them.
func (s *Stream) extend(i int, n int64) ([]byte, bool) {
	sp := &s.spans[i]
	start := len(sp.b)
	if int64(cap(sp.b)-start) < n {
		if sp.arena && sp.id == s.tail && int64(cap(s.arena)-len(s.arena)) >= n {
			at := len(s.arena) - start
			sp.b = s.arena[at : len(s.arena) : len(s.arena)+int(n)]
		} else if !s.regrow(sp, n) {
			return nil, false
		}
	}
	buf, ok := s.grow(sp.b, int64(start)+n)
	added := int64(len(buf) - start)
	if sp.arena {
		s.arena = s.arena[:len(s.arena)+int(added)]
		s.retained += added
		s.peak = max(s.peak, s.retained)
	}
	sp.b = buf
	if sp.small {
		s.smallBytes += added
		if len(buf) > smallRead {
			sp.small = false
			s.smallBytes -= int64(len(buf)) + spanCost
		}
	}
	got := buf[start:]
	if s.smallBytes > smallCap {
		s.evictSmall()
	}
	return got[:len(got):len(got)], ok && int64(len(got)) == n
}

// regrow moves sp's bytes into a buffer of their own with room for n more.
func (s *Stream) regrow(sp *span, n int64) bool {
	c := max(2*int64(len(sp.b)), int64(len(sp.b))+min(n, firstGrowth), 256)
	if !s.reserve(c) {
		return false
	}
	nb := make([]byte, len(sp.b), c)
	copy(nb, sp.b)
	if !sp.arena {
		s.retained -= int64(cap(sp.b))
	}
	sp.b, sp.arena = nb, false
	return true
}

// grow appends to buf the bytes from s.pos until buf holds n bytes or the stream stops,
// growing it as they arrive (never ahead of them beyond doubling).
func (s *Stream) grow(buf []byte, n int64) ([]byte, bool) {
	if n > maxAssemble {
		n = maxAssemble
	}
	for int64(len(buf)) < n {
		if len(buf) == cap(buf) {
			c := min(n, max(firstGrowth, 2*int64(cap(buf))))
			if !s.reserve(c) {
				return buf, false
			}
			s.retained -= int64(cap(buf))
			nb := make([]byte, len(buf), c)
			copy(nb, buf)
			buf = nb
		}
		want := min(int64(cap(buf)), n)
		buf = buf[:len(buf)+s.consume(buf[len(buf):want])]
		if int64(len(buf)) < want {
			break // the stream stopped: the caller sees the short length
		}
	}
	return buf, true
}

// evictSmall drops the oldest half of the header-sized ranges (those of the file's first
// keepHead bytes excepted): a stream keeps a bounded amount of them between its payloads (a
// walker still holding one keeps its memory).
func (s *Stream) evictSmall() {
	target := int64(smallCap / 2)
	out := s.spans[:0]
	for i, sp := range s.spans {
		if sp.small && s.smallBytes > target && i != s.last && sp.off >= keepHead {
			s.smallBytes -= int64(len(sp.b)) + spanCost
			s.retained -= int64(len(sp.b)) + spanCost
			continue
		}
		if i == s.last {
			s.last = len(out)
		}
		out = append(out, sp)
	}
	clear(s.spans[len(out):])
	s.spans = out
}

// assemble makes the n bytes at off, which start behind the stream's position, one kept
// range: from the kept ranges and the window, then from the stream.
func (s *Stream) assemble(off, n int64) ([]byte, bool) {
	behind := min(n, s.pos-off)
	if behind > maxAssemble {
		s.retainLimited = true
		return nil, false
	}
	tmp := make([]byte, behind)
	if got := s.copyOut(tmp, off); int64(got) < behind {
		s.notRetained = true
		s.missed++
		return nil, false
	}
	i, ok := s.newSpan(off, n)
	if !ok {
		return nil, false
	}
	sp := &s.spans[i]
	if sp.arena {
		sp.b = append(sp.b, tmp...) // within the room newSpan carved
		s.arena = s.arena[:len(s.arena)+len(tmp)]
		s.retained += behind
		s.smallBytes += behind
		s.peak = max(s.peak, s.retained)
	} else {
		if !s.reserve(behind) {
			s.spans = slices.Delete(s.spans, i, i+1)
			s.last = -1
			return nil, false
		}
		sp.b = tmp
	}
	if n == behind {
		return sp.b[:len(sp.b):len(sp.b)], true
	}
	id := sp.id
	if !s.roomFor(sp, n-behind) {
		// A large range joined with bytes ahead: one buffer of its own.
		if !s.regrow(sp, n-behind) {
			return nil, false
		}
	}
	if _, ok := s.extend(i, n-behind); !ok {
		return nil, false
	}
	j := s.indexOf(id)
	if j < 0 {
		return nil, false
	}
	b := s.spans[j].b
	return b[:len(b):len(b)], true
}

// indexOf returns the index of the kept range id (which the last read keeps from eviction).
func (s *Stream) indexOf(id uint64) int {
	for i := range s.spans {
		if s.spans[i].id == id {
			return i
		}
	}
	return -1
}

// copyOut copies into p the kept or windowed bytes from off on, as far as they run without
// a gap, and returns how many.
func (s *Stream) copyOut(p []byte, off int64) int {
	done := 0
	for done < len(p) {
		x := off + int64(done)
		if x >= s.pos {
			break
		}
		if b := s.covering(x); b != nil {
			done += copy(p[done:], b)
			continue
		}
		// The window holds [s.pos-len(s.ring), s.pos).
		lo := s.pos - int64(min(len(s.ring), windowSize))
		if x < lo {
			break
		}
		upto := min(s.pos, x+int64(len(p)-done))
		for x < upto {
			i := int(x % windowSize)
			k := min(int64(windowSize-i), upto-x)
			done += copy(p[done:], s.ring[i:i+int(k)])
			x += k
		}
	}
	return done
}

// covering returns the kept bytes from x to the end of the kept range holding x, or nil.
func (s *Stream) covering(x int64) []byte {
	i, _ := slices.BinarySearchFunc(s.spans, x, func(sp span, y int64) int {
		if sp.off <= y {
			return -1
		}
		return 1
	})
	var best []byte
	for j := i - 1; j >= 0 && j >= i-8; j-- {
		sp := s.spans[j]
		if at := x - sp.off; at < int64(len(sp.b)) && (best == nil || int64(len(sp.b))-at > int64(len(best))) {
			best = sp.b[at:]
		}
	}
	return best
}

// passTo reads the stream up to offset to (or its end), dropping what it passes into the
// window, or keeping it in KeepAll mode.
func (s *Stream) passTo(to int64) {
	for s.pos < to && !s.over() {
		if s.keepAll && !s.retainLimited {
			s.readAhead(min(to-s.pos, firstGrowth)) // over the retention limit, the window takes over
			continue
		}
		s.window()
		i := int(s.pos % windowSize)
		k := min(int64(windowSize-i), to-s.pos)
		if s.readInto(s.ring[i:i+int(k)]) == 0 {
			return
		}
	}
}

// window allocates the window on first use. It is part of the stream's constant cost:
// counted as retained, never refused.
func (s *Stream) window() {
	if s.ring == nil {
		s.ring = *ringPool.Get().(*[]byte)
		s.retained += windowSize
		s.peak = max(s.peak, s.retained)
	}
}

// consume reads len(p) bytes (fewer at the end of the stream) into p, copying them into the
// window too, and returns how many.
func (s *Stream) consume(p []byte) int {
	done := 0
	for done < len(p) && !s.over() {
		n := s.readInto(p[done:])
		if n == 0 {
			break
		}
		s.window()
		// The window follows every consumed byte.
		start := s.pos - int64(n)
		src := p[done : done+n]
		for len(src) > 0 {
			i := int(start % windowSize)
			c := copy(s.ring[i:], src)
			src, start = src[c:], start+int64(c)
		}
		done += n
	}
	return done
}

// readInto makes one read from r into p (within MaxStreamRead) and advances pos.
func (s *Stream) readInto(p []byte) int {
	if s.over() {
		return 0
	}
	if err := s.ctx.Err(); err != nil {
		s.err = err
		return 0
	}
	if rest := s.maxRead - s.pos; int64(len(p)) > rest {
		if rest <= 0 {
			s.limited = true
			return 0
		}
		p = p[:rest]
	}
	for range 100 {
		n, err := s.r.Read(p)
		if n < 0 || n > len(p) {
			s.err = errors.New("embedmeta: the reader returned an invalid count")
			return 0
		}
		s.pos += int64(n)
		switch {
		case err == io.EOF:
			s.ended = true
		case err != nil:
			// A read that fails once ctx has ended failed because of it: a reader that
			// ctx's end closes (the Tee's pipe) reports only that it is closed.
			if cerr := s.ctx.Err(); cerr != nil {
				err = cerr
			}
			s.err = err
		}
		if n > 0 || err != nil {
			return n
		}
	}
	s.err = io.ErrNoProgress
	return 0
}
