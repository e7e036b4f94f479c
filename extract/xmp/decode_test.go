package xmp

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/schema"
)

// Namespace declarations for the synthetic packets.
const nsDecl = ` xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"` +
	` xmlns:dc="http://purl.org/dc/elements/1.1/"` +
	` xmlns:xmp="http://ns.adobe.com/xap/1.0/"` +
	` xmlns:ex="http://example.com/ns/"`

// wrap puts RDF property markup into a complete packet with one rdf:Description.
func wrap(props string) string {
	return `<?xpacket begin="` + "\uFEFF" + `" id="W5M0MpCehiHzreSzNTczkc9d"?>` +
		`<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Test 1.0"><rdf:RDF` + nsDecl + `>` +
		`<rdf:Description rdf:about="">` + props + `</rdf:Description>` +
		`</rdf:RDF></x:xmpmeta><?xpacket end="w"?>`
}

func TestDecodeSyntax(t *testing.T) {
	tests := []struct {
		name     string
		packet   string
		want     []string
		wantWarn []string
	}{
		{
			name:   "simple element, entities decoded, text not trimmed (V1)",
			packet: wrap(`<ex:a>  Creator&#39;s &amp; &lt;x&gt; &#x263A;  </ex:a>`),
			want:   []string{"ex:a=  Creator's & <x> ☺  "},
		},
		{
			name:   "attribute properties; xml:lang and xmlns are not properties, rdf:about is reported",
			packet: wrap(`</rdf:Description><rdf:Description rdf:about="uuid:1" xml:lang="en" xmp:Rating="1.0" ex:b="&quot;q&quot;">`),
			want:   []string{`rdf:about=uuid:1`, `xmp:Rating=1.0 @en`, `ex:b="q" @en`},
		},
		{
			name:   "x:xmptk on the wrapper is not a property (S6a)",
			packet: wrap(``),
			want:   []string{},
		},
		{
			name:   "empty elements give empty text",
			packet: wrap(`<ex:a/><ex:b></ex:b><ex:c> </ex:c>`),
			want:   []string{"ex:a=", "ex:b=", "ex:c= "},
		},
		{
			name:   "rdf:resource",
			packet: wrap(`<ex:link rdf:resource="http://example.com/x"/>`),
			want:   []string{"ex:link=http://example.com/x"},
		},
		{
			name:   "CDATA and comments",
			packet: wrap(`<ex:a><![CDATA[<b>&amp;</b>]]> tail<!-- c --></ex:a>`),
			want:   []string{"ex:a=<b>&amp;</b> tail"},
		},
		{
			name:   "several rdf:Description elements in document order",
			packet: wrap(`<ex:a>1</ex:a></rdf:Description><rdf:Description rdf:about=""><ex:b>2</ex:b>`),
			want:   []string{"ex:a=1", "ex:b=2"},
		},
		{
			name: "bag, seq and lang alt",
			packet: wrap(`<dc:subject><rdf:Bag><rdf:li>k1</rdf:li><rdf:li>k2</rdf:li></rdf:Bag></dc:subject>` +
				`<dc:creator><rdf:Seq><rdf:li>c1</rdf:li></rdf:Seq></dc:creator>` +
				`<dc:title><rdf:Alt><rdf:li xml:lang="x-default">T</rdf:li><rdf:li xml:lang="de">Titel</rdf:li></rdf:Alt></dc:title>`),
			want: []string{
				"dc:subject[Bag 1]=k1", "dc:subject[Bag 2]=k2", "dc:creator[Seq 1]=c1",
				"dc:title[Alt 1]=T @x-default", "dc:title[Alt 2]=Titel @de",
			},
		},
		{
			name: "struct as rdf:parseType Resource, nested rdf:Description and shorthand attributes",
			packet: wrap(`<ex:s1 rdf:parseType="Resource"><ex:f>1</ex:f><ex:g>2</ex:g></ex:s1>` +
				`<ex:s2><rdf:Description ex:h="3"><ex:f>4</ex:f></rdf:Description></ex:s2>` +
				`<ex:s3 ex:f="5" ex:g="6"/>`),
			want: []string{"ex:s1/ex:f=1", "ex:s1/ex:g=2", "ex:s2/ex:h=3", "ex:s2/ex:f=4", "ex:s3/ex:f=5", "ex:s3/ex:g=6"},
		},
		{
			name: "array of structs in all three forms",
			packet: wrap(`<ex:list><rdf:Seq>` +
				`<rdf:li rdf:parseType="Resource"><ex:f>a</ex:f></rdf:li>` +
				`<rdf:li><rdf:Description><ex:f>b</ex:f></rdf:Description></rdf:li>` +
				`<rdf:li ex:f="c"/>` +
				`</rdf:Seq></ex:list>`),
			want: []string{"ex:list[Seq 1]/ex:f=a", "ex:list[Seq 2]/ex:f=b", "ex:list[Seq 3]/ex:f=c"},
		},
		{
			name: "struct field that is an array of structs with an array field",
			packet: wrap(`<ex:r><rdf:Bag><rdf:li rdf:parseType="Resource">` +
				`<ex:rCtype><rdf:Bag><rdf:li rdf:parseType="Resource">` +
				`<xmp:Identifier><rdf:Bag><rdf:li>i1</rdf:li><rdf:li>i2</rdf:li></rdf:Bag></xmp:Identifier>` +
				`</rdf:li></rdf:Bag></ex:rCtype></rdf:li></rdf:Bag></ex:r>`),
			want: []string{
				"ex:r[Bag 1]/ex:rCtype[Bag 1]/xmp:Identifier[Bag 1]=i1",
				"ex:r[Bag 1]/ex:rCtype[Bag 1]/xmp:Identifier[Bag 2]=i2",
			},
		},
		{
			name:   "nested arrays get an anonymous step",
			packet: wrap(`<ex:m><rdf:Seq><rdf:li><rdf:Bag><rdf:li>a</rdf:li><rdf:li>b</rdf:li></rdf:Bag></rdf:li><rdf:li>c</rdf:li></rdf:Seq></ex:m>`),
			want:   []string{"ex:m[Seq 1]/[Bag 1]=a", "ex:m[Seq 1]/[Bag 2]=b", "ex:m[Seq 2]=c"},
		},
		{
			name:   "xml:lang is inherited",
			packet: wrap(`<ex:s rdf:parseType="Resource" xml:lang="fr"><ex:f>un</ex:f><ex:g xml:lang="it">uno</ex:g></ex:s><ex:t>none</ex:t>`),
			want:   []string{"ex:s/ex:f=un @fr", "ex:s/ex:g=uno @it", "ex:t=none"},
		},
		{
			name: "qualifiers: rdf:value is the value, other qualifiers are steps",
			packet: wrap(`<ex:q rdf:parseType="Resource"><rdf:value>v</rdf:value><ex:qual>w</ex:qual></ex:q>` +
				`<ex:r><rdf:Description><rdf:value xml:lang="en">v2</rdf:value><ex:qual>w2</ex:qual></rdf:Description></ex:r>` +
				`<ex:s rdf:value="v3" ex:qual="w3"/>` +
				`<dc:creator><rdf:Seq><rdf:li rdf:parseType="Resource"><rdf:value>Jo</rdf:value><ex:role>x</ex:role></rdf:li></rdf:Seq></dc:creator>`),
			want: []string{
				"ex:q=v", "ex:q/ex:qual=w", "ex:r=v2 @en", "ex:r/ex:qual=w2", "ex:s=v3", "ex:s/ex:qual=w3",
				"dc:creator[Seq 1]=Jo", "dc:creator[Seq 1]/ex:role=x",
			},
		},
		{
			name: "legacy x:xapmeta root and unprefixed about",
			packet: `<x:xapmeta xmlns:x="adobe:ns:meta/"><rdf:RDF` + nsDecl + `><rdf:Description about="">` +
				`<ex:a>1</ex:a></rdf:Description></rdf:RDF></x:xapmeta>`,
			want: []string{"ex:a=1"},
		},
		{
			name:   "bare rdf:RDF",
			packet: `<rdf:RDF` + nsDecl + `><rdf:Description ex:a="1"/></rdf:RDF>`,
			want:   []string{"ex:a=1"},
		},
		{
			name:   "UTF-8 BOM, XML declaration, trailing NUL padding and garbage",
			packet: "\uFEFF<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + wrap(`<ex:a>1</ex:a>`) + "\x00\x00\x00garbage<<<",
			want:   []string{"ex:a=1"},
		},
		{
			name:     "NUL padding inside the packet",
			packet:   `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF` + nsDecl + `>` + "\x00\x00" + `<rdf:Description ex:a="1"/></rdf:RDF></x:xmpmeta>`,
			want:     []string{"ex:a=1"},
			wantWarn: []string{"xmp.illegal-char"},
		},
		{
			name: "undeclared prefixes: standard table and urn:undeclared",
			packet: `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
				`<rdf:Description><dc:format>image/jpeg</dc:format><foo:bar>1</foo:bar><dc:x>2</dc:x></rdf:Description></rdf:RDF></x:xmpmeta>`,
			want:     []string{"dc:format=image/jpeg", "urn:undeclared:foo:bar=1", "dc:x=2"},
			wantWarn: []string{"xmp.undeclared-prefix", "xmp.undeclared-prefix"},
		},
		{
			name:   "old xap prefix keeps the declared URI",
			packet: `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:xap="http://ns.adobe.com/xap/1.0/" xap:CreatorTool="PS"/></rdf:RDF>`,
			want:   []string{"xmp:CreatorTool=PS"},
		},
		{
			name:   "default namespace for elements",
			packet: `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description><a xmlns="http://example.com/ns/">1</a></rdf:Description></rdf:RDF>`,
			want:   []string{"ex:a=1"},
		},
		{
			name:     "mixed content: text beside child elements is ignored",
			packet:   wrap(`<ex:a>junk<rdf:Bag><rdf:li>1</rdf:li></rdf:Bag>more</ex:a>`),
			want:     []string{"ex:a[Bag 1]=1"},
			wantWarn: []string{"xmp.mixed-content"},
		},
		{
			name:     "non-li element in a container is skipped",
			packet:   wrap(`<ex:a><rdf:Bag><rdf:li>1</rdf:li><ex:x>no</ex:x><rdf:li>2</rdf:li></rdf:Bag></ex:a>`),
			want:     []string{"ex:a[Bag 1]=1", "ex:a[Bag 2]=2"},
			wantWarn: []string{"xmp.unexpected-element"},
		},
		{
			name:     "not well-formed: entries before the error are kept",
			packet:   wrap(`<ex:a>1</ex:a><ex:b>2</ex:c><ex:d>3</ex:d>`),
			want:     []string{"ex:a=1"},
			wantWarn: []string{"xmp.malformed"},
		},
		{
			name:     "truncated packet",
			packet:   wrap(`<ex:a>1</ex:a><ex:b ex:q="x">2</ex:b><ex:c>345</ex:c>`)[:len(wrap(`<ex:a>1</ex:a><ex:b ex:q="x">2</ex:b><ex:c>345</ex:c>`))-70],
			want:     []string{"ex:a=1", "ex:b=2", "ex:b/ex:q=x"},
			wantWarn: []string{"xmp.malformed"},
		},
		{
			name:     "undefined entity kept as text, one warning per packet",
			packet:   wrap(`<ex:a>1</ex:a><ex:b>&nbsp;x&lt;&unknown;</ex:b><ex:c ex:q="&x;&#65;"/><ex:d>&nbsp;</ex:d>`),
			want:     []string{"ex:a=1", "ex:b=&nbsp;x<&unknown;", "ex:c/ex:q=&x;A", "ex:d=&nbsp;"},
			wantWarn: []string{"xmp.undefined-entity"},
		},
		{
			name:     "undefined entity in an attribute",
			packet:   wrap(`<ex:c ex:q="a&x;b" ex:r="&y;"/>`),
			want:     []string{"ex:c/ex:q=a&x;b", "ex:c/ex:r=&y;"},
			wantWarn: []string{"xmp.undefined-entity"},
		},
		{
			name:     "a reference that is not a name stays malformed",
			packet:   wrap(`<ex:a>1</ex:a><ex:b>&1a;</ex:b>`),
			want:     []string{"ex:a=1"},
			wantWarn: []string{"xmp.malformed"},
		},
		{
			name:     "no rdf:RDF",
			packet:   `<x:xmpmeta xmlns:x="adobe:ns:meta/"><other/></x:xmpmeta>`,
			want:     []string{},
			wantWarn: []string{"xmp.no-rdf"},
		},
		{
			name:     "no XML at all",
			packet:   "just text",
			want:     []string{},
			wantWarn: []string{"xmp.no-rdf"},
		},
		{
			name:     "invalid UTF-8 becomes U+FFFD",
			packet:   wrap("<ex:a>a\xffb</ex:a>"),
			want:     []string{"ex:a=a\uFFFDb"},
			wantWarn: []string{"xmp.invalid-utf8"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var ws extract.Warnings
			got := Decode(extract.Payload{Data: []byte(tc.packet)}, extract.Limits{}, &ws)
			assertSameAsOracle(t, []byte(tc.packet), extract.Limits{})
			if len(tc.want) == 0 {
				assert.Empty(t, got)
			} else {
				assert.Equal(t, tc.want, lines(got))
			}
			assert.Equal(t, tc.wantWarn, codes(&ws), "%v", ws.List)
			for _, e := range got {
				assert.Equal(t, schema.SourceXMP, e.Source)
				assert.Equal(t, schema.TypeXMPText, e.Type)
			}
		})
	}
}

// TestDecodeAppendKeepsDst: DecodeAppend adds the packet's entries after dst's and counts
// Limits.MaxEntries for the packet alone.
func TestDecodeAppendKeepsDst(t *testing.T) {
	packet := []byte(`<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
		`<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:format="image/jpeg" dc:source="s"/></rdf:RDF></x:xmpmeta>`)
	dst := []extract.RawEntry{{Source: schema.SourceEXIF, ID: 1}, {Source: schema.SourceEXIF, ID: 2}}
	out := DecodeAppend(dst, extract.Payload{Data: packet}, extract.Limits{MaxEntries: 2}, nil)
	if assert.Len(t, out, 4) {
		assert.Equal(t, uint16(2), out[1].ID)
		assert.Equal(t, "image/jpeg", out[2].Text)
		assert.Equal(t, "s", out[3].Text)
	}
	assert.Equal(t, Decode(extract.Payload{Data: packet}, extract.Limits{}, nil), out[2:])
}

// TestP3_SecondPacketIsNextPart: the entries of a packet decoded after another's carry the
// next RawEntry.Part, so that normalize lets the later packet's property replace the
// earlier's (P3) instead of appending its list items.
func TestP3_SecondPacketIsNextPart(t *testing.T) {
	packet := func(items string) []byte {
		return []byte(`<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
			`<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:subject><rdf:Bag>` + items +
			`</rdf:Bag></dc:subject></rdf:Description></rdf:RDF></x:xmpmeta>`)
	}
	out := DecodeAppend(nil, extract.Payload{Data: packet(`<rdf:li>a</rdf:li><rdf:li>b</rdf:li>`)}, extract.Limits{}, nil)
	out = DecodeAppend(out, extract.Payload{Data: packet(`<rdf:li>c</rdf:li>`)}, extract.Limits{}, nil)
	var d Decoder
	out2 := d.DecodeAppend([]extract.RawEntry{{Source: schema.SourceEXIF}}, extract.Payload{Data: packet(`<rdf:li>a</rdf:li>`)}, extract.Limits{}, nil)
	out2 = d.DecodeAppend(out2, extract.Payload{Data: packet(`<rdf:li>c</rdf:li>`)}, extract.Limits{}, nil)
	if assert.Len(t, out, 3) && assert.Len(t, out2, 3) {
		assert.Equal(t, []uint16{0, 0, 1}, []uint16{out[0].Part, out[1].Part, out[2].Part})
		assert.Equal(t, []uint16{0, 0, 1}, []uint16{out2[0].Part, out2[1].Part, out2[2].Part})
	}
}
