package scan

import (
	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/exif"
	"github.com/embedmeta/embedmeta/extract/xmp"
)

// Scratch is memory that reading one file after another reuses: the raw entries, the blocks
// their EXIF numbers are carved from and the paths of their XMP entries. A pipeline that keeps a Scratch per worker (or in a
// sync.Pool) allocates nothing for them once the Scratch has grown to its usual files.
// A Scratch is not safe for concurrent use; the zero value is ready to use.
type Scratch struct {
	// InPlace lets the entries' strings be read in place from the payloads (see
	// xmp.Decoder.InPlace) instead of copied: set it only when the payloads' memory stays
	// unmodified for as long as the entries, and what is made from them, are in use.
	InPlace bool

	entries []extract.RawEntry
	exif    exif.Decoder
	xmp     xmp.Decoder
}

// maxScratchEntries bounds the entries a Scratch keeps between files, so that one file
// with a huge number of values does not pin its memory.
const maxScratchEntries = 4096

// decode is the package's decode into s's memory.
func (s *Scratch) decode(p extract.Payloads, j *Job) []extract.RawEntry {
	s.xmp.InPlace = s.InPlace
	s.entries = decode(s.entries[:0], s, p, j)
	return s.entries
}

// Release ends the use of the entries of the last Read: it clears them (so that the pool
// the Scratch waits in keeps no file's strings alive, and so that the XMP decoder finds
// zeroed entries to fill) and keeps their memory for the next Read.
func (s *Scratch) Release() {
	clear(s.entries)
	s.entries = s.entries[:0]
	if cap(s.entries) > maxScratchEntries {
		s.entries = nil
	}
	s.exif.Reset()
	s.xmp.Reset()
}
