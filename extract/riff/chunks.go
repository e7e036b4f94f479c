// Package riff reads RIFF files (Microsoft/IBM Multimedia Programming Interface 1.0,
// "Resource Interchange File Format"): a chunk reader that the RIFF-based walkers share
// (WebP, AVI), and the AVI walker.
package riff

import (
	"encoding/binary"

	"github.com/embedmeta/embedmeta/extract"
)

// Warning code suffixes reported by a Reader (prefixed with Reader.Prefix and a dot).
const (
	WarnTruncated = "truncated-chunk" // a chunk runs past the end of the file
	WarnTooMany   = "too-many-chunks" // more chunks than a walk visits
	WarnBadChunk  = "bad-chunk"       // a chunk runs past the list that holds it
	maxChunks     = 1 << 20           // chunks visited in one file
)

// Chunk is one chunk header: a four-character code and the size of the data after it.
type Chunk struct {
	ID     string
	Offset int64 // file offset of the 8-byte header
	Size   int64 // bytes of data, without the pad byte
}

// Data returns the file offset of the chunk's data.
func (c Chunk) Data() int64 { return c.Offset + 8 }

// Next returns the file offset of the chunk after it: data padded to an even length.
func (c Chunk) Next() int64 { return c.Data() + c.Size + c.Size&1 }

// Reader reads the chunks of a RIFF file within a read budget, reporting trouble with
// codes that start with Prefix ("webp", "avi").
type Reader struct {
	extract.Budget // the file, read within Limits.MaxTotalRead
	Prefix         string
	chunks         int // headers read so far
}

// Warn records a warning whose code is Prefix + "." + code.
func (r *Reader) Warn(code string, off int64, format string, args ...any) {
	r.WS.Add(r.Prefix+"."+code, 0, off, format, args...)
}

// Chunks calls fn for every chunk from pos on, in order, until fn returns false or the
// chunks end. end is the end of the list that holds them, or -1 for the top level, which
// ends where the input does: a chunk that runs past the input ends the walk with a
// warning (its data is not used); one that runs past its list ends the list's walk. It
// reports whether the walk may go on after the list: false when the input ended, the
// chunk count was reached or fn returned false.
func (r *Reader) Chunks(pos, end int64, fn func(Chunk) bool) bool {
	for (end < 0 || pos+8 <= end) && r.End.Has(pos+1) {
		if r.chunks++; r.chunks > maxChunks {
			if r.chunks == maxChunks+1 {
				r.Warn(WarnTooMany, pos, "stopped after %d chunks", maxChunks)
			}
			return false
		}
		hdr, ok := r.Read(pos, 8)
		if !ok {
			if !r.Limited {
				r.Warn(WarnTruncated, pos, "chunk header cut off by the end of the file")
			}
			return false
		}
		c := Chunk{ID: string(hdr[:4]), Offset: pos, Size: int64(binary.LittleEndian.Uint32(hdr[4:]))}
		if end >= 0 && c.Data()+c.Size > end {
			r.Warn(WarnBadChunk, pos, "chunk %q of %d bytes runs past its list", c.ID, c.Size)
			return true
		}
		if !r.End.Fits(c.Data(), c.Size) {
			r.Warn(WarnTruncated, pos, "chunk %q: %d bytes claimed, %d present", c.ID, c.Size, r.End.Size()-c.Data())
			return false
		}
		if !fn(c) {
			return false
		}
		pos = c.Next()
	}
	return true
}
