package embedmeta

import (
	"context"
	"errors"
	"io"
	"runtime"
	"sync"
)

// errTeeDone closes the extraction side of a Tee once the metadata is read.
var errTeeDone = errors.New("embedmeta: metadata read")

// Tee extracts metadata from bytes on their way to somewhere else, typically an upload to
// storage: everything written to the Tee is written to dst unchanged, and the same bytes feed
// an extraction that reads only as far as the metadata reaches. The metadata is ready (Done is
// closed) as soon as the header has passed, not at the end of the file; no second read of the
// file is needed.
//
//	tee := embedmeta.NewTee(ctx, storageWriter)
//	_, err := io.Copy(tee, upload)  // or io.TeeReader(upload, tee)
//	tee.Close()
//	md, err := tee.Metadata()
//
// Write and Close must not be called concurrently with each other. Who closes what: the
// caller closes the Tee (the end of the bytes) and dst (the Tee never does); cancelling ctx,
// or dropping a Tee without Close, ends its extraction and frees what it holds.
type Tee struct{ s *teeState }

// teeState is a Tee's working state. The extraction goroutine refers to it, never to the
// Tee, so that a Tee its caller dropped can be collected, and its cleanup end the goroutine.
type teeState struct {
	dst  io.Writer
	pw   *io.PipeWriter
	done chan struct{}
	once sync.Once
	md   *Metadata
	err  error
}

// errTeeDropped ends the extraction of a Tee that was dropped without Close.
var errTeeDropped = errors.New("embedmeta: Tee dropped without Close")

// NewTee returns a Tee writing to dst. ctx cancels the extraction (not the copy to dst): a
// Tee whose ctx ends stops waiting for bytes even if it is never closed, and its Metadata
// then returns what was read with an error wrapping ErrRead and ctx's error.
//
// The extraction reads the bytes through the same bounded stream as ExtractReader: it keeps
// only what the container walkers use (Limits.MaxRetained), whatever the upload's size.
// Unlike ExtractReader it does not read a JPEG's trailers (Limits.MaxTrailer negative),
// which would make it wait for the end of the upload; set Limits.MaxTrailer to read them.
func NewTee(ctx context.Context, dst io.Writer, opts ...Option) *Tee {
	if ctx == nil {
		ctx = context.Background()
	}
	if o := options(opts); o.Limits.MaxTrailer == 0 {
		o.Limits.MaxTrailer = -1
		opts = []Option{o}
	}
	pr, pw := io.Pipe()
	st := &teeState{dst: dst, pw: pw, done: make(chan struct{})}
	stop := context.AfterFunc(ctx, func() { _ = pr.CloseWithError(ctx.Err()) })
	go func() {
		defer close(st.done)
		defer stop()
		st.md, st.err = ExtractReader(ctx, pr, opts...)
		// Stop feeding the extraction: later writes go to dst only.
		_ = pr.CloseWithError(errTeeDone)
	}()
	t := &Tee{s: st}
	runtime.AddCleanup(t, func(pw *io.PipeWriter) { _ = pw.CloseWithError(errTeeDropped) }, pw)
	return t
}

// Write writes p to dst and, while the extraction still wants bytes, to the extraction.
// Its result is dst's: extraction trouble never fails the copy.
func (t *Tee) Write(p []byte) (int, error) {
	s := t.s
	n, err := s.dst.Write(p)
	if n > 0 {
		select {
		case <-s.done:
		default:
			_, _ = s.pw.Write(p[:n]) // returns errTeeDone once the metadata is read
		}
	}
	return n, err
}

// Close marks the end of the bytes (it does not close dst).
func (t *Tee) Close() error {
	t.s.once.Do(func() { _ = t.s.pw.Close() })
	return nil
}

// Done is closed when the metadata is available.
func (t *Tee) Done() <-chan struct{} { return t.s.done }

// Metadata waits until the metadata is available (the header has passed through, or Close was
// called) and returns it.
func (t *Tee) Metadata() (*Metadata, error) {
	<-t.s.done
	return t.s.md, t.s.err
}
