package xmp

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	gx "github.com/trimmer-io/go-xmp/xmp"
)

// The differential oracle: trimmer-io/go-xmp (no models registered) parses the same packet;
// its node tree is walked here (not Document.ListPaths, which drops simple list items) and
// its leaf (path, value) pairs are compared with ours, modulo go-xmp's known defects: it
// trims values (we compare trimmed text and drop empty values on both sides), it keeps no
// container indices (paths are compared as local names only, as a multiset), and it fails
// whole packets we read (those are skipped and counted).

// corpusDir holds the shared corpus of real files.
var corpusDir = testcorpus.Dir()

// oracle returns the leaf values go-xmp finds, as "local/local=value" lines.
func oracle(pkt []byte) (lines []string, err error) {
	defer func() {
		if r := recover(); r != nil {
			lines, err = nil, fmt.Errorf("go-xmp panicked: %v", r)
		}
	}()
	doc, err := gx.Read(bytes.NewReader(pkt))
	if err != nil {
		return nil, err
	}
	defer doc.Close()
	for _, n := range doc.Nodes() {
		lines = oracleWalk(n, nil, lines)
	}
	return lines, nil
}

// gxName splits a go-xmp name (translated "prefix:local", or untranslated URI + local).
func gxName(n xml.Name) (prefix, local string) {
	switch n.Space {
	case "":
		if i := strings.IndexByte(n.Local, ':'); i >= 0 {
			return n.Local[:i], n.Local[i+1:]
		}
		return "", n.Local
	case nsRDF:
		return "rdf", n.Local
	case nsXML:
		return "xml", n.Local
	}
	return n.Space, n.Local
}

func oracleWalk(n *gx.Node, path []string, out []string) []string {
	emit := func(path []string, v string) {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, strings.Join(path, "/")+"="+v)
		}
	}
	for _, a := range n.Attr {
		p, l := gxName(a.Name)
		switch {
		case p == "xmlns" || p == "xml" || (p == "" && l == "xmlns"):
		case p == "rdf" || (p == "" && (rdfSyntaxAttr(l) || l == "value")):
			if l == "resource" || l == "value" {
				emit(path, a.Value)
			}
		default:
			emit(append(path[:len(path):len(path)], l), a.Value)
		}
	}
	for _, c := range n.Nodes {
		p, l := gxName(c.XMLName)
		if p == "rdf" && l == "type" {
			continue // an RDF type statement: not XMP data, we skip it too
		}
		if p == "rdf" {
			out = oracleWalk(c, path, out)
		} else {
			out = oracleWalk(c, append(path[:len(path):len(path)], l), out)
		}
	}
	if len(n.Nodes) == 0 {
		emit(path, n.Value)
	}
	return out
}

// ours returns our entries in the oracle's form.
func ours(es []extract.RawEntry) []string {
	var out []string
	for _, e := range es {
		v := strings.TrimSpace(e.Text)
		if v == "" || e.Path[0].NS == nsRDF && e.Path[0].Name == "about" {
			continue // go-xmp does not report the subject (rdf:about)
		}
		var names []string
		for _, s := range e.Path {
			if s.Name != "" {
				names = append(names, s.Name)
			}
		}
		out = append(out, strings.Join(names, "/")+"="+v)
	}
	return out
}

// diff returns the lines only in a and only in b, as sets: go-xmp keeps one of several
// equal top-level properties (it replaces a node by a later one of the same name).
func diff(a, b []string) (onlyA, onlyB []string) {
	count := map[string]int{}
	for _, s := range a {
		count[s] |= 1
	}
	for _, s := range b {
		count[s] |= 2
	}
	for s, n := range count {
		switch n {
		case 1:
			onlyA = append(onlyA, s)
		case 2:
			onlyB = append(onlyB, s)
		}
	}
	slices.Sort(onlyA)
	slices.Sort(onlyB)
	return onlyA, onlyB
}

func init() { gx.SetLogLevel(gx.LogLevelError) }

func TestOracleReference(t *testing.T) {
	pkt, _ := referencePacket(t)
	theirs, err := oracle(pkt)
	require.NoError(t, err)
	got := Decode(extract.Payload{Data: pkt}, extract.Limits{}, nil)
	onlyOurs, onlyTheirs := diff(ours(got), theirs)
	assert.Empty(t, onlyOurs)
	assert.Empty(t, onlyTheirs)
	assert.Len(t, theirs, 232)
}

func TestOracleSynthetic(t *testing.T) {
	// go-xmp reads namespace declarations only from rdf:Description elements.
	wrap := func(props string) string {
		return `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
			`<rdf:Description rdf:about=""` + nsDecl + `>` + props + `</rdf:Description></rdf:RDF></x:xmpmeta>`
	}
	for _, p := range []string{
		wrap(`<dc:subject><rdf:Bag><rdf:li>k1</rdf:li><rdf:li>k2</rdf:li></rdf:Bag></dc:subject>`),
		wrap(`<ex:s1 rdf:parseType="Resource"><ex:f> 1 </ex:f></ex:s1><ex:s3 ex:f="5" ex:g="6"/>`),
		wrap(`<ex:list><rdf:Seq><rdf:li rdf:parseType="Resource"><ex:f>a</ex:f></rdf:li><rdf:li><rdf:Description><ex:f>b</ex:f></rdf:Description></rdf:li></rdf:Seq></ex:list>`),
		wrap(`<ex:q rdf:parseType="Resource"><rdf:value>v</rdf:value><ex:qual>w</ex:qual></ex:q><ex:link rdf:resource="http://x/"/>`),
	} {
		theirs, err := oracle([]byte(p))
		require.NoError(t, err)
		onlyOurs, onlyTheirs := diff(ours(Decode(extract.Payload{Data: []byte(p)}, extract.Limits{}, nil)), theirs)
		assert.Empty(t, onlyOurs, p)
		assert.Empty(t, onlyTheirs, p)
	}
}

// corpusPackets returns the XMP packets of the corpus: .xmp sidecars whole, other files by
// a byte search for the x:xmpmeta element.
func corpusPackets(t *testing.T) map[string][]byte {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skip("corpus absent")
	}
	out := map[string][]byte{}
	err := filepath.WalkDir(corpusDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if info, err := d.Info(); err != nil || info.Size() > 64<<20 {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(corpusDir, path)
		if strings.HasSuffix(path, ".xmp") {
			out[rel] = b
		} else if pkt, _ := findPacket(b); pkt != nil {
			out[rel] = pkt
		}
		return nil
	})
	require.NoError(t, err)
	return out
}

// knownDifferences are corpus packets where go-xmp is wrong or we decline by design.
var knownDifferences = map[string]string{
	"xmp-sidecar/exiftool-XMP.xmp":             "go-xmp keeps only the last character-data chunk of a value split by CDATA",
	"malformed/gen-xmp-deeply-nested-1250.jpg": "we skip elements nested deeper than Limits.MaxDepth",
	"malformed/gen-xmp-deeply-nested-5000.xmp": "we skip elements nested deeper than Limits.MaxDepth",
}

func TestOracleCorpus(t *testing.T) {
	packets := corpusPackets(t)
	compared, theirFailures, agree := 0, 0, 0
	for name, pkt := range packets {
		var ws extract.Warnings
		got := Decode(extract.Payload{Data: pkt}, extract.Limits{}, &ws)
		theirs, err := oracle(pkt)
		if err != nil {
			theirFailures++
			t.Logf("%s: go-xmp fails (%v); we decode %d values, warnings %v", name, err, len(got), codes(&ws))
			continue
		}
		compared++
		onlyOurs, onlyTheirs := diff(ours(got), theirs)
		if len(onlyOurs) == 0 && len(onlyTheirs) == 0 {
			agree++
			continue
		}
		if why, ok := knownDifferences[name]; ok {
			t.Logf("%s: known difference: %s", name, why)
			continue
		}
		t.Errorf("%s: differs from go-xmp\n only ours:   %q\n only theirs: %q", name, head(onlyOurs), head(onlyTheirs))
	}
	t.Logf("%d packets: %d compared, %d identical, %d failed in go-xmp", len(packets), compared, agree, theirFailures)
}

func head(s []string) []string {
	if len(s) > 8 {
		return append(s[:8:8], fmt.Sprintf("... %d more", len(s)-8))
	}
	return s
}
