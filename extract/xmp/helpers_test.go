package xmp

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/stretchr/testify/require"
)

// referenceJPEG is the IPTC 2019.1 reference image kept in the module's testdata.
var referenceJPEG = filepath.Join("..", "..", "testdata", "IPTC-PhotometadataRef-Std2019.1.jpg")

// referencePacket returns the XMP packet of the reference image and its file offset,
// found by a plain byte search (the file has no Extended XMP).
func referencePacket(t testing.TB) ([]byte, int64) {
	t.Helper()
	b, err := os.ReadFile(referenceJPEG)
	if os.IsNotExist(err) {
		t.Skip("reference image absent")
	}
	require.NoError(t, err)
	pkt, off := findPacket(b)
	require.NotNil(t, pkt, "no x:xmpmeta in the reference image")
	return pkt, off
}

// findPacket returns the first <x:xmpmeta ...</x:xmpmeta> (or x:xapmeta) of b and its offset.
func findPacket(b []byte) ([]byte, int64) {
	for _, root := range []string{"x:xmpmeta", "x:xapmeta"} {
		s := bytes.Index(b, []byte("<"+root))
		if s < 0 {
			continue
		}
		end := []byte("</" + root + ">")
		e := bytes.Index(b[s:], end)
		if e < 0 {
			return b[s:], int64(s)
		}
		return b[s : s+e+len(end)], int64(s)
	}
	return nil, -1
}

// prefixes maps namespace URIs to the prefixes used to print paths in tests.
var prefixes = func() map[string]string {
	m := map[string]string{}
	for _, sp := range standardPrefixes {
		p, uri := sp.prefix, sp.uri
		if old, ok := m[uri]; ok && !strings.HasPrefix(old, "xap") {
			continue
		}
		m[uri] = p
	}
	m["http://example.com/ns/"] = "ex"
	return m
}()

// pathString prints a path as prefix:Name[i]/prefix:Field (index only inside containers).
func pathString(path []extract.XMPStep) string {
	var sb strings.Builder
	for i, s := range path {
		if i > 0 {
			sb.WriteByte('/')
		}
		if s.Name != "" || s.NS != "" {
			p, ok := prefixes[s.NS]
			if !ok {
				p = s.NS
			}
			sb.WriteString(p + ":" + s.Name)
		}
		if s.Container != extract.NoContainer {
			fmt.Fprintf(&sb, "[%s %d]", s.Container, s.Index)
		}
	}
	return sb.String()
}

// line prints an entry as "path=text" plus "@lang" when a language is in effect.
func line(e extract.RawEntry) string {
	s := pathString(e.Path) + "=" + e.Text
	if e.Lang != "" {
		s += " @" + e.Lang
	}
	return s
}

// lines prints all entries.
func lines(es []extract.RawEntry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = line(e)
	}
	return out
}

// codes lists the codes of the warnings.
func codes(ws *extract.Warnings) []string {
	var out []string
	for _, w := range ws.List {
		out = append(out, w.Code)
	}
	return out
}
