package xmp

import (
	"encoding/binary"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
)

// The single-pass tokenizer (lex.go, tree.go) is checked against the encoding/xml tree
// builder it replaced (oracle_xml_test.go): both run under the same Decode shell and must
// give identical entries (every field, offsets included) and identical warnings (code,
// offset and message; for "xmp.malformed" the message names the parser's own error, so
// only code and offset are compared). There is no intended difference.

// decodeOracle is Decode with the former encoding/xml tree builder.
func decodeOracle(p extract.Payload, lim extract.Limits, ws *extract.Warnings) []extract.RawEntry {
	return decode(nil, p, lim, ws, strategy{build: xmlBuild})
}

// sameAsOracle reports how the fast decoder and the oracle differ on data ("" if not).
func sameAsOracle(data []byte, lim extract.Limits) (diff string) {
	p := extract.Payload{Data: data, Offset: 7}
	var wsFast, wsOracle extract.Warnings
	fast := Decode(p, lim, &wsFast)
	want := decodeOracle(p, lim, &wsOracle)
	if len(fast) != len(want) {
		return "entries: fast " + strings.Join(lines(fast), " | ") + "\n oracle " + strings.Join(lines(want), " | ")
	}
	for i := range fast {
		f, o := fast[i], want[i]
		if line(f) != line(o) || f.Offset != o.Offset || f.Source != o.Source || f.Type != o.Type ||
			!samePath(f.Path, o.Path) {
			return "entry " + line(f) + " vs " + line(o)
		}
	}
	if wsFast.Dropped != wsOracle.Dropped || len(wsFast.List) != len(wsOracle.List) {
		return "warnings: fast " + strings.Join(codes(&wsFast), ",") + " oracle " + strings.Join(codes(&wsOracle), ",")
	}
	for i := range wsFast.List {
		f, o := wsFast.List[i], wsOracle.List[i]
		if f.Code != o.Code || f.Offset != o.Offset || f.Source != o.Source ||
			(f.Code != "xmp.malformed" && f.Msg != o.Msg) {
			return "warning " + f.String() + " vs " + o.String()
		}
	}
	return ""
}

// samePath compares paths step by step (NS URIs included).
func samePath(a, b []extract.XMPStep) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// assertSameAsOracle fails t when the fast decoder and the oracle differ on data.
func assertSameAsOracle(t *testing.T, data []byte, lim extract.Limits) {
	t.Helper()
	if d := sameAsOracle(data, lim); d != "" {
		t.Errorf("differs from the encoding/xml oracle on %q:\n %s", clip(data), d)
	}
}

// clip shortens data for a failure message.
func clip(b []byte) []byte {
	if len(b) > 300 {
		return b[:300]
	}
	return b
}

// tokenizerCases exercise the XML the tokenizer must read exactly as encoding/xml does,
// well-formed or not.
var tokenizerCases = []string{
	// character data and references
	wrap(`<ex:a>a&lt;b&gt;c&amp;d&apos;e&quot;f</ex:a>`),
	wrap(`<ex:a>&#65;&#x42;&#X43;</ex:a>`),
	wrap(`<ex:a>&#0;</ex:a>`),
	wrap(`<ex:a>&#xD800;</ex:a>`),
	wrap(`<ex:a>&#xFFFE;</ex:a>`),
	wrap(`<ex:a>&#x110000;</ex:a>`),
	wrap(`<ex:a>&#99999999999999999999999;</ex:a>`),
	wrap(`<ex:a>&#00000000000000000000065;</ex:a>`),
	wrap(`<ex:a>&#;</ex:a>`),
	wrap(`<ex:a>&#x;</ex:a>`),
	wrap(`<ex:a>&amp</ex:a>`),
	wrap(`<ex:a>& b</ex:a>`),
	wrap(`<ex:a>&;</ex:a>`),
	wrap(`<ex:a>&AMP;</ex:a>`),
	wrap(`<ex:a>&é;</ex:a>`),
	wrap(`<ex:a>&lol9;&amp;&x:y;&a.b-c;&_;&:;</ex:a><ex:b>&z;</ex:b>`),
	wrap(`<ex:a>&1a;</ex:a>`),
	wrap(`<ex:a>&-a;</ex:a>`),
	wrap(`<ex:a>&·;</ex:a>`),
	wrap(`<ex:a>&a·;&€;</ex:a>`),
	wrap(`<ex:a>&lol</ex:a>`),
	wrap("<ex:a>]]&x;>\r&y;\n</ex:a>"),
	wrap(`<ex:a ex:q="&x;" ex:r="&y;&z">1</ex:a>`),
	wrap(`<ex:a ex:q="&x;" ex:r="1"/>&y;<ex:b>&z;</ex:b>`),
	`<!DOCTYPE x [<!ENTITY a "&b;">]>&c;` + wrap(`<ex:a>1</ex:a>`),
	wrap("<ex:a>a\r\nb\rc\n\r\r\nd</ex:a>"),
	wrap("<ex:a>\r&amp;\n</ex:a>"),
	wrap(`<ex:a>x]]>y</ex:a>`),
	wrap(`<ex:a>x]]&gt;y]&#93;>]]</ex:a>`),
	wrap("<ex:a>\uFFFE</ex:a>"),
	wrap("<ex:a>\uFFFF</ex:a>"),
	wrap("<ex:a>\uFFFD\U0001F600</ex:a>"),
	wrap(`<ex:a>1</ex:a>text after`),
	// CDATA
	wrap(`<ex:a><![CDATA[]]></ex:a>`),
	wrap(`<ex:a><![CDATA[x]]]></ex:a>`),
	wrap("<ex:a><![CDATA[a\r\nb\rc]]>&amp;<![CDATA[<&>]]></ex:a>"),
	wrap(`<ex:a><![CDATA[x]]><rdf:Bag><rdf:li>1</rdf:li></rdf:Bag></ex:a>`),
	wrap(`<ex:a><![cdata[x]]></ex:a>`),
	wrap(`<ex:a><![CDATA[x</ex:a>`),
	// attributes
	wrap(`<ex:a ex:q='single "quoted"' ex:r="double 'quoted'"/>`),
	wrap(`<ex:a ex:q="1"ex:r="2"/>`),
	wrap("<ex:a\n\tex:q\r\n=\n'1'\n/>"),
	wrap(`<ex:a ex:q="a&amp;b&#10;c]]>d"/>`),
	wrap("<ex:a ex:q=\"a\r\nb\tc\"/>"),
	wrap(`<ex:a ex:q="a<b"/>`),
	wrap(`<ex:a ex:q=1/>`),
	wrap(`<ex:a ex:q/>`),
	wrap(`<ex:a ex:q="1" / >`),
	wrap(`<ex:a ex:q="&bogus;"/>`),
	wrap(`<ex:a ex:q="` + "\uFFFF" + `"/>`),
	wrap(`<ex:a xmlns:="urn:x" a:="1" :b="2" xmlns="http://example.com/ns/"><b>1</b></ex:a>`),
	// names
	wrap(`<ex:a:b>1</ex:a:b>`),
	wrap(`<ex:ä>1</ex:ä>`),
	wrap(`<ex:a·b>1</ex:a·b>`),
	wrap(`<ex:€>1</ex:€>`),
	wrap(`<ex:1a>1</ex:1a>`),
	wrap(`<ex:-a>1</ex:-a>`),
	wrap(`<:a>1</:a>`),
	wrap(`<a:>1</a:>`),
	wrap(`<ex:a >1</ex:a >`),
	wrap(`<ex:a>1</ex:a x>`),
	wrap(`<ex:a>1</ ex:a>`),
	wrap(`< ex:a>1</ex:a>`),
	wrap(`<ex:a>1</dc:a>`),
	// comments, processing instructions, directives
	wrap(`<ex:a>1<!-- c --></ex:a><!---->`),
	wrap(`<ex:a>1<!-- a -- b --></ex:a>`),
	wrap(`<ex:a>1<!--- c ---></ex:a>`),
	wrap(`<ex:a>1<!- c --></ex:a>`),
	wrap(`<ex:a>1<?pi data?><?pi?></ex:a>`),
	wrap(`<ex:a>1<? pi?></ex:a>`),
	wrap(`<ex:a>1<?pi </ex:a>`),
	`<?xml version="1.1"?>` + wrap(`<ex:a>1</ex:a>`),
	`<?xml version='1.0' encoding='ISO-8859-1'?>` + wrap(`<ex:a>1</ex:a>`),
	`<?xml xversion="2" version="1.0"?>` + wrap(`<ex:a>1</ex:a>`),
	`<?xml version=1.1 version="1.0"?>` + wrap(`<ex:a>1</ex:a>`),
	`<!DOCTYPE x>` + wrap(`<ex:a>1</ex:a>`),
	`<!DOCTYPE x [<!ENTITY a "<b>">]><!DOCTYPE y>` + wrap(`<ex:a>1</ex:a>`),
	`<!DOC<!-- c -->TYPE x>` + wrap(`<ex:a>1</ex:a>`),
	`<!DOCTYPE x [<!-- ] > -->]>` + wrap(`<ex:a>1</ex:a>`),
	`<!DOCTYPE x "<>' >` + wrap(`<ex:a>1</ex:a>`),
	`<!>>` + wrap(`<ex:a>1</ex:a>`),
	`<!"DOCTYPE>` + wrap(`<ex:a>1</ex:a>`),
	`<!DOCTYPE x [<<a>]>` + wrap(`<ex:a>1</ex:a>`),
	`<!DOCTYPE`,
	`<!`,
	`<`,
	`<x`,
	`<x:xmpmeta xmlns:x="adobe:ns:meta/"/>`,
	`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>trailing]]>`,
	`]]><rdf:RDF/>`,
	// structure
	wrap(`<ex:a>text<!-- c -->more<ex:f>x</ex:f>tail</ex:a>`),
	wrap(`<ex:a>t&amp;ext<ex:f>x</ex:f></ex:a>`),
	wrap(`<ex:a>a<![CDATA[b]]>c&amp;d</ex:a>`),
	`<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:ex="http://example.com/ns/"><ex:a>open`,
	`<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:ex="http://example.com/ns/"><ex:a ex:b="1`,
}

// manyNamespaces declares more namespaces than resolve searches one by one, with
// redeclarations in inner elements, so that the parser's prefix index is exercised.
func manyNamespaces() string {
	var sb strings.Builder
	sb.WriteString(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description`)
	for i := range 70 {
		sb.WriteString(` xmlns:p` + strconv.Itoa(i) + `="urn:p` + strconv.Itoa(i) + `"`)
	}
	sb.WriteString(`><p1:a xmlns:p1="urn:in" xmlns="urn:default"><b>1</b><p69:c xmlns:p69="urn:in69">2</p69:c><p69:c>3</p69:c></p1:a>`)
	sb.WriteString(`<p1:a>4</p1:a><q:u>5</q:u><p3:v xmlns:p3="" xmlns:q="urn:q"><q:u>6</q:u></p3:v><q:u>7</q:u></rdf:Description></rdf:RDF>`)
	return sb.String()
}

func TestDifferentialSynthetic(t *testing.T) {
	lims := []extract.Limits{{}, {MaxDepth: 5, MaxEntries: 3}}
	for _, s := range append(tokenizerCases, manyNamespaces()) {
		for _, lim := range lims {
			assertSameAsOracle(t, []byte(s), lim)
			// every prefix of the packet: truncation anywhere
			for n := range len(s) {
				if d := sameAsOracle([]byte(s[:n]), lim); d != "" {
					t.Errorf("prefix %d of %q: %s", n, s, d)
					break
				}
			}
		}
	}
}

func TestDifferentialReference(t *testing.T) {
	pkt, _ := referencePacket(t)
	assertSameAsOracle(t, pkt, extract.Limits{})
	assertSameAsOracle(t, pkt, extract.Limits{MaxDepth: 6, MaxEntries: 100})
	for _, n := range []int{1, 100, 1000, 5000, 10000, len(pkt) / 2, len(pkt) - 1} {
		assertSameAsOracle(t, pkt[:n], extract.Limits{})
	}
}

func TestDifferentialCorpus(t *testing.T) {
	packets := corpusPackets(t)
	for name, pkt := range packets {
		if d := sameAsOracle(pkt, extract.Limits{}); d != "" {
			t.Errorf("%s: %s", name, d)
		}
	}
	t.Logf("%d corpus packets decoded identically both ways", len(packets))
}

// FuzzDifferential requires the fast decoder to agree with the encoding/xml oracle on any
// input: the same entries and the same warnings.
func FuzzDifferential(f *testing.F) {
	if b, err := os.ReadFile(referenceJPEG); err == nil {
		if pkt, _ := findPacket(b); pkt != nil {
			f.Add(pkt)
		}
	}
	for _, s := range tokenizerCases {
		f.Add([]byte(s))
	}
	f.Add(encode16(wrap(`<ex:a>1</ex:a>`), binary.BigEndian, false))
	f.Fuzz(func(t *testing.T, data []byte) {
		lim := extract.Limits{MaxDepth: 8, MaxEntries: 200}
		require.Empty(t, sameAsOracle(data, lim))
	})
}

func TestDifferentialHelpers(t *testing.T) {
	assert.Equal(t, "1.0", pseudoAttr(`version="1.0"`, "version"))
	assert.Equal(t, "2", pseudoAttr(`xversion='2' version="1.0"`, "version"))
	assert.Empty(t, pseudoAttr(`version=1.1`, "version"))
	assert.Empty(t, pseudoAttr(`version="1.1`, "version"))
	for _, tc := range []struct{ in, prefix, local string }{
		{"a:b>", "a", "b"}, {":b>", "", ":b"}, {"a:>", "", "a:"}, {"ab ", "", "ab"},
	} {
		prefix, local, _, err := scanQName(tc.in, 0)
		require.NoError(t, err, tc.in)
		assert.Equal(t, []string{tc.prefix, tc.local}, []string{prefix, local}, tc.in)
	}
	for _, in := range []string{"a:b:c>", "1a>", "-a>", ">", "ab"} {
		_, _, _, err := scanQName(in, 0)
		assert.Error(t, err, in)
	}
}

func TestFirstControl(t *testing.T) {
	naive := func(b []byte) int {
		for i, c := range b {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return i
			}
		}
		return len(b)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("\x00\x01\t\n\r\x1f  ab<>\x7f\x80\xff")
	for range 5000 {
		b := make([]byte, rng.IntN(100))
		for i := range b {
			b[i] = 'x'
			if rng.IntN(6) == 0 {
				b[i] = alphabet[rng.IntN(len(alphabet))]
			}
		}
		require.Equal(t, naive(b), firstControl(b), "%q", b)
	}
}

func TestSkipBlank(t *testing.T) {
	naive := func(s string, i int) int {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') {
			i++
		}
		return i
	}
	rng := rand.New(rand.NewPCG(3, 4))
	alphabet := []byte("\x00\x08\t\n\x0b\r\x1f !<>\x7f\x80\x89\x8a\xa0\xff")
	for range 5000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			b[i] = " \t\n"[rng.IntN(3)]
			if rng.IntN(8) == 0 {
				b[i] = alphabet[rng.IntN(len(alphabet))]
			}
		}
		s := string(b)
		for i := 0; i <= len(s); i++ {
			require.Equal(t, naive(s, i), skipBlank(s, i), "%q at %d", s, i)
		}
	}
}

// scanQNameBytewise is scanQName as it was written before its runs stopped at non-ASCII
// bytes: the reference TestScanQNameRuns compares scanQName with.
func scanQNameBytewise(s string, i int) (prefix, local string, end int, err error) {
	var seen uint8
	j, colon, colons := i, -1, 0
	for {
		for j < len(s) {
			c := class[s[j]]
			if c&clsPlain == 0 {
				break
			}
			seen |= c
			j++
		}
		if j == len(s) || s[j] != ':' {
			break
		}
		if colons == 0 {
			colon = j
		}
		colons++
		j++
	}
	switch {
	case j == len(s):
		return "", "", j, errEOF
	case j == i, colons > 1:
		return "", "", j, errName
	case seen&clsNonASCII != 0:
		if !validUnicodeName(s[i:j]) {
			return "", "", j, errName
		}
	case class[s[i]]&clsFirst == 0:
		return "", "", j, errName
	}
	if colons == 0 || colon == i || colon == j-1 {
		return "", s[i:j], j, nil
	}
	return s[i:colon], s[colon+1 : j], j, nil
}

func TestScanQNameRuns(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	common := []byte("ab:Z_-.09:  >/=\n\xc3\xa9\xe2\x80\xff")
	for range 5000 {
		b := make([]byte, rng.IntN(24))
		for i := range b {
			if rng.IntN(10) == 0 {
				b[i] = byte(rng.IntN(256))
			} else {
				b[i] = common[rng.IntN(len(common))]
			}
		}
		s := string(b)
		for i := 0; i < len(s); i++ {
			p1, l1, e1, err1 := scanQNameBytewise(s, i)
			p2, l2, e2, err2 := scanQName(s, i)
			require.Equal(t, []any{p1, l1, e1, err1}, []any{p2, l2, e2, err2}, "%q at %d", s, i)
		}
	}
}
