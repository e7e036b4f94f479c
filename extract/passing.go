package extract

import "io"

// ReadPassing fills b with the bytes of r at off and reports whether all of them were read,
// for a walker that scans its input forward and keeps what it needs itself (PostScript
// text, read to its end). On a Stream the bytes are read on to and copied out of its window
// without being kept (see Stream.ReadPassing): scanning a stream of any length holds the
// window only. Other inputs are read with ReadAt (ReadFull).
func ReadPassing(r io.ReaderAt, b []byte, off int64) bool {
	if s, ok := r.(*Stream); ok {
		return s.ReadPassing(b, off)
	}
	return ReadFull(r, b, off)
}

// ReadPassing copies into b the bytes at off, reading the stream on to their end first, and
// reports whether all of them were there. Unlike ReadAt it keeps nothing: the bytes come from
// the ranges already kept or from the window of the last bytes passed, so a caller reads
// each piece soon after the stream has passed it (within the window, 64 KiB).
func (s *Stream) ReadPassing(b []byte, off int64) bool {
	if off < 0 {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if end := off + int64(len(b)); end > s.pos {
		s.passTo(end)
	}
	return s.copyOut(b, off) == len(b)
}
