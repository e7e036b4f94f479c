package xmlname

import (
	"encoding/xml"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// oracle is encoding/xml's answer: whether it reads <s/> (colons read as '_', where
// encoding/xml would split the name) as one element named so.
func oracle(s string) bool {
	name := strings.ReplaceAll(s, ":", "_")
	tok, err := xml.NewDecoder(strings.NewReader("<" + name + "/>")).RawToken()
	start, ok := tok.(xml.StartElement)
	return err == nil && ok && start.Name.Local == name
}

// TestValidAgreesWithEncodingXML asks both of every code point of the BMP as the first
// and as a later character of a name, and of a sample of the planes above it.
func TestValidAgreesWithEncodingXML(t *testing.T) {
	step := rune(1)
	if testing.Short() {
		step = 7
	}
	for r := rune(0x80); r <= utf8.MaxRune; r += step {
		if r > 0xFFFF && r%251 != 0 {
			continue
		}
		for _, s := range []string{string(r), "a" + string(r), "a" + string(r) + "b", "_:" + string(r)} {
			if got, want := Valid(s), oracle(s); got != want {
				t.Fatalf("Valid(%q) = %v, encoding/xml says %v", s, got, want)
			}
		}
	}
}

func TestValid(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want bool
	}{
		{"", false},
		{"dc:title", true},
		{"Ärger", true},
		{"nameé", true},
		{"1abc", false},
		{"-abc", false},
		{"a-b.c_9", true},
		{"·a", false}, // U+00B7 continues a name but cannot start one
		{"a·", true},
		{"a\xff", false},       // invalid UTF-8
		{"a\uFFFD", false},     // the replacement character itself is no name character
		{"a\U0001F600", false}, // above the BMP: Appendix B is Unicode 2.0
		{"\u4E00\u4E01", true}, // ideographs
	} {
		if got := Valid(tc.s); got != tc.want {
			t.Errorf("Valid(%q) = %v, want %v", tc.s, got, tc.want)
		}
		if got := oracle(tc.s); got != tc.want && tc.s != "" {
			t.Errorf("oracle(%q) = %v, the table says %v", tc.s, got, tc.want)
		}
	}
}

// FuzzValid compares Valid with encoding/xml on arbitrary strings of name bytes.
func FuzzValid(f *testing.F) {
	f.Add("dc:tïtle")
	f.Add("a\xffb")
	f.Fuzz(func(t *testing.T, s string) {
		for _, c := range []byte(s) {
			if c < utf8.RuneSelf && !strings.ContainsRune("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.:", rune(c)) {
				return // the tokenizer asks only about runs of name bytes
			}
		}
		if got, want := Valid(s), oracle(s); got != want {
			t.Fatalf("Valid(%q) = %v, encoding/xml says %v", s, got, want)
		}
	})
}

func TestRandomNames(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("aZ_:-.9\u00B7\u00C0\u0300\u0E01\u3005\u4E00\u00D7\uFFFD\u0660")
	for range 20000 {
		var b strings.Builder
		for n := 1 + rng.IntN(5); n > 0; n-- {
			b.WriteRune(alphabet[rng.IntN(len(alphabet))])
		}
		s := b.String()
		if got, want := Valid(s), oracle(s); got != want {
			t.Fatalf("Valid(%q) = %v, encoding/xml says %v", s, got, want)
		}
	}
}
