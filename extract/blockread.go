package extract

import (
	"io"
	"sync"
)

// blockSize is the unit a BlockReader reads: one JPEG segment at most, and for most files
// every metadata segment in one or two reads.
const blockSize = 64 << 10

// blockSlots is how many blocks a BlockReader keeps.
const blockSlots = 4

var blockPool = sync.Pool{New: func() any { b := make([]byte, blockSize); return &b }}

// BlockReader serves the many small reads of a walker (segment headers, IFD tables) from a
// few aligned 64 KiB blocks of the underlying io.ReaderAt, so that reading a file costs one
// system call per block instead of one per read. Reads of a block or more go straight
// through. Close returns the blocks to a pool; the BlockReader must not be used after it.
// It is safe for concurrent use.
type BlockReader struct {
	mu    sync.Mutex
	r     io.ReaderAt
	size  int64
	tick  uint64
	slots [blockSlots]cachedBlock
}

type cachedBlock struct {
	buf  *[]byte
	off  int64 // block start
	n    int   // valid bytes
	err  error // error met reading the block (io.EOF at the end of the file)
	used uint64
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
		blk := b.block(pos - pos%blockSize)
		i := int(pos - blk.off)
		if i >= blk.n {
			if blk.err != nil {
				return done, blk.err
			}
			return done, io.EOF
		}
		done += copy(p[done:], (*blk.buf)[i:blk.n])
	}
	return done, nil
}

// block returns the cached block starting at start, reading it into the least recently used
// slot when it is not cached.
func (b *BlockReader) block(start int64) *cachedBlock {
	b.tick++
	victim := &b.slots[0]
	for i := range b.slots {
		s := &b.slots[i]
		if s.buf != nil && s.off == start {
			s.used = b.tick
			return s
		}
		if s.buf == nil || s.used < victim.used && victim.buf != nil {
			victim = s
		}
	}
	if victim.buf == nil {
		victim.buf = blockPool.Get().(*[]byte)
	}
	n := blockSize
	if rest := b.size - start; rest < int64(n) {
		n = int(max(rest, 0))
	}
	got, err := b.r.ReadAt((*victim.buf)[:n], start)
	if err == nil && got < blockSize && start+int64(got) >= b.size {
		err = io.EOF
	}
	victim.off, victim.n, victim.err, victim.used = start, got, err, b.tick
	return victim
}

// Close returns the blocks to the pool.
func (b *BlockReader) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	for i := range b.slots {
		if b.slots[i].buf != nil {
			blockPool.Put(b.slots[i].buf)
			b.slots[i] = cachedBlock{}
		}
	}
	return nil
}
