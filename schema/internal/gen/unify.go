package gen

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// primaries returns, for every output key, the definition it is typed by: a key pinned by a
// lookup row of the overrides maps to that definition; otherwise the first non-omitted
// definition in P1 order (rankOf), PanasonicRaw only for keys no other table defines. all
// is every definition in tagData order.
func (b *builder) primaries(all []*tag) map[string]*tag {
	idx := make(map[*tag]int, len(all))
	for i, t := range all {
		idx[t] = i
	}
	better := func(a, c *tag) bool { // a beats c
		if pa, pc := a.src == "panasonicraw", c.src == "panasonicraw"; pa != pc {
			return pc // the vendor table never displaces another table's definition
		}
		if a.Omit != c.Omit {
			return !a.Omit
		}
		if a.untyped != c.untyped {
			return c.untyped // a declared type decides the key's kind before a guess (T3)
		}
		if ra, rc := rankOf(a), rankOf(c); ra != rc {
			return ra < rc
		}
		return idx[a] < idx[c]
	}
	best := map[string]*tag{}
	for _, t := range all {
		if cur, ok := best[t.Name]; !ok || better(t, cur) {
			best[t.Name] = t
		}
	}
	for k, t := range b.pins {
		best[k] = t
	}
	return best
}

// unify gives every key one kind and one shape class across its definitions (spec T3): the
// kind and shape of the key's primary definition (best), widened in one way: a scalar key
// becomes a collapsing list when another definition is list-capable (one value still prints
// as a scalar, L2). A definition of another kind is read as the key's kind where its stored
// value converts (a number read as text; a text read as a number; a number read as an
// integer, which drops a value with a fraction; a text split into the numbers of a fixed
// vector: ConvXMPVector); where it cannot (a date against a non-date, a
// labelled enumeration or a coded text against a number, an IIM dataset, whose bytes are
// typed by its own kind), the definition is left out. Every definition changed or left out
// cites T3.
func unify(all []*tag, best map[string]*tag) {
	byName := map[string][]*tag{}
	for _, t := range all {
		if !t.Omit && t.src != "composite" && t.src != "alias" {
			byName[t.Name] = append(byName[t.Name], t)
		}
	}
	names := slices.Sorted(maps.Keys(byName))
	for _, name := range names {
		defs := byName[name]
		p := best[name]
		if p == nil || p.Omit {
			// The key's own definition is left out (RowsPerStrip: S3) while a vendor table's
			// is not: the first of those by P1 order decides (defs is in tagData order).
			p = defs[0]
			for _, d := range defs[1:] {
				if d.untyped != p.untyped && p.untyped || d.untyped == p.untyped && rankOf(d) < rankOf(p) {
					p = d
				}
			}
		}
		if len(defs) < 2 {
			continue
		}
		kind, shape := p.Kind, p.Shape
		for _, d := range defs {
			if shape == "Scalar" && d.Shape != "Scalar" && !d.structure {
				shape = "Collapsing"
			}
		}
		for _, d := range defs {
			convertTo(d, kind, shape)
		}
	}
}

// labelled reports whether a definition's values are labels of codes (V2).
func labelled(t *tag) bool {
	return t.Conv == "ConvLabel" || t.Conv == "ConvLabelEach" || t.Conv == "ConvBitmask"
}

// convertTo makes definition d read its values as the key's kind and shape (T3), or leaves
// it out when its values cannot be.
func convertTo(d *tag, kind, shape string) {
	changed := false
	if d.Kind != kind && !(labelled(d) && kind == "String") {
		switch {
		case kind == "Date" && d.Kind == "String" && d.src == "xmp" && d.Conv == "ConvNone":
			d.Conv = "ConvXMPDate" // a text property holding a date (acdsee:ReleaseDate): D4
		case d.Kind == "Date" || kind == "Date" || d.src == "iim" ||
			(isNumericKind(kind) && (labelled(d) || d.Conv != "ConvNone")):
			d.omit("T3")
			return
		}
		d.Kind, changed = kind, true
	}
	if d.Shape != shape {
		switch {
		case shape == "FixedVector" && d.Shape == "Scalar":
			if d.src != "xmp" || !isNumericKind(kind) || d.Conv != "ConvNone" {
				d.omit("T3")
				return
			}
			d.Conv = "ConvXMPVector" // "15/1 85/1 0/0 0/0", "2.2.0.0"
		}
		d.Shape, changed = shape, true
	}
	if changed {
		d.rule("T3")
	}
}

// roleNames maps the role names of overrides' role rows to schema.Role identifiers.
var roleNames = map[string]string{"first": "RoleFirst", "iim-charset": "RoleIIMCharset",
	"image-width": "RoleImageWidth", "image-height": "RoleImageHeight",
	"latitude": "RoleLatitude", "longitude": "RoleLongitude", "altitude": "RoleAltitude"}

// roleRow is one role row, resolved.
type roleRow struct {
	role, key, ref string
	rank           int
	negative       []string
}

// applyRoles reads the role rows ("role Key <name> [rank=N] [ref=Key] [negative=a,b]"),
// gives every definition of the key its role (Tag.Role) and returns the rows sorted by role
// order, then rank. A row for a key no definition has, or an unknown role, is an error.
func (b *builder) applyRoles(all []*tag) ([]roleRow, error) {
	byName := map[string][]*tag{}
	for _, t := range all {
		byName[t.Name] = append(byName[t.Name], t)
	}
	order := []string{"first", "iim-charset", "image-width", "image-height", "latitude", "longitude", "altitude"}
	var rows []roleRow
	for _, o := range b.roles {
		if len(o.Settings) == 0 || roleNames[o.Settings[0]] == "" {
			return nil, fmt.Errorf("overrides line %d: role wants one of first, iim-charset, image-width, image-height, latitude, longitude, altitude", o.Line)
		}
		r := roleRow{role: o.Settings[0], key: o.Key, rank: 1}
		if v, ok := o.Setting("rank"); ok {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 255 {
				return nil, fmt.Errorf("overrides line %d: bad rank %q", o.Line, v)
			}
			r.rank = n
		}
		if v, ok := o.Setting("ref"); ok {
			if len(byName[v]) == 0 {
				return nil, fmt.Errorf("overrides line %d: ref %s: no such key", o.Line, v)
			}
			r.ref = v
		}
		// negative=code,label,...: a label may hold spaces, so the words after negative=
		// that hold no '=' belong to it ("negative=1,Below Sea Level").
		for i, w := range o.Settings {
			v, ok := strings.CutPrefix(w, "negative=")
			if !ok {
				continue
			}
			for _, more := range o.Settings[i+1:] {
				if strings.Contains(more, "=") {
					break
				}
				v += " " + more
			}
			r.negative = strings.Split(v, ",")
		}
		defs := byName[o.Key]
		if len(defs) == 0 {
			return nil, fmt.Errorf("overrides line %d: role for %s: no such key", o.Line, o.Key)
		}
		for _, d := range defs {
			if d.Role != "" && d.Role != roleNames[r.role] {
				return nil, fmt.Errorf("overrides line %d: %s has two roles", o.Line, o.Key)
			}
			d.Role = roleNames[r.role]
		}
		rows = append(rows, r)
	}
	slices.SortStableFunc(rows, func(a, b roleRow) int {
		return cmp.Or(cmp.Compare(slices.Index(order, a.role), slices.Index(order, b.role)), cmp.Compare(a.rank, b.rank))
	})
	return rows, nil
}
