package ps

import (
	"bytes"
	"io"
	"math"

	"github.com/embedmeta/embedmeta/extract"
)

// Reading bounds of the line reader.
const (
	chunk   = 4 << 10  // bytes read at a time (at most the lookahead within which a stream answers End.Has exactly)
	maxLine = 16 << 10 // longer lines are handed out in parts of this size
	step    = 4 << 10  // the stride of a skip, within which a stream answers End.Has exactly
)

// piece is one line of the PostScript text as ExifTool's reader cuts it (see lines.next).
type piece struct {
	off     int64
	b       []byte // the bytes, terminator included; valid until the next call of next
	start   bool   // b starts a line (false: a further part of an overlong line)
	done    bool   // b ends its line
	pending bool   // more lines of the same record follow (ExifTool's non-empty @lines)
}

// lines reads the text forward in chunks into a buffer of its own, never holding more than
// maxLine+chunk bytes: a PostScript file (a Photoshop EPS carries its whole raster as text)
// is read to its end without being kept.
//
// A line ends as ExifTool's reader ends it: at the record separator sep ("\r" when the
// file's first line break is a lone CR, "\n" otherwise) or at the other break character
// alt, except that alt directly before sep, when it is the record's only alt, stays with its
// record (a DOS "\r\n" line break in a "\n" file).
type lines struct {
	r     io.ReaderAt
	end   extract.End
	stop  int64  // where the text ends (the DOS header's PostScript section), or MaxInt64
	buf   []byte // unread bytes are buf[i:]; buf[0] is at off
	i     int
	off   int64
	next  int64 // where the next chunk starts
	eof   bool
	sep   byte
	alt   byte
	split bool // inside a record whose alt characters cut it into lines
	cont  bool // the next piece continues an overlong line

	total, max int64 // bytes read, and the most that may be (Limits.MaxTotalRead)
	limited    bool  // reading stopped at max
}

func newLines(r io.ReaderAt, end extract.End, from, stop, max int64) *lines {
	return &lines{r: r, end: end, stop: stop, off: from, next: from, max: max, buf: make([]byte, 0, maxLine+chunk), sep: '\n', alt: '\r'}
}

// fill reads the next chunk onto the buffer and reports whether it read any. It asks End
// about the chunk first, within a few KiB of what was read before (which a stream answers
// exactly), and reads it with extract.ReadPassing: a stream is not made to keep the text.
func (l *lines) fill() bool {
	if l.eof {
		return false
	}
	if l.i > 0 {
		n := copy(l.buf, l.buf[l.i:])
		l.buf = l.buf[:n]
		l.off += int64(l.i)
		l.i = 0
	}
	want := int64(min(chunk, cap(l.buf)-len(l.buf)))
	if want == 0 {
		return false // the buffer is full
	}
	want = min(want, l.stop-l.next)
	if l.total+want > l.max {
		want = l.max - l.total
		l.limited = true
	}
	n := l.end.Avail(l.next, want)
	if n <= 0 {
		l.eof = true
		return false
	}
	b := l.buf[len(l.buf) : len(l.buf)+int(n)]
	if !extract.ReadPassing(l.r, b, l.next) {
		l.eof = true
		return false
	}
	l.buf = l.buf[:len(l.buf)+int(n)]
	l.next += n
	l.total += n
	if n < want {
		l.eof = true
	}
	return true
}

// skip passes the n bytes after what was read (ExifTool's %%BeginBinary) and drops what the
// buffer holds; false when the text ends first.
func (l *lines) skip(n int64) bool {
	target := l.off + int64(l.i)
	if n > math.MaxInt64-target {
		target = math.MaxInt64
	} else {
		target += n
	}
	l.buf, l.i = l.buf[:0], 0
	if target >= l.stop {
		l.off, l.next, l.eof = l.stop, l.stop, true
		return false
	}
	if target < l.next { // within the bytes read: read them again from there
		l.off, l.next, l.eof = target, target, false
		return true
	}
	for at := l.next; at < target; {
		s := min(target-at, step)
		if !l.end.Has(at + s) {
			l.off, l.next, l.eof = at, at, true
			return false
		}
		at += s
	}
	l.off, l.next = target, target
	return true
}

// seekTo starts reading at off, passing what comes before (a stream through its window).
func (l *lines) seekTo(off int64) bool {
	l.off, l.next = 0, 0
	return l.skip(off)
}

// peek returns up to n bytes ahead without consuming them.
func (l *lines) peek(n int) []byte {
	for len(l.buf)-l.i < n && l.fill() {
	}
	return l.buf[l.i:min(len(l.buf), l.i+n)]
}

// nextPiece returns the next line, or false at the end of the text.
func (l *lines) nextPiece() (piece, bool) {
	scanned := 0
	for {
		rest := l.buf[l.i:]
		if j := indexBreak(rest[scanned:]); j >= 0 {
			j += scanned
			c := rest[j]
			if c == l.alt && !l.split {
				if j+1 == len(rest) && !l.eof && l.fill() {
					scanned = j
					continue
				}
				rest = l.buf[l.i:]
				if j+1 < len(rest) && rest[j+1] == l.sep {
					return l.take(j+2, false), true
				}
				l.split = true
				return l.take(j+1, true), true
			}
			if c == l.alt {
				return l.take(j+1, true), true
			}
			l.split = false
			return l.take(j+1, false), true
		}
		scanned = len(rest)
		if len(rest) >= maxLine {
			p := l.take(maxLine, false)
			p.done, l.cont = false, true
			return p, true
		}
		if !l.fill() {
			if len(l.buf)-l.i == 0 {
				return piece{}, false
			}
			l.split = false
			return l.take(len(l.buf)-l.i, false), true
		}
	}
}

// take consumes the next n bytes as a line.
func (l *lines) take(n int, pending bool) piece {
	p := piece{off: l.off + int64(l.i), b: l.buf[l.i : l.i+n], start: !l.cont, done: true, pending: pending}
	l.i += n
	l.cont = false
	return p
}

// indexBreak returns the index of the first CR or LF in b, or -1.
func indexBreak(b []byte) int {
	for i, c := range b {
		if c == '\r' || c == '\n' {
			return i
		}
	}
	return -1
}

// trimBreaks returns b without its trailing line-break characters.
func trimBreaks(b []byte) []byte {
	return bytes.TrimRight(b, "\r\n")
}
