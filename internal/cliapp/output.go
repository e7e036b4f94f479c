package cliapp

import (
	"fmt"
	"path"
	"strings"

	"github.com/embedmeta/embedmeta"
)

// pattern selects keys for -t/-x: a group ("exif", "iptc", "xmp", "composite", "" for any)
// and a name pattern ("" for any; * and ? wildcards, [...] classes), both lower-cased.
type pattern struct{ group, name string }

// knownGroup reports whether g (lower-cased) names a group a pattern may select. A switch,
// not a map literal, which a package initialiser would build at every start.
func knownGroup(g string) bool {
	switch g {
	case "", "*", "exif", "iptc", "xmp", "composite":
		return true
	}
	return false
}

func parsePattern(s string) (pattern, error) {
	p := pattern{name: strings.ToLower(s)}
	if g, n, ok := strings.Cut(p.name, ":"); ok {
		p.group, p.name = g, n
	}
	if !knownGroup(p.group) {
		return p, fmt.Errorf("unknown group %q in %q (EXIF, IPTC, XMP or Composite)", p.group, s)
	}
	if p.group == "*" {
		p.group = ""
	}
	if p.name == "*" {
		p.name = ""
	}
	if _, err := path.Match(p.name, ""); err != nil {
		return p, fmt.Errorf("bad key pattern %q: %v", s, err)
	}
	return p, nil
}

func (p pattern) match(f embedmeta.Field) bool {
	if p.group != "" && p.group != strings.ToLower(f.Source.String()) {
		return false
	}
	if p.name == "" {
		return true
	}
	key := strings.ToLower(f.Key)
	if !strings.ContainsAny(p.name, "*?[") {
		return p.name == key
	}
	ok, _ := path.Match(p.name, key) // validated by parsePattern; keys hold no '/'
	return ok
}

// selector applies -t and -x.
type selector struct{ include, exclude []pattern }

func newSelector(cfg *config) selector {
	var s selector
	for _, t := range cfg.tags {
		p, _ := parsePattern(t) // validated by parseFlags
		s.include = append(s.include, p)
	}
	for _, x := range cfg.exclude {
		p, _ := parsePattern(x)
		s.exclude = append(s.exclude, p)
	}
	return s
}

func (s selector) keep(f embedmeta.Field) bool {
	if len(s.include) > 0 {
		in := false
		for _, p := range s.include {
			if p.match(f) {
				in = true
				break
			}
		}
		if !in {
			return false
		}
	}
	for _, p := range s.exclude {
		if p.match(f) {
			return false
		}
	}
	return true
}

// printer renders records as the flags ask.
type printer struct {
	cfg  *config
	sel  selector
	opts embedmeta.RecordOptions // from cfg and sel (recordOptions)
}

// newPrinter returns the printer of cfg's output.
func newPrinter(cfg *config) *printer {
	p := &printer{cfg: cfg, sel: newSelector(cfg)}
	p.opts = p.recordOptions()
	return p
}

// recordOptions returns the library's record options for the flags: -G, --facts and the
// -t/-x selection (none when no pattern is given, the fast path).
func (p *printer) recordOptions() embedmeta.RecordOptions {
	o := embedmeta.RecordOptions{Facts: p.cfg.facts, Groups: p.cfg.groups}
	if len(p.sel.include) > 0 || len(p.sel.exclude) > 0 {
		o.Keep = p.sel.keep
	}
	return o
}

// appendMetadata writes the embeddedMetadata object: selected keys, group prefixes under -G.
func (p *printer) appendMetadata(dst []byte, md *embedmeta.Metadata) []byte {
	return md.AppendJSON(dst, p.opts)
}

// appendRecord writes one per-file record (the library's AppendRecord).
func (p *printer) appendRecord(dst []byte, r result) []byte {
	return embedmeta.AppendRecord(dst, r.name, r.md, r.err, p.opts)
}

// indent pretty-prints compact JSON (--pretty) as encoding/json's Indent does with indent
// "  ": a newline, prefix and the depth's indents before each member and element and before
// a closing bracket, a space after each colon, "{}" and "[]" kept empty, strings as they
// are, whitespace between tokens dropped. It is its own because importing encoding/json
// runs its package initialisers and encoding/base64's at every start (issue 16.3); the
// records it indents are the library's valid JSON, and TestIndentAsEncodingJSON compares
// it with json.Indent on every record of the reference and the samples.
func indent(compact []byte, prefix string) []byte {
	dst := make([]byte, 0, len(compact)+len(compact)/2)
	newline := func(depth int) {
		dst = append(dst, '\n')
		dst = append(dst, prefix...)
		for range depth {
			dst = append(dst, "  "...)
		}
	}
	depth := 0
	open := false // after '{' or '[': the indent waits for the first member or element
	inString, escaped := false, false
	for _, c := range compact {
		if inString {
			dst = append(dst, c)
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		}
		if open && c != '}' && c != ']' {
			open = false
			depth++
			newline(depth)
		}
		switch c {
		case '"':
			inString = true
			dst = append(dst, c)
		case '{', '[':
			open = true
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			newline(depth)
		case ':':
			dst = append(dst, c, ' ')
		case '}', ']':
			if open {
				open = false
			} else {
				depth--
				newline(depth)
			}
			dst = append(dst, c)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}
