package extract

import (
	"io"
	"math"
)

// Ender is implemented by an input whose end is learned by reading it: a Stream. A file's
// size is known before it is read; a stream's only once it has ended.
type Ender interface {
	// Has reports whether the input holds at least n bytes. Before the stream's end is
	// known the answer may be provisional (see Stream.Has).
	Has(n int64) bool
	// Size returns the number of bytes of the input, reading it to its end if needed.
	Size() int64
}

// End tells a container walker where its input ends. For a file it is the size it was
// given; for a stream (an Ender) it asks the stream, which reads only as far as a question
// needs. Walkers ask End instead of comparing offsets with a size, so that one walker serves
// files and streams and a short stream is reported exactly as a short file is.
type End struct {
	n int64 // the size, when e is nil
	e Ender
}

// EndOf returns the End of the size bytes behind r: r's own when r is an Ender (size is then
// ignored), else size.
func EndOf(r io.ReaderAt, size int64) End {
	if e, ok := r.(Ender); ok {
		return End{e: e}
	}
	return End{n: max(size, 0)}
}

// SizeEnd returns the End of an input of n bytes.
func SizeEnd(n int64) End { return End{n: max(n, 0)} }

// Has reports whether the input holds at least n bytes.
func (e End) Has(n int64) bool {
	if e.e != nil {
		return e.e.Has(n)
	}
	return n <= e.n
}

// Fits reports whether the n bytes at off exist (false for negative or overflowing ranges).
func (e End) Fits(off, n int64) bool {
	if off < 0 || n < 0 || off > math.MaxInt64-n {
		return false
	}
	return e.Has(off + n)
}

// Size returns the input's size. A stream is read to its end first: walkers call it only
// where the exact size is the answer (a box that extends "to the end of the file"), or after
// a failed read, when the end is known anyway.
func (e End) Size() int64 {
	if e.e != nil {
		return e.e.Size()
	}
	return e.n
}

// Known returns the size when it is known without reading further: always for a file, for a
// stream once it has ended.
func (e End) Known() (int64, bool) {
	if e.e == nil {
		return e.n, true
	}
	if k, ok := e.e.(interface{ Known() (int64, bool) }); ok {
		return k.Known()
	}
	return e.e.Size(), true
}

// Clamp returns min(n, size) when the size is known, else n: the end of a region that may
// not run past the input, for a stream whose end is still ahead.
func (e End) Clamp(n int64) int64 {
	if s, ok := e.Known(); ok {
		return min(n, s)
	}
	return n
}

// Avail returns how many of the n bytes at off exist (0 when off is past the end).
func (e End) Avail(off, n int64) int64 {
	if n <= 0 || off < 0 {
		return 0
	}
	if e.Fits(off, n) {
		return n
	}
	return max(0, min(n, e.Size()-off))
}
