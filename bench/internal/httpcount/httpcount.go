// Package httpcount counts what the benchmarks' HTTP servers send: the bytes of response
// bodies, as a client would have to download them.
package httpcount

import (
	"net/http"
	"sync/atomic"
)

// Writer is an http.ResponseWriter that adds the body bytes written through it to N.
type Writer struct {
	http.ResponseWriter
	N *atomic.Int64
}

// Write writes p and counts the bytes written.
func (w Writer) Write(p []byte) (int, error) {
	n, err := w.ResponseWriter.Write(p)
	w.N.Add(int64(n))
	return n, err
}
