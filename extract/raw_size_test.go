package extract

import (
	"testing"
	"unsafe"
)

// TestRawEntrySize keeps RawEntry's small fields packed: a packet's entries are written and
// read once each, and a field added or moved carelessly costs every entry 8 bytes of padding.
func TestRawEntrySize(t *testing.T) {
	if n := unsafe.Sizeof(RawEntry{}); n > 192 {
		t.Errorf("RawEntry is %d bytes, more than 192: keep the small fields together at the start", n)
	}
}
