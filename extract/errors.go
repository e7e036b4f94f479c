package extract

import (
	"errors"
	"fmt"

	"github.com/embedmeta/embedmeta/schema"
)

// Sentinel errors; compare with errors.Is.
var (
	// ErrUnsupportedFormat reports a file whose container is not recognised by its content.
	ErrUnsupportedFormat = errors.New("embedmeta: unsupported container")
	// ErrLimit reports input that exceeds one of the Limits.
	ErrLimit = errors.New("embedmeta: limit exceeded")
)

// FormatError reports structurally invalid input in one container or payload.
type FormatError struct {
	Format string // "jpeg", "tiff", "iptc", "xmp", "irb", ...
	Offset int64  // byte offset in the file where the problem was seen, -1 when unknown
	Msg    string
	Err    error // an underlying error, e.g. a recovered library failure; may be nil
}

// Error implements error.
func (e *FormatError) Error() string {
	s := e.Format + ": " + e.Msg
	if e.Offset >= 0 {
		s = fmt.Sprintf("%s (offset %d)", s, e.Offset)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the underlying error.
func (e *FormatError) Unwrap() error { return e.Err }

// Warning is recoverable trouble met while reading: the payload or part of it was skipped
// or repaired and reading went on. Code is stable and meant for programs; Msg is for people.
type Warning struct {
	Code   string        `json:"code"`             // stable identifier, e.g. "exif.count-out-of-range", "iptc.trailing-bytes"
	Source schema.Source `json:"source,omitempty"` // the payload concerned; 0 for the container
	Offset int64         `json:"offset"`           // byte offset in the file, -1 when unknown
	Msg    string        `json:"message"`
}

// String renders the warning for people: "code at offset N: msg".
func (w Warning) String() string {
	if w.Offset >= 0 {
		return fmt.Sprintf("%s at offset %d: %s", w.Code, w.Offset, w.Msg)
	}
	return w.Code + ": " + w.Msg
}

// Warnings collects warnings up to a bound, merging none but counting what it drops.
type Warnings struct {
	List    []Warning
	Max     int // 0 means DefaultLimits().MaxWarnings
	Dropped int
}

// Append records w unless the bound is reached.
func (ws *Warnings) Append(w Warning) {
	if ws.full() {
		return
	}
	ws.List = append(ws.List, w)
}

// Add records a warning unless the bound is reached (and then formats nothing).
func (ws *Warnings) Add(code string, src schema.Source, off int64, format string, args ...any) {
	if ws.full() {
		return
	}
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	ws.List = append(ws.List, Warning{Code: code, Source: src, Offset: off, Msg: msg})
}

// full reports whether ws holds its bound of warnings, counting the one about to be
// dropped.
func (ws *Warnings) full() bool {
	max := ws.Max
	if max == 0 {
		max = DefaultLimits().MaxWarnings
	}
	if len(ws.List) >= max {
		ws.Dropped++
		return true
	}
	return false
}
