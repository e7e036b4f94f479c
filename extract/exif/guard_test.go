package exif

import (
	"fmt"

	"github.com/embedmeta/embedmeta/extract"
)

// guard runs one call into go-exif and turns any panic, whatever its value, into an error.
// go-exif uses panics for control flow and its own recover asserts state.(error), so a
// non-error panic value would otherwise escape (notes/dependencies.md).
func guard(call func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(error)
			if !ok {
				e = fmt.Errorf("%v", r)
			}
			err = &extract.FormatError{Format: "exif", Offset: -1, Msg: "go-exif failed", Err: e}
		}
	}()
	return call()
}
