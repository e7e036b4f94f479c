package embedmeta

import "errors"

// ErrRead is wrapped by the error ExtractReader (and a Tee) returns when reading the stream
// failed (an error other than io.EOF from the reader) before its metadata was read: the
// error wraps both ErrRead and the reader's own error, so that errors.Is(err,
// os.ErrDeadlineExceeded) or errors.As(err, &maxBytesErr) still see the cause. The Metadata
// returned beside it holds what was read before the failure.
var ErrRead = errors.New("embedmeta: reading the stream failed")

// ReadStats reports what one extraction cost in bytes. Pass a pointer with WithStats; the
// call fills it in before it returns.
type ReadStats struct {
	// Consumed is how many bytes were read from the input: for a stream, every byte read
	// from it, kept or skipped; for a file, the bytes the walkers read.
	Consumed int64
	// Retained is the most bytes of a stream held in memory at once to answer the walkers
	// (Limits.MaxRetained bounds it); 0 for inputs read in place.
	Retained int64
}

// WithStats makes the call fill in st (see ReadStats).
func WithStats(st *ReadStats) Option { return optionFunc(func(o *Options) { o.Stats = st }) }
