package exif

import (
	"bytes"
	"math"

	exifcommon "github.com/dsoprea/go-exif/v3/common"

	"github.com/embedmeta/embedmeta/extract"
)

// parser is go-exif's stateless value parser.
var parser exifcommon.Parser

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
	e := extract.RawEntry{
		Source: extract.SourceEXIF, Dir: f.dir, ID: f.id, Format: f.format, Count: f.count,
		BigEndian: t.big, Offset: t.base + int64(f.at),
	}
	if err := t.decode(&e, raw, f.count); err != nil {
		t.warn(WarnDecoder, f.entry, "%s tag 0x%04X: %v; decoded directly", f.dir, f.id, err)
		e.Ints, e.Rats, e.Floats, e.Bytes = nil, nil, nil, nil
		t.direct(&e, raw, f.count)
	}
	t.out = append(t.out, e)
}

// decode fills the value of e from raw through go-exif's parser for the types it knows, and
// directly for the others (SBYTE, SSHORT, IFD, the BigTIFF types) and for the byte types,
// which are kept as stored.
func (t *walk) decode(e *extract.RawEntry, raw []byte, count uint32) error {
	return guard(func() error {
		switch e.Format {
		case extract.FormatByte:
			v, err := parser.ParseBytes(raw, count)
			e.Ints = widen(v, err)
			return err
		case extract.FormatShort:
			v, err := parser.ParseShorts(raw, count, t.bo)
			e.Ints = widen(v, err)
			return err
		case extract.FormatLong:
			v, err := parser.ParseLongs(raw, count, t.bo)
			e.Ints = widen(v, err)
			return err
		case extract.FormatSLong:
			v, err := parser.ParseSignedLongs(raw, count, t.bo)
			e.Ints = widen(v, err)
			return err
		case extract.FormatRational:
			v, err := parser.ParseRationals(raw, count, t.bo)
			if err == nil {
				e.Rats = make([]extract.Rational, len(v))
				for i, r := range v {
					e.Rats[i] = extract.Rational{Num: int64(r.Numerator), Den: int64(r.Denominator)}
				}
			}
			return err
		case extract.FormatSRational:
			v, err := parser.ParseSignedRationals(raw, count, t.bo)
			if err == nil {
				e.Rats = make([]extract.Rational, len(v))
				for i, r := range v {
					e.Rats[i] = extract.Rational{Num: int64(r.Numerator), Den: int64(r.Denominator)}
				}
			}
			return err
		case extract.FormatFloat:
			v, err := parser.ParseFloats(raw, count, t.bo)
			if err == nil {
				e.Floats = make([]float64, len(v))
				for i, x := range v {
					e.Floats[i] = float64(x)
				}
			}
			return err
		case extract.FormatDouble:
			v, err := parser.ParseDoubles(raw, count, t.bo)
			e.Floats = v
			return err
		}
		t.direct(e, raw, count)
		return nil
	})
}

// widen converts go-exif's integer slices to int64.
func widen[T uint8 | uint16 | uint32 | int32](v []T, err error) []int64 {
	if err != nil {
		return nil
	}
	out := make([]int64, len(v))
	for i, x := range v {
		out[i] = int64(x)
	}
	return out
}

// direct decodes raw (count values of e.Format, bounds already checked) without go-exif.
func (t *walk) direct(e *extract.RawEntry, raw []byte, count uint32) {
	n := int(count)
	switch e.Format {
	case extract.FormatASCII, extract.FormatUndefined, extract.FormatUTF8:
		e.Bytes = bytes.Clone(raw)
		if e.Bytes == nil {
			e.Bytes = []byte{}
		}
	case extract.FormatByte, extract.FormatSByte:
		e.Ints = make([]int64, n)
		for i := range n {
			if e.Format == extract.FormatSByte {
				e.Ints[i] = int64(int8(raw[i]))
			} else {
				e.Ints[i] = int64(raw[i])
			}
		}
	case extract.FormatShort, extract.FormatSShort:
		e.Ints = make([]int64, n)
		for i := range n {
			v := t.bo.Uint16(raw[2*i:])
			if e.Format == extract.FormatSShort {
				e.Ints[i] = int64(int16(v))
			} else {
				e.Ints[i] = int64(v)
			}
		}
	case extract.FormatLong, extract.FormatIFD, extract.FormatSLong:
		e.Ints = make([]int64, n)
		for i := range n {
			v := t.bo.Uint32(raw[4*i:])
			if e.Format == extract.FormatSLong {
				e.Ints[i] = int64(int32(v))
			} else {
				e.Ints[i] = int64(v)
			}
		}
	case extract.FormatLong8, extract.FormatSLong8, extract.FormatIFD8:
		e.Ints = make([]int64, n)
		for i := range n {
			v := t.bo.Uint64(raw[8*i:])
			if e.Format == extract.FormatLong8 && v > math.MaxInt64 {
				v = math.MaxInt64 // LONG8 above 2^63 saturates; no real tag holds one
			}
			e.Ints[i] = int64(v)
		}
	case extract.FormatRational, extract.FormatSRational:
		e.Rats = make([]extract.Rational, n)
		for i := range n {
			a, b := t.bo.Uint32(raw[8*i:]), t.bo.Uint32(raw[8*i+4:])
			if e.Format == extract.FormatSRational {
				e.Rats[i] = extract.Rational{Num: int64(int32(a)), Den: int64(int32(b))}
			} else {
				e.Rats[i] = extract.Rational{Num: int64(a), Den: int64(b)}
			}
		}
	case extract.FormatFloat:
		e.Floats = make([]float64, n)
		for i := range n {
			e.Floats[i] = float64(math.Float32frombits(t.bo.Uint32(raw[4*i:])))
		}
	case extract.FormatDouble:
		e.Floats = make([]float64, n)
		for i := range n {
			e.Floats[i] = math.Float64frombits(t.bo.Uint64(raw[8*i:]))
		}
	}
}
