package pdf

import (
	"bytes"
	"errors"
	"strconv"

	"github.com/embedmeta/embedmeta/extract/internal/nibble"
)

// kind is the type of a PDF object (ISO 32000-1 §7.3).
type kind uint8

const (
	kNull kind = iota
	kBool
	kInt
	kReal
	kName
	kString
	kArray
	kDict
	kRef
	kKeyword // an operator or keyword such as "obj", "stream", "R" (internal)
)

// object is one parsed PDF object. Only the fields of its kind are set.
type object struct {
	kind kind
	i    int64 // kInt; object number of kRef
	gen  int64 // generation of kRef
	s    string
	arr  []object
	dict map[string]object
}

// Parser bounds.
const (
	maxNesting  = 32      // arrays and dictionaries inside each other
	maxItems    = 1 << 16 // elements of one array or dictionary
	maxStrBytes = 1 << 20 // one string's bytes
)

var (
	errShort = errors.New("object runs past the bytes read")    // more input may help
	errBad   = errors.New("malformed object")                   // more input will not help
	errDeep  = errors.New("objects nested too deeply or large") // a bound was hit
)

// parser reads PDF objects from b.
type parser struct {
	b   []byte
	pos int
	// complete says b is all there is (an object stream's data), so reaching its end
	// ends a number or keyword instead of asking for more bytes.
	complete bool
}

func isWhite(c byte) bool {
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' '
}

func isDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

// skipSpace skips white space and comments (§7.2.3, §7.2.4).
func (p *parser) skipSpace() {
	for p.pos < len(p.b) {
		c := p.b[p.pos]
		if isWhite(c) {
			p.pos++
			continue
		}
		if c == '%' {
			for p.pos < len(p.b) && p.b[p.pos] != '\n' && p.b[p.pos] != '\r' {
				p.pos++
			}
			continue
		}
		return
	}
}

// regular reads a run of regular characters.
func (p *parser) regular() []byte {
	s := p.pos
	for p.pos < len(p.b) && !isWhite(p.b[p.pos]) && !isDelim(p.b[p.pos]) {
		p.pos++
	}
	return p.b[s:p.pos]
}

// object parses one object; "n g R" references are recognised.
func (p *parser) object(depth int) (object, error) {
	if depth > maxNesting {
		return object{}, errDeep
	}
	p.skipSpace()
	if p.pos >= len(p.b) {
		return object{}, errShort
	}
	c := p.b[p.pos]
	switch {
	case c == '/':
		p.pos++
		return object{kind: kName, s: decodeName(p.regular())}, nil
	case c == '(':
		return p.literal()
	case c == '<' && p.pos+1 < len(p.b) && p.b[p.pos+1] == '<':
		return p.dict(depth)
	case c == '<':
		return p.hex()
	case c == '[':
		return p.array(depth)
	case c == ']' || c == '>' || c == ')' || c == '{' || c == '}':
		p.pos++
		return object{}, errBad
	}
	tok := p.regular()
	if p.pos >= len(p.b) && !p.complete {
		return object{}, errShort // a number or keyword may continue
	}
	if len(tok) == 0 {
		p.pos++
		return object{}, errBad
	}
	if n, err := strconv.ParseInt(string(tok), 10, 64); err == nil {
		// A reference "n g R"?
		save := p.pos
		p.skipSpace()
		g := p.regular()
		if gi, err := strconv.ParseInt(string(g), 10, 64); err == nil && len(g) > 0 {
			p.skipSpace()
			if p.pos < len(p.b) && p.b[p.pos] == 'R' && (p.pos+1 >= len(p.b) || isWhite(p.b[p.pos+1]) || isDelim(p.b[p.pos+1])) {
				p.pos++
				return object{kind: kRef, i: n, gen: gi}, nil
			}
		} else if p.pos >= len(p.b) && !p.complete {
			return object{}, errShort
		}
		p.pos = save
		return object{kind: kInt, i: n}, nil
	}
	if _, err := strconv.ParseFloat(string(tok), 64); err == nil {
		return object{kind: kReal, s: string(tok)}, nil
	}
	switch string(tok) {
	case "true", "false":
		return object{kind: kBool, s: string(tok)}, nil
	case "null":
		return object{kind: kNull}, nil
	}
	return object{kind: kKeyword, s: string(tok)}, nil
}

func (p *parser) dict(depth int) (object, error) {
	p.pos += 2
	d := map[string]object{}
	for {
		p.skipSpace()
		if p.pos+1 >= len(p.b) {
			return object{}, errShort
		}
		if p.b[p.pos] == '>' && p.b[p.pos+1] == '>' {
			p.pos += 2
			return object{kind: kDict, dict: d}, nil
		}
		k, err := p.object(depth + 1)
		if err != nil {
			return object{}, err
		}
		if k.kind != kName {
			return object{}, errBad
		}
		v, err := p.object(depth + 1)
		if err != nil {
			return object{}, err
		}
		if len(d) >= maxItems {
			return object{}, errDeep
		}
		d[k.s] = v
	}
}

func (p *parser) array(depth int) (object, error) {
	p.pos++
	var a []object
	for {
		p.skipSpace()
		if p.pos >= len(p.b) {
			return object{}, errShort
		}
		if p.b[p.pos] == ']' {
			p.pos++
			return object{kind: kArray, arr: a}, nil
		}
		v, err := p.object(depth + 1)
		if err != nil {
			return object{}, err
		}
		if len(a) >= maxItems {
			return object{}, errDeep
		}
		a = append(a, v)
	}
}

// literal reads a literal string (§7.3.4.2): balanced parentheses, backslash escapes.
func (p *parser) literal() (object, error) {
	p.pos++
	var out []byte
	for lvl := 1; ; {
		if p.pos >= len(p.b) {
			return object{}, errShort
		}
		if len(out) > maxStrBytes {
			return object{}, errDeep
		}
		c := p.b[p.pos]
		p.pos++
		switch c {
		case '(':
			lvl++
		case ')':
			lvl--
			if lvl == 0 {
				return object{kind: kString, s: string(out)}, nil
			}
		case '\\':
			if p.pos >= len(p.b) {
				return object{}, errShort
			}
			e := p.b[p.pos]
			p.pos++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r', '\n':
				if e == '\r' && p.pos < len(p.b) && p.b[p.pos] == '\n' {
					p.pos++
				}
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && p.pos < len(p.b) && p.b[p.pos] >= '0' && p.b[p.pos] <= '7'; k++ {
						v = v*8 + int(p.b[p.pos]-'0')
						p.pos++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		}
		out = append(out, c)
	}
}

// hex reads a hexadecimal string (§7.3.4.3).
func (p *parser) hex() (object, error) {
	p.pos++
	end := bytes.IndexByte(p.b[p.pos:], '>')
	if end < 0 {
		return object{}, errShort
	}
	raw := p.b[p.pos : p.pos+end]
	p.pos += end + 1
	var out []byte
	var pair nibble.Pair
	for _, c := range raw {
		if v, ok := nibble.Value(c); ok {
			out = pair.Add(out, v)
		}
	}
	out = pair.Flush(out)
	return object{kind: kString, s: string(out)}, nil
}

// decodeName resolves #xx escapes in a name (§7.3.5).
func decodeName(b []byte) string {
	if bytes.IndexByte(b, '#') < 0 {
		return string(b)
	}
	var out []byte
	for i := 0; i < len(b); i++ {
		if b[i] == '#' && i+2 < len(b) {
			h, ok1 := nibble.Value(b[i+1])
			l, ok2 := nibble.Value(b[i+2])
			if ok1 && ok2 {
				out = append(out, h<<4|l)
				i += 2
				continue
			}
		}
		out = append(out, b[i])
	}
	return string(out)
}

// get returns the dictionary entry key of o (zero object when absent or o is no dict).
func (o object) get(key string) object {
	if o.kind != kDict {
		return object{}
	}
	return o.dict[key]
}
