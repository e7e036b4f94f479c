package xmp

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// encode16 encodes s as UTF-16 in the given byte order, with an optional BOM.
func encode16(s string, order binary.ByteOrder, bom bool) []byte {
	if bom {
		s = "\uFEFF" + s
	}
	u := utf16.Encode([]rune(s))
	b := make([]byte, 2*len(u))
	for i, c := range u {
		order.PutUint16(b[2*i:], c)
	}
	return b
}

// encode32 encodes s as UTF-32 in the given byte order.
func encode32(s string, order binary.ByteOrder) []byte {
	var b []byte
	for _, r := range s {
		b = order.(binary.AppendByteOrder).AppendUint32(b, uint32(r))
	}
	return b
}

func TestDecodeEncodings(t *testing.T) {
	packet := `<?xml version="1.0" encoding="UTF-16"?>` + wrap(`<ex:a>Grüße 𝄞</ex:a><dc:subject><rdf:Bag><rdf:li>k</rdf:li></rdf:Bag></dc:subject>`)
	want := []string{"ex:a=Grüße 𝄞", "dc:subject[Bag 1]=k"}
	tests := []struct {
		name string
		data []byte
	}{
		{"UTF-16LE with BOM", encode16(packet, binary.LittleEndian, true)},
		{"UTF-16BE with BOM", encode16(packet, binary.BigEndian, true)},
		{"UTF-16LE without BOM", encode16(packet, binary.LittleEndian, false)},
		{"UTF-16BE without BOM", encode16(packet, binary.BigEndian, false)},
		{"UTF-16LE with NUL padding", append(encode16(packet, binary.LittleEndian, true), make([]byte, 100)...)},
		{"UTF-32BE", encode32(packet, binary.BigEndian)},
		{"UTF-32LE", encode32(packet, binary.LittleEndian)},
		{"UTF-8 with BOM", []byte("\uFEFF" + packet)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var ws extract.Warnings
			got := Decode(extract.Payload{Data: tc.data, Offset: 1000}, extract.Limits{}, &ws)
			assertSameAsOracle(t, tc.data, extract.Limits{})
			assert.Equal(t, want, lines(got))
			assert.Empty(t, ws.List)
			if strings.HasPrefix(tc.name, "UTF-8") {
				assert.Greater(t, got[0].Offset, int64(1000)) // exact offsets
			} else {
				assert.Equal(t, int64(1000), got[0].Offset) // transcoded: the packet start
			}
		})
	}
}

func TestDecodeHostile(t *testing.T) {
	deep := strings.Repeat(`<ex:a rdf:parseType="Resource">`, 5000) + `<ex:b>deep</ex:b>` + strings.Repeat(`</ex:a>`, 5000)
	laughs := `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">` +
		`<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">` +
		`<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>` +
		wrap(`<ex:ok>1</ex:ok><ex:a>&lol2;</ex:a>`)
	external := `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>` +
		wrap(`<ex:ok>1</ex:ok><ex:a>&xxe;</ex:a>`)
	tests := []struct {
		name     string
		data     string
		lim      extract.Limits
		want     []string
		wantWarn []string
	}{
		{
			name:     "5000-level nesting is cut at MaxDepth, the rest is read",
			data:     wrap(deep + `<ex:after>2</ex:after>`),
			want:     []string{"ex:after=2"},
			wantWarn: []string{"xmp.too-deep"},
		},
		{
			name:     "billion laughs: DOCTYPE ignored, the reference kept as text",
			data:     laughs,
			want:     []string{"ex:ok=1", "ex:a=&lol2;"},
			wantWarn: []string{"xmp.doctype", "xmp.undefined-entity"},
		},
		{
			name:     "external entity is never resolved",
			data:     external,
			want:     []string{"ex:ok=1", "ex:a=&xxe;"},
			wantWarn: []string{"xmp.doctype", "xmp.undefined-entity"},
		},
		{
			name:     "packet over MaxXMPBytes is refused",
			data:     wrap(`<ex:a>` + strings.Repeat("x", 5000) + `</ex:a>`),
			lim:      extract.Limits{MaxXMPBytes: 4096},
			want:     []string{},
			wantWarn: []string{"xmp.too-large"},
		},
		{
			name: "a 100 MB claim in the xpacket header costs nothing",
			data: `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d" bytes="104857600"?>` +
				`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:ex="http://example.com/ns/" ex:a="1"/></rdf:RDF>`,
			want: []string{"ex:a=1"},
		},
		{
			name:     "MaxEntries bounds the output",
			data:     wrap(`<ex:l><rdf:Bag>` + strings.Repeat(`<rdf:li>x</rdf:li>`, 50) + `</rdf:Bag></ex:l>`),
			lim:      extract.Limits{MaxEntries: 3},
			want:     []string{"ex:l[Bag 1]=x", "ex:l[Bag 2]=x", "ex:l[Bag 3]=x"},
			wantWarn: []string{"xmp.too-many-entries"},
		},
		{
			name: "rdf:nodeID references are followed once, cycles are cut",
			data: `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.com/ns/">` +
				`<rdf:Description rdf:about=""><ex:p rdf:nodeID="n"/></rdf:Description>` +
				`<rdf:Description rdf:nodeID="n" ex:f="v"><ex:self rdf:nodeID="n"/></rdf:Description>` +
				`<rdf:Bag rdf:nodeID="b"><rdf:li>k</rdf:li></rdf:Bag>` +
				`<rdf:Description><ex:list rdf:nodeID="b"/></rdf:Description></rdf:RDF>`,
			want:     []string{"ex:p/ex:f=v", "ex:list[Bag 1]=k"},
			wantWarn: []string{"xmp.bad-node-id"},
		},
		{
			name:     "mismatched end tag",
			data:     wrap(`<ex:a>1</ex:a><ex:b><rdf:Bag><rdf:li>2</rdf:li></rdf:Seq></ex:b>`),
			want:     []string{"ex:a=1", "ex:b[Bag 1]=2"},
			wantWarn: []string{"xmp.malformed"},
		},
		{
			name:     "unclosed root",
			data:     `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:ex="http://example.com/ns/" ex:a="1">`,
			want:     []string{"ex:a=1"},
			wantWarn: []string{"xmp.malformed"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var ws extract.Warnings
			start := time.Now()
			got := Decode(extract.Payload{Data: []byte(tc.data)}, tc.lim, &ws)
			assert.Less(t, time.Since(start), testcorpus.HangGuard)
			assertSameAsOracle(t, []byte(tc.data), tc.lim)
			if len(tc.want) == 0 {
				assert.Empty(t, got)
			} else {
				assert.Equal(t, tc.want, lines(got))
			}
			assert.Equal(t, tc.wantWarn, codes(&ws), "%v", ws.List)
		})
	}
}

// TestDecodeManyNamespaces checks that many namespace declarations in scope do not make
// prefix resolution quadratic (the encoding/xml oracle, which searches them one by one, is
// not run on it).
func TestDecodeManyNamespaces(t *testing.T) {
	var sb strings.Builder
	sb.WriteString(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description`)
	for i := range 50000 {
		fmt.Fprintf(&sb, ` xmlns:p%d="urn:p%d"`, i, i)
	}
	sb.WriteString(` xmlns:ex="http://example.com/ns/"><ex:in xmlns:p7="urn:inner"><p7:a>1</p7:a></ex:in><p7:b>2</p7:b>`)
	sb.WriteString(strings.Repeat(`<x>3</x>`, 50000) + `</rdf:Description></rdf:RDF>`)
	start := time.Now()
	var ws extract.Warnings
	got := Decode(extract.Payload{Data: []byte(sb.String())}, extract.Limits{}, &ws)
	assert.Less(t, time.Since(start), testcorpus.HangGuard)
	require.Len(t, got, 50002)
	assert.Equal(t, "urn:inner", got[0].Path[1].NS)
	assert.Equal(t, "urn:p7", got[1].Path[0].NS)
	assert.Empty(t, ws.List)
}

// TestDecodeLinear feeds 1 MB of each construct the tokenizer loops over; every one must
// be read in linear time.
func TestDecodeLinear(t *testing.T) {
	const n = 1 << 20
	for name, s := range map[string]string{
		"nested declarations":   "<!D" + strings.Repeat("<", n) + ">",
		"comments in a DOCTYPE": "<!D" + strings.Repeat("<!--", n/4),
		"references":            wrap("<ex:a>" + strings.Repeat("&amp;", n/5) + "</ex:a>"),
		"carriage returns":      wrap("<ex:a>" + strings.Repeat("\r", n) + "</ex:a>"),
		"attributes":            wrap("<ex:a" + strings.Repeat(` ex:b="1"`, n/9) + "/>"),
		"non-ASCII names":       wrap(strings.Repeat("<ex:ä/>", n/8)),
		"open PIs":              strings.Repeat("<?a ?", n/4),
		"dashes in a comment":   "<!--" + strings.Repeat("-x", n/2),
		"open elements":         wrap(strings.Repeat("<ex:a>", n/6)),
		"brackets":              wrap("<ex:a>" + strings.Repeat("x]]", n/3) + "</ex:a>"),
		"CDATA sections":        wrap("<ex:a>" + strings.Repeat("<![CDATA[\r]]>", n/13) + "</ex:a>"),
	} {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			Decode(extract.Payload{Data: []byte(s)}, extract.Limits{}, nil)
			assert.Less(t, time.Since(start), testcorpus.HangGuard)
		})
	}
}

// TestDecodeReservesLittleForFewEntries: bytes that only look like markup to the output
// estimate (a value of '=', '<' in a comment) do not make the decoder reserve memory for
// entries the packet does not hold (it reserved 19 MB for a 200 KB packet of '=').
func TestDecodeReservesLittleForFewEntries(t *testing.T) {
	const n = 200 << 10
	for name, s := range map[string]string{
		"equals in a value": wrap("<ex:a>" + strings.Repeat("=", n) + "</ex:a>"),
		"tags in a comment": wrap("<!--" + strings.Repeat("<", n) + "--><ex:a>1</ex:a>"),
	} {
		t.Run(name, func(t *testing.T) {
			got := Decode(extract.Payload{Data: []byte(s)}, extract.DefaultLimits(), &extract.Warnings{})
			require.Len(t, got, 1)
			assert.LessOrEqual(t, cap(got), 4096, "entries reserved")
		})
	}
}

// TestDecodeHostileCorpus reads the generated hostile files of the shared corpus.
func TestDecodeHostileCorpus(t *testing.T) {
	for _, name := range []string{
		"gen-xmp-deeply-nested-5000.xmp", "gen-xmp-deeply-nested-1250.jpg", "gen-xmp-billion-laughs.jpg",
		"gen-xmp-external-entity.jpg", "gen-svg-billion-laughs.svg", "gen-xmp-not-well-formed.jpg",
		"gen-xmp-undeclared-prefix.jpg",
	} {
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(corpusDir, "malformed", name))
			if os.IsNotExist(err) {
				t.Skip("corpus absent")
			}
			require.NoError(t, err)
			if pkt, _ := findPacket(b); pkt != nil && !strings.HasSuffix(name, ".xmp") {
				b = pkt
			}
			var ws extract.Warnings
			start := time.Now()
			got := Decode(extract.Payload{Data: b}, extract.Limits{}, &ws)
			assert.Less(t, time.Since(start), testcorpus.HangGuard)
			assertSameAsOracle(t, b, extract.Limits{})
			for _, e := range got {
				assert.NotContains(t, e.Text, "root:") // /etc/passwd never leaks
				assert.LessOrEqual(t, len(e.Path), extract.DefaultLimits().MaxDepth)
			}
			t.Logf("%d values, warnings %v", len(got), codes(&ws))
		})
	}
}

func TestDecodeUndeclaredCorpus(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(corpusDir, "malformed", "gen-xmp-undeclared-prefix.jpg"))
	if os.IsNotExist(err) {
		t.Skip("corpus absent")
	}
	require.NoError(t, err)
	pkt, _ := findPacket(b)
	var ws extract.Warnings
	got := Decode(extract.Payload{Data: pkt}, extract.Limits{}, &ws)
	assert.NotEmpty(t, got)
	assert.Contains(t, codes(&ws), "xmp.undeclared-prefix")
}

func TestDecodeConcurrent(t *testing.T) {
	pkt, off := referencePacket(t)
	want := lines(Decode(extract.Payload{Data: pkt, Offset: off}, extract.Limits{}, nil))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 20 {
				var ws extract.Warnings
				got := Decode(extract.Payload{Data: pkt, Offset: off}, extract.Limits{}, &ws)
				assert.Equal(t, want, lines(got))
			}
		})
	}
	wg.Wait()
}

func TestDecodeDoesNotModifyInput(t *testing.T) {
	data := []byte(wrap("<ex:a>\x00a\xffb</ex:a>"))
	orig := string(data)
	Decode(extract.Payload{Data: data}, extract.Limits{}, nil)
	assert.Equal(t, orig, string(data))
}
