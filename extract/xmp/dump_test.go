package xmp

import (
	"fmt"
	"testing"

	"github.com/embedmeta/embedmeta/extract"
)

func TestDumpReference(t *testing.T) {
	pkt, off := referencePacket(t)
	var ws extract.Warnings
	es := Decode(extract.Payload{Data: pkt, Offset: off}, extract.Limits{}, &ws)
	for _, e := range es {
		fmt.Printf("%d %s\n", e.Offset, line(e))
	}
	fmt.Println(len(es), ws.List)
}
