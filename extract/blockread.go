package extract

import (
	"io"
	"math"
	"sync"
)

// blockSize is the unit a BlockReader reads for small reads (segment headers, IFD tables,
// small values); a read of a block or more (an XMP or Exif segment) goes straight to the
// file, so its bytes are copied once. Measured over the corpus (CLI, ExtractFile): 16 KiB
// beats 64 KiB by 2-4% on JPEGs, whose first block then carries less image data, and is
// even on TIFF, raw and HEIF files.
const blockSize = 16 << 10

// blockSlots is how many blocks a BlockReader keeps.
const blockSlots = 4

// pageSize is the unit of the reads into a block buffer no read has written yet (see block).
const pageSize = 4 << 10

// blockPool holds the block buffers. A buffer's length is how many of its leading bytes any
// read has written (its capacity is blockSize): 0 for a new one, whose pages the process
// has not faulted in.
var blockPool = sync.Pool{New: func() any { b := make([]byte, 0, blockSize); return &b }}

// BlockReader serves the many small reads of a walker (segment headers, IFD tables) from a
// few aligned blocks (blockSize) of the underlying io.ReaderAt, so that reading a file costs one
// system call per block instead of one per read. Reads of a block or more go straight
// through. Close returns the blocks to a pool; the BlockReader must not be used after it.
// It is safe for concurrent use.
type BlockReader struct {
	mu    sync.Mutex
	r     io.ReaderAt
	size  int64
	tick  uint64
	slots [blockSlots]cachedBlock
	lent  []*[]byte // the chunks ReadLent carved buffers from, returned to lentPool by Close
	big   []*[]byte // buffers too large to carve, returned to bigPools by Close
}

// lentChunk is the size of the pooled chunks ReadLent carves buffers from; a read of more
// than a quarter of it gets a buffer of its own.
const lentChunk = 256 << 10

var lentPool = sync.Pool{New: func() any { b := make([]byte, 0, lentChunk); return &b }}

// A lent buffer larger than a quarter chunk comes from bigPools, whose classes hold buffers
// of the powers of two from 1<<minBigShift (128 KiB) to 1<<maxBigShift (16 MiB); a larger
// one is allocated for its call alone.
const (
	minBigShift = 17
	maxBigShift = 24
)

var bigPools [maxBigShift - minBigShift + 1]sync.Pool

// bigClass returns the index into bigPools of the smallest class that holds n bytes, or -1.
func bigClass(n int) int {
	for c := range bigPools {
		if n <= 1<<(minBigShift+c) {
			return c
		}
	}
	return -1
}

// ReadLent implements Lender: it reads the n bytes at off into a buffer lent until Close
// (see Lend), so that the payloads of file after file reuse the same memory instead of
// allocating (and the kernel faulting in) fresh buffers.
func (b *BlockReader) ReadLent(off, n int64) ([]byte, bool) {
	if off < 0 || n < 0 || n > math.MaxInt32 {
		return nil, false
	}
	buf := b.Lend(int(n))
	if m, err := b.ReadAt(buf, off); m < len(buf) && err != nil {
		return nil, false
	}
	return buf, true
}

// Lend implements Lender: an n-byte buffer (of unspecified content) carved from pooled
// chunks that the BlockReader keeps until Close, or, when n exceeds a quarter chunk, a
// pooled buffer of its own size class.
func (b *BlockReader) Lend(n int) []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	if n > lentChunk/4 {
		c := bigClass(n)
		if c < 0 {
			return make([]byte, n)
		}
		bp, _ := bigPools[c].Get().(*[]byte)
		if bp == nil {
			buf := make([]byte, 1<<(minBigShift+c))
			bp = &buf
		}
		b.big = append(b.big, bp)
		return (*bp)[:n:n]
	}
	if k := len(b.lent); k == 0 || cap(*b.lent[k-1])-len(*b.lent[k-1]) < n {
		b.lent = append(b.lent, lentPool.Get().(*[]byte))
	}
	c := b.lent[len(b.lent)-1]
	at := len(*c)
	*c = (*c)[:at+n]
	return (*c)[at : at+n : at+n]
}

// cachedBlock is one slot of a BlockReader: the n bytes of the file from off, at the start
// of its buffer.
type cachedBlock struct {
	buf  *[]byte
	off  int64 // file offset of the buffer's first byte
	n    int   // valid bytes
	err  error // error met reading the block (io.EOF at the end of the file)
	used uint64
}

// holds reports whether the block holds the byte at pos.
func (c *cachedBlock) holds(pos int64) bool {
	return c.buf != nil && pos >= c.off && pos-c.off < int64(c.n)
}

// NewBlockReader returns a BlockReader over the size bytes of r.
func NewBlockReader(r io.ReaderAt, size int64) *BlockReader {
	return &BlockReader{r: r, size: size}
}

// ReadAt implements io.ReaderAt.
func (b *BlockReader) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, io.ErrUnexpectedEOF
	}
	if len(p) >= blockSize {
		return b.r.ReadAt(p, off)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	done := 0
	for done < len(p) {
		pos := off + int64(done)
		if pos >= b.size {
			return done, io.EOF
		}
		blk := b.block(pos, len(p)-done)
		if !blk.holds(pos) {
			if blk.err != nil {
				return done, blk.err
			}
			return done, io.EOF
		}
		i := int(pos - blk.off)
		done += copy(p[done:], (*blk.buf)[i:blk.n])
	}
	return done, nil
}

// block returns a cached block holding the byte at pos, or, when none does, reads one into
// the least recently used slot. The block read is the aligned blockSize bytes around pos,
// except into an empty slot whose buffer no read has ever written (a new one: the pool had
// none): there it is only the pages (pageSize) that hold the need bytes from pos. A
// process that reads one file then faults in the pages its walker asks for, not whole
// blocks (a 2-byte marker after an XMP segment cost 4 pages, issue 16.3). A buffer the
// pool gives back, used before, and a slot taken back from older data (the walker reads
// more places than there are slots) read whole blocks as before, so that a batch makes no
// more reads than it did. The returned block holds pos unless reading failed there.
func (b *BlockReader) block(pos int64, need int) *cachedBlock {
	b.tick++
	victim := &b.slots[0]
	for i := range b.slots {
		s := &b.slots[i]
		if s.holds(pos) {
			s.used = b.tick
			return s
		}
		if s.buf == nil || s.used < victim.used && victim.buf != nil {
			victim = s
		}
	}
	fresh := victim.buf == nil
	if fresh {
		victim.buf = blockPool.Get().(*[]byte)
	}
	buf := *victim.buf
	start, n := pos-pos%blockSize, blockSize
	if fresh && len(buf) == 0 {
		start = pos - pos%pageSize
		end := pos + int64(min(need, blockSize-pageSize))
		n = int(end-start+pageSize-1) / pageSize * pageSize
	}
	if rest := b.size - start; rest < int64(n) {
		n = int(max(rest, 0))
	}
	got, err := b.r.ReadAt(buf[:n:blockSize], start)
	if got > len(buf) {
		*victim.buf = buf[:got]
	}
	if err == nil && got < n {
		err = io.ErrUnexpectedEOF
	}
	if err == nil && start+int64(got) >= b.size {
		err = io.EOF
	}
	victim.off, victim.n, victim.err, victim.used = start, got, err, b.tick
	return victim
}

// Reset makes b a BlockReader over the size bytes of r, as NewBlockReader does, after
// closing it: a caller that reads file after file can keep one BlockReader. The zero
// BlockReader is ready for Reset.
func (b *BlockReader) Reset(r io.ReaderAt, size int64) {
	_ = b.Close()
	b.mu.Lock()
	b.r, b.size, b.tick = r, size, 0
	b.mu.Unlock()
}

// Close returns the blocks and the chunks of ReadLent to their pools: no buffer ReadLent
// returned may be used after it.
func (b *BlockReader) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	for i, c := range b.lent {
		*c = (*c)[:0]
		lentPool.Put(c)
		b.lent[i] = nil
	}
	b.lent = b.lent[:0]
	for i, bp := range b.big {
		bigPools[bigClass(cap(*bp))].Put(bp)
		b.big[i] = nil
	}
	b.big = b.big[:0]
	for i := range b.slots {
		if b.slots[i].buf != nil {
			blockPool.Put(b.slots[i].buf)
			b.slots[i] = cachedBlock{}
		}
	}
	return nil
}
