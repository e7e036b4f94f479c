package exif

import (
	"math"
	"unsafe"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/schema"
)

// emit decodes the value of an accepted field and appends its raw entry.
func (t *walk) emit(f field) {
	raw := f.inline
	if raw == nil {
		raw = t.src.at(f.at, uint64(f.size)) // the walk checked these bounds
	}
	if raw == nil {
		t.budget(f.entry)
		return
	}
	t.out = append(t.out, extract.RawEntry{
		Source: schema.SourceEXIF, Dir: f.dir, ID: f.id, Type: f.format, Count: f.count,
		BigEndian: t.big, Offset: t.base + int64(f.at),
	})
	t.direct(&t.out[len(t.out)-1], raw, f.count)
}

// values carves the value slices of one walk's entries from a few shared blocks, so that a
// payload costs a handful of allocations instead of one per value. Each slice is capped at
// its length: appending to one never writes into another.
type values struct {
	ints   []int64
	rats   []extract.Rational
	floats []float64
}

// carve returns n elements from the free end of *block, starting a new block (at least
// 512 bytes' worth, and at least twice the last) when it is short.
func carve[T any](block *[]T, n int) []T {
	if *block == nil || cap(*block)-len(*block) < n {
		var zero T
		*block = make([]T, 0, max(512/max(int(unsafe.Sizeof(zero)), 1), 2*cap(*block), n))
	}
	b := *block
	*block = b[:len(b)+n]
	return b[len(b) : len(b)+n : len(b)+n]
}

// direct decodes raw (count values of e.typ, bounds already checked by the walk) into
// slices carved from t.vals. ASCII, UTF-8 and UNDEFINED values are raw itself, capped at
// its length: a sub-slice of the payload for a blob (its largest values, maker notes of
// several kilobytes, are never copied), a buffer of its own for a reader. (go-exif's value
// parser, which this replaced, allocated twice per value and needed a panic guard per call;
// it remains the oracle of TestValuesMatchGoExif.)
func (t *walk) direct(e *extract.RawEntry, raw []byte, count uint32) {
	n := int(count)
	if t.vals == nil {
		t.vals = new(values)
	}
	switch e.Type {
	case schema.TypeASCII, schema.TypeUndefined, schema.TypeUTF8:
		e.Bytes = raw[:len(raw):len(raw)]
	case schema.TypeByte, schema.TypeSByte:
		e.Ints = t.ints(raw, n, 1, e.Type == schema.TypeSByte)
	case schema.TypeShort, schema.TypeSShort:
		e.Ints = t.ints(raw, n, 2, e.Type == schema.TypeSShort)
	case schema.TypeLong, schema.TypeIFD, schema.TypeSLong:
		e.Ints = t.ints(raw, n, 4, e.Type == schema.TypeSLong)
	case schema.TypeLong8, schema.TypeSLong8, schema.TypeIFD8:
		e.Ints = carve(&t.vals.ints, n)
		for i := range n {
			v := t.bo.Uint64(raw[8*i:])
			if e.Type == schema.TypeLong8 && v > math.MaxInt64 {
				v = math.MaxInt64 // LONG8 above 2^63 saturates; no real tag holds one
			}
			e.Ints[i] = int64(v)
		}
	case schema.TypeRational, schema.TypeSRational:
		e.Rats = carve(&t.vals.rats, n)
		for i := range n {
			a, b := t.bo.Uint32(raw[8*i:]), t.bo.Uint32(raw[8*i+4:])
			if e.Type == schema.TypeSRational {
				e.Rats[i] = extract.Rational{Num: int64(int32(a)), Den: int64(int32(b))}
			} else {
				e.Rats[i] = extract.Rational{Num: int64(a), Den: int64(b)}
			}
		}
	case schema.TypeFloat:
		e.Floats = carve(&t.vals.floats, n)
		for i := range n {
			e.Floats[i] = float64(math.Float32frombits(t.bo.Uint32(raw[4*i:])))
		}
	case schema.TypeDouble:
		e.Floats = carve(&t.vals.floats, n)
		for i := range n {
			e.Floats[i] = math.Float64frombits(t.bo.Uint64(raw[8*i:]))
		}
	}
}

// ints decodes n integers of size bytes each (1, 2 or 4) from raw in the walk's byte order,
// sign-extending them when signed, into a slice carved from t.vals.
func (t *walk) ints(raw []byte, n, size int, signed bool) []int64 {
	out := carve(&t.vals.ints, n)
	shift := 64 - 8*size
	for i := range out {
		var v uint64
		switch size {
		case 1:
			v = uint64(raw[i])
		case 2:
			v = uint64(t.bo.Uint16(raw[2*i:]))
		default:
			v = uint64(t.bo.Uint32(raw[4*i:]))
		}
		if signed {
			out[i] = int64(v<<shift) >> shift
		} else {
			out[i] = int64(v)
		}
	}
	return out
}
