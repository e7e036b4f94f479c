package embedmeta

import (
	"context"
	"errors"
	"io"
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
// Write and Close must not be called concurrently with each other.
type Tee struct {
	dst  io.Writer
	pw   *io.PipeWriter
	done chan struct{}
	once sync.Once
	md   *Metadata
	err  error
}

// NewTee returns a Tee writing to dst. ctx cancels the extraction (not the copy to dst): a
// Tee whose ctx ends stops waiting for bytes even if it is never closed, and its Metadata
// then returns what was read with an error wrapping ErrRead and ctx's error.
//
// The extraction reads the bytes through the same bounded stream as ExtractReader: it keeps
// only what the container walkers use (Limits.MaxRetained), whatever the upload's size.
func NewTee(ctx context.Context, dst io.Writer, opts ...Option) *Tee {
	if ctx == nil {
		ctx = context.Background()
	}
	pr, pw := io.Pipe()
	t := &Tee{dst: dst, pw: pw, done: make(chan struct{})}
	stop := context.AfterFunc(ctx, func() { _ = pr.CloseWithError(ctx.Err()) })
	go func() {
		defer close(t.done)
		defer stop()
		t.md, t.err = ExtractReader(ctx, pr, opts...)
		// Stop feeding the extraction: later writes go to dst only.
		_ = pr.CloseWithError(errTeeDone)
	}()
	return t
}

// Write writes p to dst and, while the extraction still wants bytes, to the extraction.
// Its result is dst's: extraction trouble never fails the copy.
func (t *Tee) Write(p []byte) (int, error) {
	n, err := t.dst.Write(p)
	if n > 0 {
		select {
		case <-t.done:
		default:
			_, _ = t.pw.Write(p[:n]) // returns errTeeDone once the metadata is read
		}
	}
	return n, err
}

// Close marks the end of the bytes (it does not close dst).
func (t *Tee) Close() error {
	t.once.Do(func() { _ = t.pw.Close() })
	return nil
}

// Done is closed when the metadata is available.
func (t *Tee) Done() <-chan struct{} { return t.done }

// Metadata waits until the metadata is available (the header has passed through, or Close was
// called) and returns it.
func (t *Tee) Metadata() (*Metadata, error) {
	<-t.done
	return t.md, t.err
}
