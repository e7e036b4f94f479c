package normalize

import (
	"strconv"
	"time"

	"github.com/embedmeta/embedmeta/schema"
)

// Scalar is one typed element of a value. Which field is meaningful depends on the Value's
// Kind: Str for schema.String, Int for schema.Integer, Num for schema.Number; for
// schema.Date, Int holds the instant as Unix milliseconds (UTC, D) — read it with Time — and
// OffsetKnown says whether its offset was known.
type Scalar struct {
	Str string
	Int int64
	Num float64
	// OffsetKnown reports, for a date, whether the source carried its UTC offset (EXIF
	// OffsetTime*, an IIM time's ±HHMM, an XMP TZD). When false the local time was taken as
	// UTC (D2), something the JSON form cannot say.
	OffsetKnown bool
}

// Time returns a date item as a UTC instant with millisecond precision.
func (s Scalar) Time() time.Time { return time.UnixMilli(s.Int).UTC() }

// dateItem makes a date item from an instant (D: UTC, milliseconds).
func dateItem(t time.Time, offsetKnown bool) Scalar {
	return Scalar{Int: t.UnixMilli(), OffsetKnown: offsetKnown}
}

// Value is the typed value of one key (spec section 1, T1, T2).
type Value struct {
	Kind  schema.Kind
	Shape schema.Shape
	// List reports whether the value is serialized as an array: always for AlwaysList and
	// FixedVector keys, and for Collapsing keys holding two or more items (L2).
	List  bool
	Items []Scalar // never empty
}

// Field is one member of embeddedMetadata: a key, its value and the source that won (P).
type Field struct {
	Key    string
	Value  Value
	Source schema.Source
	// Tag is the definition the value was typed by: the dictionary's, or for an XMP property
	// the dictionary does not list, one made by the N3 fallback rule (Rule "N3").
	Tag *schema.Tag
}

// String returns a scalar string value, or the first item of a list of strings; for other
// kinds it returns the value's JSON text without quotes for dates.
func (v Value) String() string {
	if len(v.Items) == 0 {
		return ""
	}
	return v.Items[0].text(v.Kind)
}

// Strings returns every item as a string (T2: a collapsing-list key that holds one value is
// returned as a one-element slice).
func (v Value) Strings() []string {
	out := make([]string, len(v.Items))
	for i, it := range v.Items {
		out[i] = it.text(v.Kind)
	}
	return out
}

// Int returns the first item as an integer; ok is false unless the kind is Integer.
func (v Value) Int() (int64, bool) {
	if v.Kind != schema.Integer || len(v.Items) == 0 {
		return 0, false
	}
	return v.Items[0].Int, true
}

// Float returns the first item as a float64 for Number and Integer kinds.
func (v Value) Float() (float64, bool) {
	if len(v.Items) == 0 {
		return 0, false
	}
	switch v.Kind {
	case schema.Number:
		return v.Items[0].Num, true
	case schema.Integer:
		return float64(v.Items[0].Int), true
	}
	return 0, false
}

// Time returns the first item of a Date value and whether its UTC offset was known.
func (v Value) Time() (t time.Time, offsetKnown, ok bool) {
	if v.Kind != schema.Date || len(v.Items) == 0 {
		return time.Time{}, false, false
	}
	return v.Items[0].Time(), v.Items[0].OffsetKnown, true
}

// TypeName returns the key's type as `*.types.json` writes it: "string", "number[]", ...
func (v Value) TypeName() string {
	s := v.Kind.String()
	if v.List {
		s += "[]"
	}
	return s
}

func (s Scalar) text(k schema.Kind) string {
	switch k {
	case schema.Integer:
		return strconv.FormatInt(s.Int, 10)
	case schema.Number:
		return string(appendNumber(nil, s.Num))
	case schema.Date:
		return string(appendDate(nil, s.Time()))
	}
	return s.Str
}
