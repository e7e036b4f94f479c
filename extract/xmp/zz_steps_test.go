package xmp

import (
	"testing"

	"github.com/embedmeta/embedmeta/extract"
)

func TestSteps(t *testing.T) {
	pkt, _ := referencePacket(t)
	got := Decode(extract.Payload{Data: pkt}, extract.Limits{}, nil)
	n := 0
	for _, e := range got {
		n += len(e.Path)
	}
	pk := prepare(pkt)
	tr := build(pk.data, 64, func(string, int, string, ...any) {})
	t.Logf("entries %d steps %d leaves %d elems %d", len(got), n, tr.leaves, tr.elems)
}
