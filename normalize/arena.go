package normalize

import "github.com/embedmeta/embedmeta/extract"

// Arena is memory for the output of normalization that a caller reuses from file to file:
// NormalizeIn makes the fields, their items and their text in it, and Reset hands that
// memory back. Output made in an Arena is valid until its next Reset; after that its
// strings may read other text and its fields other values. The zero value is ready to use;
// an Arena is not safe for concurrent use.
type Arena struct {
	fields []Field
	items  []Scalar
	text   []byte
}

// Bounds of what an Arena keeps between files, so that one file with a huge number of
// values does not pin its memory.
const (
	maxArenaFields = 1 << 12
	maxArenaItems  = 1 << 14
	maxArenaText   = 1 << 20
)

// Reset ends the use of everything made in a so far and keeps its memory for the next
// calls. It drops the references the memory holds, so that an idle Arena keeps no file's
// strings alive.
func (a *Arena) Reset() {
	clear(a.fields)
	clear(a.items)
	a.fields, a.items, a.text = a.fields[:0], a.items[:0], a.text[:0]
	if cap(a.fields) > maxArenaFields {
		a.fields = nil
	}
	if cap(a.items) > maxArenaItems {
		a.items = nil
	}
	if cap(a.text) > maxArenaText {
		a.text = nil
	}
}

// NormalizeIn is NormalizeWith making its output in a instead of new memory: a loop that
// normalizes file after file, and is done with each output before the next Reset, then
// allocates almost nothing for outputs. Unlike NormalizeWith's, the output may refer to
// the entries' memory (XMP values are not copied): it is valid until a.Reset and while
// that memory is unchanged. A nil a makes the output in new memory, as NormalizeWith does.
func NormalizeIn(a *Arena, entries []extract.RawEntry, ws *extract.Warnings, opts Options) []Field {
	return normalize(a, entries, ws, opts)
}

// takeItems returns n zeroed items of a's memory (or of new memory when a is nil).
func (a *Arena) takeItems(n int) []Scalar {
	if a == nil {
		return make([]Scalar, n)
	}
	if cap(a.items)-len(a.items) < n {
		a.items = make([]Scalar, 0, max(2*cap(a.items), n, 64))
	}
	start := len(a.items)
	a.items = a.items[:start+n]
	return a.items[start : start+n : start+n]
}

// takeFields returns an empty slice of a's memory (or new memory when a is nil) with room
// for n fields; fields appended past n go to new memory.
func (a *Arena) takeFields(n int) []Field {
	if a == nil {
		return make([]Field, 0, n)
	}
	if cap(a.fields)-len(a.fields) < n {
		a.fields = make([]Field, 0, max(2*cap(a.fields), n, 64))
	}
	start := len(a.fields)
	a.fields = a.fields[:start+n]
	return a.fields[start : start : start+n]
}
