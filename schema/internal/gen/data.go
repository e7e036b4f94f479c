package gen

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Table is one ExifTool tag table of the data file.
type Table struct {
	Name, G0, G1 string
	Prefix, URI  string // XMP namespace of the table; empty for EXIF and IIM
	Tags         []*SrcTag
}

// SrcTag is one -listx tag entry of the data file.
type SrcTag struct {
	ID, Index, Name, Type, Count string
	Writable                     bool
	Flags                        map[string]bool
	Struct, G1                   string
	Values                       [][2]string // code, English label
	Format                       string      // format the value is read as, where it differs from Type
}

// Data is the parsed exiftool.tsv.
type Data struct {
	Prefixes [][2]string // ExifTool's known XMP prefix -> URI pairs
	Tables   []*Table
}

// Table returns the table with the given name, or nil.
func (d *Data) Table(name string) *Table {
	for _, t := range d.Tables {
		if t.Name == name {
			return t
		}
	}
	return nil
}

func unesc(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 't':
				c = '\t'
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			default:
				c = s[i]
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

func splitRow(line string) []string {
	f := strings.Split(line, "\t")
	for i := range f {
		f[i] = unesc(f[i])
	}
	return f
}

// ReadData parses the data file written by schema/internal/listx.
func ReadData(r io.Reader) (*Data, error) {
	d := &Data{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var cur *Table
	var tag *SrcTag
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := splitRow(line)
		bad := func(want int) error {
			return fmt.Errorf("data line %d: %q row has %d fields, want %d", n, f[0], len(f), want)
		}
		switch f[0] {
		case "ns":
			if len(f) != 3 {
				return nil, bad(3)
			}
			d.Prefixes = append(d.Prefixes, [2]string{f[1], f[2]})
		case "table":
			if len(f) != 6 {
				return nil, bad(6)
			}
			cur = &Table{Name: f[1], G0: f[2], G1: f[3], Prefix: f[4], URI: f[5]}
			d.Tables = append(d.Tables, cur)
			tag = nil
		case "tag":
			if len(f) != 10 {
				return nil, bad(10)
			}
			if cur == nil {
				return nil, fmt.Errorf("data line %d: tag before any table", n)
			}
			tag = &SrcTag{ID: f[1], Index: f[2], Name: f[3], Type: f[4], Count: f[5],
				Writable: f[6] == "true", Flags: map[string]bool{}, Struct: f[8], G1: f[9]}
			for _, fl := range strings.Split(f[7], ",") {
				if fl != "" {
					tag.Flags[fl] = true
				}
			}
			cur.Tags = append(cur.Tags, tag)
		case "format":
			if len(f) != 2 {
				return nil, bad(2)
			}
			if tag == nil {
				return nil, fmt.Errorf("data line %d: format before any tag", n)
			}
			tag.Format = f[1]
		case "val":
			if len(f) != 3 {
				return nil, bad(3)
			}
			if tag == nil {
				return nil, fmt.Errorf("data line %d: val before any tag", n)
			}
			tag.Values = append(tag.Values, [2]string{f[1], f[2]})
		default:
			return nil, fmt.Errorf("data line %d: unknown row type %q", n, f[0])
		}
	}
	return d, sc.Err()
}

// Override is one row of overrides.tsv.
type Override struct {
	Line     int
	Selector string // exif, gps, panasonicraw, iim, iimrecord, xmp, xmptree, xmpleaf, xmpns, alias, composite, lookup, unit, role
	Key      string
	Settings []string
	Rule     string
	used     bool
}

// Setting returns the value of a "name=value" setting and whether it is present; a bare
// word ("omit", "labels") is present with an empty value.
func (o *Override) Setting(name string) (string, bool) {
	for _, s := range o.Settings {
		if s == name {
			return "", true
		}
		if v, ok := strings.CutPrefix(s, name+"="); ok {
			return v, true
		}
	}
	return "", false
}

// ReadOverrides parses overrides.tsv.
func ReadOverrides(r io.Reader) ([]*Override, error) {
	var out []*Override
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			return nil, fmt.Errorf("overrides line %d: %d fields, want 4 (selector, key, settings, rule)", n, len(f))
		}
		out = append(out, &Override{Line: n, Selector: f[0], Key: f[1], Settings: strings.Fields(f[2]), Rule: f[3]})
	}
	return out, sc.Err()
}
