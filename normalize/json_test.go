package normalize

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand"
	"strconv"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/schema"
)

func TestJ1_CompactObjectInOrder(t *testing.T) {
	fields := []Field{
		{Key: "b", Value: Value{Kind: schema.String, Items: []Scalar{{Str: "x"}}}},
		{Key: "a", Value: Value{Kind: schema.Integer, Items: []Scalar{{Int: 4}}}},
	}
	assert.Equal(t, `{"b":"x","a":4}`, string(AppendJSON(nil, fields)))
	assert.Equal(t, `{}`, string(AppendJSON(nil, nil)))
}

func TestJ2_Dates(t *testing.T) {
	tests := []struct {
		t    time.Time
		want string
	}{
		{time.Date(2019, 10, 16, 19, 1, 3, 0, time.UTC), `"2019-10-16T19:01:03.000Z"`},
		{time.Date(2019, 10, 16, 19, 1, 3, 123456789, time.FixedZone("x", 3600)), `"2019-10-16T18:01:03.123Z"`},
		{time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), `"+010000-01-01T00:00:00.000Z"`},
	}
	for _, tc := range tests {
		got := appendScalar(nil, schema.Date, dateItem(tc.t, true))
		assert.Equal(t, tc.want, string(got))
	}
	// The digit-by-digit writer agrees with time's own formatting over years 0 to 9999.
	rng := rand.New(rand.NewSource(7))
	lo, hi := time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli(), time.Date(9999, 12, 31, 23, 59, 59, 999e6, time.UTC).UnixMilli()
	for range 20000 {
		tm := time.UnixMilli(lo + rng.Int63n(hi-lo+1)).UTC()
		require.Equal(t, tm.Format("2006-01-02T15:04:05.000Z"), string(appendDate(nil, tm)), "%d", tm.UnixMilli())
	}
}

func TestJ3_NumbersLikeECMAScript(t *testing.T) {
	tests := []struct {
		f    float64
		want string
	}{
		{72, "72"}, {1, "1"}, {0.005, "0.005"}, {123456782019.1, "123456782019.1"}, {1e-7, "1e-7"},
		{1.5e21, "1.5e+21"}, {1e21, "1e+21"}, {0.000001, "0.000001"}, {-2.5, "-2.5"}, {0, "0"},
		{4438.356164383562, "4438.356164383562"}, {1e20, "100000000000000000000"},
		{math.Copysign(0, -1), "0"}, {-300, "-300"}, {999999999999999, "999999999999999"}, {1e15, "1000000000000000"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			assert.Equal(t, tc.want, string(appendNumber(nil, tc.f)))
		})
	}
	assert.Equal(t, "0", string(appendNumber(nil, math.NaN())))
	// The integral fast path writes what the shortest representation would.
	rng := rand.New(rand.NewSource(3))
	for range 20000 {
		f := math.Trunc((rng.Float64()*2 - 1) * math.Pow(10, float64(rng.Intn(16))))
		if f == 0 {
			continue
		}
		require.Equal(t, strconv.FormatFloat(f, 'f', -1, 64), string(appendNumber(nil, f)), "%v", f)
	}
}

func TestJ4_StringEscapes(t *testing.T) {
	in := "a\"b\\c/<>&\u2028\u2029\b\t\n\f\r\x01\x1f é"
	want := `"a\"b\\c/<>&` + "\u2028\u2029" + `\b\t\n\f\r\u0001\u001f é"`
	got := string(AppendString(nil, in))
	assert.Equal(t, want, got)
	var back string
	assert.NoError(t, json.Unmarshal([]byte(got), &back))
	assert.Equal(t, in, back)
	assert.Equal(t, "\"a\uFFFDb\"", string(AppendString(nil, "a\xffb")))
}

func TestJ5_Arrays(t *testing.T) {
	v := Value{Kind: schema.Number, List: true, Items: []Scalar{{Num: 0.31}, {Num: 0.59}}}
	assert.Equal(t, `[0.31,0.59]`, string(AppendValueJSON(nil, v)))
	v = Value{Kind: schema.String, List: true, Items: []Scalar{{Str: "x"}}}
	assert.Equal(t, `["x"]`, string(AppendValueJSON(nil, v)))
}

func TestT1_KindComesFromSchemaNotValue(t *testing.T) {
	// "0232" looks like a number and "+00:00" like a time: both are strings by definition;
	// Rating "1.0" is a Real although integral.
	entries := []extract.RawEntry{
		undef(extract.DirExifIFD, 0x9000, []byte("0232")),
		ascii(extract.DirExifIFD, 0x9011, "+00:00"),
		xmpv("1.0", st(nsXMP, "Rating")),
	}
	assert.Equal(t, "string", field(t, entries, "ExifVersion").Value.TypeName())
	assert.Equal(t, "string", field(t, entries, "OffsetTimeOriginal").Value.TypeName())
	assert.Equal(t, "number", field(t, entries, "Rating").Value.TypeName())
}

func TestT2_AccessorsAcceptBothShapes(t *testing.T) {
	one := field(t, []extract.RawEntry{iim(2, 25, "a")}, "Keywords").Value
	two := field(t, []extract.RawEntry{iim(2, 25, "a"), iim(2, 25, "b")}, "Keywords").Value
	assert.Equal(t, "string", one.TypeName())
	assert.Equal(t, "string[]", two.TypeName())
	assert.Equal(t, []string{"a"}, one.Strings())
	assert.Equal(t, []string{"a", "b"}, two.Strings())
}

// TestJ4_PlainMatchesByteCheck: the word-at-a-time check agrees with a byte-by-byte one.
func TestJ4_PlainMatchesByteCheck(t *testing.T) {
	naive := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if c := s[i]; c < 0x20 || c == '"' || c == '\\' {
				return false
			}
		}
		return utf8.ValidString(s)
	}
	rng := rand.New(rand.NewSource(7))
	alphabet := []byte("abc \"\\\x00\x1f\x7f\xc3\xa9\xe2\x80\xa8\xff\x22\x5c\xa2\x9c\xc2")
	for i := 0; i < 20000; i++ {
		b := make([]byte, rng.Intn(40))
		for j := range b {
			b[j] = alphabet[rng.Intn(len(alphabet))]
		}
		if i%2 == 0 { // valid multi-byte runes with continuation bytes 0x80–0xBF
			b = append(b, "¢€ é "...)
		}
		s := string(b)
		if got, want := plain(s), naive(s); got != want {
			t.Fatalf("plain(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestJ1_JSONSizeCoversOutput(t *testing.T) {
	fields := []Field{
		{Key: "Title", Value: Value{Kind: schema.String, Items: []Scalar{{Str: "a title"}}}},
		{Key: "Rating", Value: Value{Kind: schema.Number, Items: []Scalar{{Num: 123456782019.1}}}},
		{Key: "Keywords", Value: Value{Kind: schema.String, List: true, Items: []Scalar{{Str: "x"}, {Str: "y"}}}},
		{Key: "DateCreated", Value: Value{Kind: schema.Date, Items: []Scalar{dateItem(time.Date(2019, 1, 2, 3, 4, 5, 0, time.UTC), true)}}},
	}
	assert.GreaterOrEqual(t, JSONSize(fields), len(AppendJSON(nil, fields)))
}

// TestTextArenaStringsStay: strings made in a textArena keep their bytes while later ones
// are appended, across the buffer's growth; viewText decodes Windows-1252 text (V1) and
// leaves UTF-8 text as it is.
func TestTextArenaStringsStay(t *testing.T) {
	var a textArena
	a.reserve(8)
	var got []string
	for i := range 200 {
		got = append(got, a.copy(fmt.Sprintf("value %d", i)))
	}
	for i, s := range got {
		assert.Equal(t, fmt.Sprintf("value %d", i), s)
	}
	assert.Equal(t, "Köln", viewText([]byte("K\xf6ln"), false))
	assert.Equal(t, "K\xf6ln", viewText([]byte("K\xf6ln"), true))
	assert.Equal(t, "Köln", viewText([]byte("Köln"), false))
	assert.Equal(t, "", viewText(nil, false))
}

// TestAppendKeyNeedsNoEscape: AppendKey writes every dictionary key exactly as AppendString
// would (J4), and so does it for keys N3 makes from XML names.
func TestAppendKeyNeedsNoEscape(t *testing.T) {
	n := 0
	for tag := range schema.Tags {
		require.Equal(t, string(AppendString(nil, tag.Name)), string(AppendKey(nil, tag.Name)), tag.Name)
		n++
	}
	assert.Greater(t, n, 1000)
	got := render(t, xmpv("v", st(nsUnknown, "caf\u00e9-Na.me_1")))
	assert.True(t, json.Valid([]byte(got)), got)
}
