package extract

import "io"

// Budget reads the bytes of a file for a container walker: only bytes that exist, never more
// than Max in all (Limits.MaxTotalRead), in-memory input sliced rather than copied
// (ReadSlice: never write to what Read returns). The first read refused for the budget adds
// one warning with Code to WS.
type Budget struct {
	R       io.ReaderAt
	End     End   // where the input ends (EndOf(R, size))
	Max     int64 // most bytes read in all
	WS      *Warnings
	Code    string // warning code for the spent budget, e.g. "png.read-limit"
	Total   int64  // bytes read so far
	Limited bool   // a read was refused for the budget
}

// Read returns n bytes at off, or false when they do not exist or the budget is spent.
func (b *Budget) Read(off, n int64) ([]byte, bool) {
	if !b.End.Fits(off, n) {
		return nil, false
	}
	if n > b.Max-b.Total {
		if !b.Limited {
			b.Limited = true
			b.WS.Add(b.Code, 0, off, "read limit of %d bytes reached", b.Max)
		}
		return nil, false
	}
	buf, ok := ReadSlice(b.R, off, n)
	if ok {
		b.Total += n
	}
	return buf, ok
}
