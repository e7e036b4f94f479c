package ps

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/embedmeta/embedmeta/extract"
)

// FuzzLocate: no panic, no error once the header is there, XMP packets are the input's
// bytes (those of a Photoshop block's XMP resource are hex-decoded: they need not be), the
// stream path agrees with the bytes path.
func FuzzLocate(f *testing.F) {
	names, _ := filepath.Glob("../../testdata/formats/ps/*")
	for _, name := range names {
		if b, err := os.ReadFile(name); err == nil && !strings.HasSuffix(name, ".json") && !strings.HasSuffix(name, ".py") {
			f.Add(b)
		}
	}
	f.Add([]byte(eps(photoshop(irbBlock("c")) + packet + "\n%%BeginBinary: 5\nabcde\n")))
	f.Add([]byte(eps(photoshop(xmpResource(packet)))))
	f.Add(dos(eps("%begin_xml_packet\n"+packet+"\n%end_xml_packet\n"), 30))
	f.Fuzz(func(t *testing.T, b []byte) {
		var ws extract.Warnings
		p, err := Locate(bytes.NewReader(b), int64(len(b)), extract.Limits{MaxXMPBytes: 1 << 16, MaxSegment: 1 << 16}, &ws)
		if err != nil {
			if IsPS(b) && (!bytes.HasPrefix(b, dosMagic) || len(b) >= dosLen) {
				t.Fatalf("error after the header: %v", err)
			}
			return
		}
		for _, q := range p.XMP {
			if q.Offset < 0 || q.Offset+int64(len(q.Data)) > int64(len(b)) {
				t.Fatalf("payload at %d (%d bytes) runs past the input", q.Offset, len(q.Data))
			}
			if !bytes.Equal(q.Data, b[q.Offset:q.Offset+int64(len(q.Data))]) && !afterPhotoshop(b, q.Offset) {
				t.Fatalf("payload at %d (%d bytes) is not the input's bytes", q.Offset, len(q.Data))
			}
		}
		if d := streamDiff(b, len(b)); d != "" {
			t.Fatal(d)
		}
	})
}

// afterPhotoshop reports whether a %BeginPhotoshop comment (any case, one or two %) comes
// before off in b: an XMP payload there may be the hex-decoded resource of that block.
func afterPhotoshop(b []byte, off int64) bool {
	return bytes.Contains(bytes.ToLower(b[:off]), []byte("%beginphotoshop"))
}
