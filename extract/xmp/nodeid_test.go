package xmp

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDecodeNodeID checks that the descriptions sharing one rdf:nodeID form one node,
// wherever they are written, and that every property referring to the node gets all of
// its fields, as ExifTool reports them (exiftool -v3: "Elements with nodeID set").
func TestDecodeNodeID(t *testing.T) {
	const rdf = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.com/ns/">`
	tests := []struct {
		name     string
		data     string
		want     []string
		wantWarn []string
	}{
		{
			name: "nested and top-level descriptions of one node are merged for every referrer",
			data: wrap(`<ex:sup><rdf:Description rdf:nodeID="abc" ex:food="cookies"><ex:excl>doh!</ex:excl></rdf:Description></ex:sup>` +
				`<ex:prog><rdf:Description rdf:nodeID="abc"><ex:state>confusion</ex:state></rdf:Description></ex:prog>` +
				`<ex:tester rdf:nodeID="abc"/>` +
				`</rdf:Description><rdf:Description rdf:nodeID="abc" ex:name="Phil"><ex:home rdf:resource="https://exiftool.org/"/>`),
			want: []string{
				"ex:sup/ex:food=cookies", "ex:sup/ex:excl=doh!", "ex:sup/ex:state=confusion", "ex:sup/ex:name=Phil", "ex:sup/ex:home=https://exiftool.org/",
				"ex:prog/ex:food=cookies", "ex:prog/ex:excl=doh!", "ex:prog/ex:state=confusion", "ex:prog/ex:name=Phil", "ex:prog/ex:home=https://exiftool.org/",
				"ex:tester/ex:food=cookies", "ex:tester/ex:excl=doh!", "ex:tester/ex:state=confusion", "ex:tester/ex:name=Phil", "ex:tester/ex:home=https://exiftool.org/",
			},
		},
		{
			name: "a node in an array item; an unreferenced node stays at the top level",
			data: rdf + `<rdf:Description><ex:l><rdf:Seq><rdf:li><rdf:Description rdf:nodeID="n" ex:a="1"/></rdf:li>` +
				`<rdf:li rdf:nodeID="n"/></rdf:Seq></ex:l></rdf:Description>` +
				`<rdf:Description rdf:nodeID="n" ex:b="2"/><rdf:Description rdf:nodeID="lone" ex:c="3"/></rdf:RDF>`,
			want: []string{"ex:l[Seq 1]/ex:a=1", "ex:l[Seq 1]/ex:b=2", "ex:l[Seq 2]/ex:a=1", "ex:l[Seq 2]/ex:b=2", "ex:c=3"},
		},
		{
			name: "a node that refers to itself through a nested description is cut",
			data: rdf + `<rdf:Description><ex:p><rdf:Description rdf:nodeID="n" ex:a="1"><ex:q>` +
				`<rdf:Description rdf:nodeID="n" ex:b="2"/></ex:q></rdf:Description></ex:p></rdf:Description></rdf:RDF>`,
			want:     []string{"ex:p/ex:a=1", "ex:p/ex:b=2"},
			wantWarn: []string{"xmp.bad-node-id"},
		},
		{
			name: "two nodes referring to each other",
			data: rdf + `<rdf:Description><ex:p rdf:nodeID="a"/></rdf:Description>` +
				`<rdf:Description rdf:nodeID="a" ex:x="1"><ex:toB rdf:nodeID="b"/></rdf:Description>` +
				`<rdf:Description rdf:nodeID="b" ex:y="2"><ex:toA rdf:nodeID="a"/></rdf:Description></rdf:RDF>`,
			want:     []string{"ex:p/ex:x=1", "ex:p/ex:toB/ex:y=2"},
			wantWarn: []string{"xmp.bad-node-id"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var ws extract.Warnings
			got := Decode(extract.Payload{Data: []byte(tc.data)}, extract.Limits{}, &ws)
			assertSameAsOracle(t, []byte(tc.data), extract.Limits{})
			assert.Equal(t, tc.want, lines(got))
			assert.Equal(t, tc.wantWarn, codes(&ws), "%v", ws.List)
		})
	}
}

// TestDecodeNodeIDBounded checks that a node referred to by many properties, each
// reference expanding a node that itself refers to others, costs bounded work.
func TestDecodeNodeIDBounded(t *testing.T) {
	// Node k has 10 properties referring to node k+1: 10^8 paths if expanded fully.
	data := `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.com/ns/">` +
		`<rdf:Description><ex:root rdf:nodeID="n0"/></rdf:Description>`
	for k := range 8 {
		data += `<rdf:Description rdf:nodeID="n` + string(rune('0'+k)) + `">`
		for range 10 {
			data += `<ex:p rdf:nodeID="n` + string(rune('1'+k)) + `"/>`
		}
		data += `</rdf:Description>`
	}
	data += `<rdf:Description rdf:nodeID="n8" ex:leaf="x"/></rdf:RDF>`
	var ws extract.Warnings
	got := Decode(extract.Payload{Data: []byte(data)}, extract.Limits{MaxEntries: 1000}, &ws)
	assert.LessOrEqual(t, len(got), 1000)
	assert.Contains(t, codes(&ws), "xmp.too-many-entries")
}

// TestDecodeNodeIDCorpus reads ExifTool's RDF sample (exiftool-XMP3.xmp), whose node
// "abc" is described in the values of ph:supervisor and ph:programmer and at the top of
// rdf:RDF, and referred to by ph:tester. ExifTool reports for each of the three
// properties all five fields of the node (Food, Exclamation, State, FullName, HomePage).
func TestDecodeNodeIDCorpus(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(corpusDir, "xmp-sidecar", "exiftool-XMP3.xmp"))
	if os.IsNotExist(err) {
		t.Skip("corpus absent")
	}
	require.NoError(t, err)
	var ws extract.Warnings
	got := Decode(extract.Payload{Data: b}, extract.Limits{}, &ws)
	const ph = "https://exiftool.org/ph/1.0/"
	fields := map[string][]string{}
	for _, e := range got {
		if len(e.Path) == 2 && e.Path[0].NS == ph {
			fields[e.Path[0].Name] = append(fields[e.Path[0].Name], e.Path[1].Name+"="+e.Text)
		}
	}
	all := []string{"food=cookies", "exclamation=doh!", "state=confusion", "fullName=Phil Harvey", "homePage=https://exiftool.org/"}
	for _, prop := range []string{"supervisor", "programmer", "tester"} {
		assert.Equal(t, all, fields[prop], prop)
	}
	assert.Len(t, fields, 3, "the node's own description is not reported at the top level")
	assert.Empty(t, ws.List)
}
