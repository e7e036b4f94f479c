package xmp

import (
	"encoding/binary"
	"os"
	"testing"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/schema"
)

func FuzzDecode(f *testing.F) {
	if b, err := os.ReadFile(referenceJPEG); err == nil {
		if pkt, _ := findPacket(b); pkt != nil {
			f.Add(pkt)
		}
	}
	for _, s := range []string{
		wrap(`<ex:a>1</ex:a><dc:subject><rdf:Bag><rdf:li>k</rdf:li></rdf:Bag></dc:subject>`),
		wrap(`<ex:s rdf:parseType="Resource"><rdf:value>v</rdf:value><ex:q xml:lang="en">w</ex:q></ex:s><ex:t ex:f="1"/>`),
		wrap(`<ex:m><rdf:Seq><rdf:li><rdf:Alt><rdf:li xml:lang="x-default">a</rdf:li></rdf:Alt></rdf:li></rdf:Seq></ex:m>`),
		`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description><ex:p rdf:nodeID="n"/></rdf:Description><rdf:Description rdf:nodeID="n" ex:f="v"/></rdf:RDF>`,
		`<!DOCTYPE x [<!ENTITY a "&a;&a;">]><x:xmpmeta>&a;</x:xmpmeta>`,
		`<x:xapmeta><rdf:RDF><rdf:Description about="" dc:x="1"><![CDATA[x]]></rdf:Description></rdf:RDF></x:xapmeta>` + "\x00\x00",
	} {
		f.Add([]byte(s))
	}
	f.Add(encode16(wrap(`<ex:a>1</ex:a>`), binary.LittleEndian, true))
	f.Fuzz(func(t *testing.T, data []byte) {
		lim := extract.Limits{MaxDepth: 16, MaxEntries: 500}
		ws := extract.Warnings{Max: 20}
		got := Decode(extract.Payload{Data: data, Offset: 10}, lim, &ws)
		if len(got) > lim.MaxEntries {
			t.Fatalf("%d entries > MaxEntries", len(got))
		}
		if len(ws.List) > ws.Max {
			t.Fatalf("%d warnings", len(ws.List))
		}
		total := 0
		for _, e := range got {
			total += len(e.Text)
			if len(e.Path) == 0 || len(e.Path) > 2*lim.MaxDepth {
				t.Fatalf("path of %d steps", len(e.Path))
			}
			if e.Source != schema.SourceXMP || e.Type != schema.TypeXMPText {
				t.Fatalf("bad provenance %+v", e)
			}
			if e.Offset < 10 || e.Offset > 10+int64(len(data)) {
				t.Fatalf("offset %d outside the payload", e.Offset)
			}
		}
		// Without rdf:nodeID sharing a value, text comes from the input (at most 3 bytes of
		// UTF-8 per input byte after transcoding or U+FFFD repair).
		if total > 3*len(data)*lim.MaxEntries {
			t.Fatalf("output %d bytes from %d", total, len(data))
		}
	})
}
