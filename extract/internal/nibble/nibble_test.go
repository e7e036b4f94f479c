package nibble

import (
	"bytes"
	"testing"
)

func TestValue(t *testing.T) {
	for c := range 256 {
		want, wantOK := byte(0), false
		switch {
		case '0' <= c && c <= '9':
			want, wantOK = byte(c-'0'), true
		case 'a' <= c && c <= 'f':
			want, wantOK = byte(c-'a'+10), true
		case 'A' <= c && c <= 'F':
			want, wantOK = byte(c-'A'+10), true
		}
		if v, ok := Value(byte(c)); v != want || ok != wantOK {
			t.Errorf("Value(%q) = %d, %v; want %d, %v", byte(c), v, ok, want, wantOK)
		}
	}
}

func TestPair(t *testing.T) {
	var p Pair
	var out []byte
	for _, c := range []byte("4a 6F\n7") {
		if v, ok := Value(c); ok {
			out = p.Add(out, v)
		}
	}
	if !bytes.Equal(out, []byte{0x4a, 0x6f}) {
		t.Fatalf("before Flush: % x", out)
	}
	out = p.Flush(out)
	if !bytes.Equal(out, []byte{0x4a, 0x6f, 0x70}) {
		t.Fatalf("after Flush: % x", out)
	}
	if out = p.Flush(out); len(out) != 3 {
		t.Fatalf("a second Flush appended: % x", out)
	}
	if out = p.Add(out, 1); len(out) != 3 {
		t.Fatalf("Flush did not reset the pair: % x", out)
	}
}
