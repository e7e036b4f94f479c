package jxl

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/embedmeta/embedmeta/extract/jxl/internal/brotli"
)

// errTooLarge reports Brotli output beyond the allowed size.
var errTooLarge = errors.New("decompressed data exceeds the limit")

// unbrotli decompresses comp (RFC 7932) into at most max bytes. It is the one adapter around
// the Brotli decoder: a panic in it becomes an error.
func unbrotli(comp []byte, max int64) (out []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, fmt.Errorf("brotli decoder failed: %v", p)
		}
	}()
	out, err = io.ReadAll(io.LimitReader(brotli.NewReader(bytes.NewReader(comp)), max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(out)) > max {
		return nil, errTooLarge
	}
	return out, nil
}
