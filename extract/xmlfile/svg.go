package xmlfile

import (
	"bytes"
	"io"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/schema"
)

// svgChunk is how many bytes the search for <metadata> reads at once.
const svgChunk = 64 << 10

// LocateSVG reads an SVG document of size bytes and returns the XMP packet of its
// <metadata> element (SVG 1.1 §21.2): the x:xmpmeta (or legacy x:xapmeta) element, or a
// bare rdf:RDF element, as Payloads.XMP. The namespace prefixes the packet uses but that are
// declared on the <svg> or <metadata> start tag are copied onto the packet's root start tag,
// so the packet stands alone. Only the first <metadata> element is read; the search for it
// stops at Limits.MaxTotalRead, and the packet is bounded by Limits.MaxXMPBytes.
func LocateSVG(r io.ReaderAt, size int64, lim extract.Limits, ws *extract.Warnings) (extract.Payloads, error) {
	out, size, err := open(r, size, svgFile)
	if err != nil {
		return out, err
	}
	lim = lim.Resolved()
	s := &scanner{r: r, size: size, budget: lim.MaxTotalRead, ws: ws}
	var inherited [][2][]byte
	if at, ok := s.findTag(0, "svg"); ok {
		inherited = append(inherited, s.xmlnsOf(at)...)
	}
	m, ok := s.findTag(0, "metadata")
	if !ok {
		return out, nil
	}
	inherited = append(inherited, s.xmlnsOf(m)...)
	end, ok := s.findClose(m, "metadata")
	if !ok {
		end = size
	}
	if end-m > lim.MaxXMPBytes {
		ws.Add(WarnTooLarge, schema.SourceXMP, m, "SVG metadata of %d bytes exceeds the limit", end-m)
		return out, nil
	}
	body, ok := s.read(m, end-m)
	if !ok {
		return out, nil
	}
	start, stop := packetSpan(body)
	switch {
	case start < 0:
		ws.Add(WarnNoXMP, schema.SourceXMP, m, "SVG metadata without an XMP packet")
		return out, nil
	case stop < 0:
		ws.Add(WarnUnclosed, schema.SourceXMP, m+int64(start), "the XMP element in SVG metadata is not closed")
		stop = len(body)
	}
	pkt := withNamespaces(body[start:stop], inherited)
	out.XMP = append(out.XMP, extract.Payload{Data: pkt, Offset: m + int64(start)})
	return out, nil
}

// scanner searches an XML document through an io.ReaderAt within a read budget.
type scanner struct {
	r      io.ReaderAt
	size   int64
	budget int64 // bytes that may still be read
	ws     *extract.Warnings
	warned bool
}

// read returns n bytes at off, or false when they do not exist or the budget is spent.
func (s *scanner) read(off, n int64) ([]byte, bool) {
	if off < 0 || n < 0 || off > s.size || n > s.size-off {
		return nil, false
	}
	if n > s.budget {
		if !s.warned {
			s.warned = true
			s.ws.Add(WarnScanLimit, 0, off, "read limit reached while searching the SVG")
		}
		return nil, false
	}
	s.budget -= n
	b := make([]byte, n)
	if !extract.ReadFull(s.r, b, off) {
		return nil, false
	}
	return b, true
}

// find returns the offset of the first pat at or after from, reading in chunks that overlap
// by len(pat)-1 bytes, for which ok(chunk, i) accepts the match at chunk[i].
func (s *scanner) find(from int64, pat []byte, ok func(b []byte, i int) bool) (int64, bool) {
	for from < s.size {
		n := min(int64(svgChunk), s.size-from)
		b, good := s.read(from, n)
		if !good {
			return 0, false
		}
		for i := 0; ; {
			j := bytes.Index(b[i:], pat)
			if j < 0 {
				break
			}
			if ok(b, i+j) {
				return from + int64(i+j), true
			}
			i += j + 1
		}
		if from+n >= s.size {
			break
		}
		from += n - int64(len(pat)) - 64 // overlap: the pattern and a little context before it
	}
	return 0, false
}

// findTag returns the offset of the '<' of the first start tag named local (with or
// without a prefix) at or after from.
func (s *scanner) findTag(from int64, local string) (int64, bool) {
	var lt int64
	at, ok := s.find(from, []byte(local), func(b []byte, i int) bool {
		st := tagStart(b, i)
		if st < 0 || !startsTag(b[i:], local) {
			return false
		}
		lt = int64(i - st)
		return true
	})
	return at - lt, ok
}

// findClose returns the offset just past the first end tag named local at or after from.
func (s *scanner) findClose(from int64, local string) (int64, bool) {
	at, ok := s.find(from, []byte(local+">"), func(b []byte, i int) bool {
		j := i
		for j > 0 && j > i-32 && isNameByte(b[j-1]) {
			j--
		}
		if j > 0 && b[j-1] == ':' { // a prefix
			j--
			for j > 0 && isNameByte(b[j-1]) {
				j--
			}
		}
		return j >= 2 && b[j-1] == '/' && b[j-2] == '<' && (i == j || b[i-1] == ':')
	})
	return at + int64(len(local)) + 1, ok
}

// xmlnsOf returns the namespace declarations (prefix, URI) of the start tag at off.
func (s *scanner) xmlnsOf(off int64) [][2][]byte {
	b, ok := s.read(off, min(8<<10, s.size-off))
	if !ok {
		return nil
	}
	if i := bytes.IndexByte(b, '>'); i >= 0 {
		b = b[:i]
	}
	return xmlnsDecls(b)
}

// tagStart returns the index of the '<' that opens the start-tag name containing b[i]
// (either "<name" or "<prefix:name"), or -1.
func tagStart(b []byte, i int) int {
	if i > 0 && b[i-1] == '<' {
		return i - 1
	}
	if i > 0 && b[i-1] == ':' {
		j := i - 1
		for j > 0 && i-j < 40 && isNameByte(b[j-1]) {
			j--
		}
		if j > 0 && j < i-1 && b[j-1] == '<' {
			return j - 1
		}
	}
	return -1
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
}

// packetSpan returns where the XMP element inside a <metadata> element starts and ends
// (just past its end tag): the first start tag named xmpmeta or xapmeta (any prefix) or
// rdf:RDF. start is -1 when there is none; stop is -1 when it is not closed.
func packetSpan(b []byte) (start, stop int) {
	start = -1
	var closing []byte
	for _, local := range []string{"xmpmeta", "xapmeta", "RDF"} {
		for i := 0; ; {
			j := bytes.Index(b[i:], []byte(local))
			if j < 0 {
				break
			}
			at := i + j
			i = at + 1
			st := tagStart(b, at)
			if st < 0 || !startsTag(b[at:], local) || (local == "RDF" && !bytes.Equal(b[st:at], []byte("<rdf:"))) {
				continue
			}
			if start < 0 || st < start {
				start = st
				closing = append([]byte("</"), b[st+1:at+len(local)]...)
				closing = append(closing, '>')
			}
			break
		}
	}
	if start < 0 {
		return -1, -1
	}
	if k := bytes.Index(b[start:], closing); k >= 0 {
		return start, start + k + len(closing)
	}
	return start, -1
}

// xmlnsDecls returns the xmlns:prefix="uri" declarations of a start tag's text.
func xmlnsDecls(tag []byte) [][2][]byte {
	var out [][2][]byte
	for i := 0; ; {
		j := bytes.Index(tag[i:], []byte("xmlns:"))
		if j < 0 {
			return out
		}
		p := i + j + len("xmlns:")
		i = p
		if p-len("xmlns:") > 0 && isNameByte(tag[p-len("xmlns:")-1]) {
			continue
		}
		e := p
		for e < len(tag) && isNameByte(tag[e]) {
			e++
		}
		prefix := tag[p:e]
		k := e
		for k < len(tag) && (tag[k] == ' ' || tag[k] == '\t' || tag[k] == '\r' || tag[k] == '\n') {
			k++
		}
		if len(prefix) == 0 || k >= len(tag) || tag[k] != '=' {
			continue
		}
		k++
		for k < len(tag) && (tag[k] == ' ' || tag[k] == '\t' || tag[k] == '\r' || tag[k] == '\n') {
			k++
		}
		if k >= len(tag) || (tag[k] != '"' && tag[k] != '\'') {
			continue
		}
		q := tag[k]
		end := bytes.IndexByte(tag[k+1:], q)
		if end < 0 {
			return out
		}
		out = append(out, [2][]byte{prefix, tag[k+1 : k+1+end]})
		i = k + 1 + end
	}
}

// withNamespaces copies onto the packet's root start tag the inherited declarations of the
// prefixes it does not declare itself and that the packet uses ("prefix:").
func withNamespaces(pkt []byte, inherited [][2][]byte) []byte {
	if len(inherited) == 0 {
		return pkt
	}
	gt := bytes.IndexByte(pkt, '>')
	if gt < 0 {
		return pkt
	}
	name := 1
	for name < len(pkt) && (isNameByte(pkt[name]) || pkt[name] == ':') {
		name++
	}
	own := map[string]bool{}
	for _, d := range xmlnsDecls(pkt[:gt]) {
		own[string(d[0])] = true
	}
	var add []byte
	for _, d := range inherited {
		p := string(d[0])
		if own[p] || !bytes.Contains(pkt, []byte(p+":")) {
			continue
		}
		own[p] = true
		add = append(add, " xmlns:"...)
		add = append(add, p...)
		add = append(add, "=\""...)
		add = append(add, bytes.ReplaceAll(d[1], []byte(`"`), []byte("&quot;"))...)
		add = append(add, '"')
	}
	if len(add) == 0 {
		return pkt
	}
	out := make([]byte, 0, len(pkt)+len(add))
	out = append(out, pkt[:name]...)
	out = append(out, add...)
	return append(out, pkt[name:]...)
}
