package embedmeta

import (
	"io"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/scan"
	"github.com/embedmeta/embedmeta/normalize"
)

// An Extractor reads file after file into memory it keeps from call to call. The Metadata
// a call returns, and every string and list in it, are valid until the next call (or
// Reset), which reuses their memory: a loop that is done with each file's Metadata before
// reading the next (prints it, copies the values it keeps) then allocates little beyond
// what it makes itself, where the package's functions make every result anew. The strings
// are read in place from the buffers the Extractor read the file into (or, for
// ExtractBytes, from the caller's bytes) instead of being copied.
//
// An Extractor is not safe for concurrent use: give each goroutine its own. Use ExtractFile
// and the other package functions for Metadata to keep.
type Extractor struct {
	opts Options
	call call
	sc   scan.Scratch
	out  normalize.Arena
	md   Metadata
	br   extract.BlockReader // the last file's buffers, which its Metadata may refer to
	busy bool                // md, out, sc and br hold the last call's result
}

// NewExtractor returns an Extractor that applies opts to every file.
func NewExtractor(opts ...Option) *Extractor {
	x := &Extractor{opts: options(opts)}
	x.sc.InPlace = true
	return x
}

// ExtractFile is the package's ExtractFile into x's memory: the result is valid until the
// next call on x.
func (x *Extractor) ExtractFile(path string) (*Metadata, error) {
	x.Reset()
	return withFile(path, x.opts, func(f io.ReaderAt, size int64, sidecar *sidecarEntries) (*Metadata, error) {
		x.busy = true
		x.br.Reset(f, size) // its buffers outlive the file: the Metadata may refer to them
		return x.read(&x.br, size, sidecar)
	})
}

// Extract is the package's Extract into x's memory: the result is valid until the next call
// on x. r is read through buffers x keeps (so the reads need not be small or aligned), and
// only during the call.
func (x *Extractor) Extract(r io.ReaderAt, size int64) (*Metadata, error) {
	x.Reset()
	x.busy = true
	x.br.Reset(r, size)
	return x.read(&x.br, size, nil)
}

// ExtractBytes is the package's ExtractBytes into x's memory: the result is valid until the
// next call on x, and it may refer to b, which must stay unmodified as long as the result
// is in use.
func (x *Extractor) ExtractBytes(b []byte) (*Metadata, error) {
	x.Reset()
	x.busy = true
	return x.read(extract.Bytes(b), int64(len(b)), nil)
}

// read reads r into x's Metadata with x's memory.
func (x *Extractor) read(r io.ReaderAt, size int64, sidecar *sidecarEntries) (*Metadata, error) {
	x.call.init(x.opts, &x.sc, &x.out)
	err := x.call.read(&x.md, r, size, sidecar)
	return &x.md, err
}

// Reset ends the use of the last result: its memory goes back to x for the next call, and
// the file buffers it held go back to the pools they came from. Calls do it themselves;
// Reset lets an Extractor that is set aside keep no file's memory busy.
func (x *Extractor) Reset() {
	if !x.busy {
		return
	}
	x.busy = false
	x.md = Metadata{}
	x.sc.Release()
	x.out.Reset()
	_ = x.br.Close()
}
