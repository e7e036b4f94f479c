// Package gen turns schema/data/exiftool.tsv (ExifTool's tag facts, refreshed by
// schema/internal/listx) and schema/data/overrides.tsv (the spec's hand decisions) into
// schema/tables_gen.go. It needs no ExifTool.
//
// General rules applied to the data before the overrides (spec rule ids in brackets):
//
// EXIF (Exif::Main -> TableExif, GPS::Main -> TableGPS, PanasonicRaw::Main -> TablePanasonicRaw,
// the table ExifTool reads a Panasonic RW2's IFD0 with; override selector "panasonicraw"):
//   - name: ExifTool's name with every '-' removed [N1];
//   - one definition per id: where -listx lists conditional variants of an id (index='..'),
//     the variant named by an override's name= wins; else the first variant (lowest index)
//     that is writable, has a known format and belongs to IFD0/ExifIFD/InteropIFD/GPS;
//     else the first variant;
//   - kind [V3]: int* -> Integer; rational*, float, double, fixed* -> Number; string -> String;
//     '?' (no fixed format in ExifTool) -> String, the stored value as text; where ExifTool
//     reads the value in another format than its type (data row "format"; PanasonicRaw
//     NoiseReductionParams: undef read as int16u; Format string: OriginalRawFileName, read as
//     text even when stored as BYTE), that format decides, and ReadAs names it;
//   - type undef/binary, flag Binary, and BYTE arrays (int8u/int8s without <values> whose
//     count is absent or > 4) are omitted [S5];
//   - a tag with <values> is a String with ConvLabel and those labels [V2]; ConvBitmask
//     where ExifTool's print conversion is a BITMASK (flag Bitmask: the codes are 1<<bit);
//   - a numeric tag with count > 1 is a FixedVector [L5]; one defined with a variable count
//     (ExifTool Count -1: ISO, ColorMatrix1, BlackLevel, ...) is Collapsing, since it may hold
//     one value or several (L5 as ExifTool prints it); everything else Scalar.
//
// IIM (IPTC::EnvelopeRecord = record 1, IPTC::ApplicationRecord = record 2):
//   - string -> String; digits and int* -> Integer [V3]; undef/Binary -> omitted [S5];
//   - flag List -> Collapsing [L1], else Scalar; never labels [V5].
//
// XMP (every table of family-0 group XMP that has a namespace URI):
//   - key {namespace URI of the table, -listx id (already flattened for struct fields)} [N3];
//   - kind [V6]: integer -> Integer; real, rational -> Number; date -> Date ConvXMPDate [D4];
//     anything else (string, lang-alt, boolean, struct, ...) -> String; no labels [V6a];
//   - flag List -> Collapsing [L1], else Scalar (a lang-alt is one value, X3);
//   - base64 binary (flag Binary, or Base64: ExifTool decodes the value from base64) is
//     omitted [S5].
//
// Output keys (byKey): a key pinned by a lookup row of the overrides maps to that definition;
// otherwise to the first non-omitted definition in the order EXIF (Exif::Main, then
// GPS) > XMP > IIM [P1] > composites [S7] > aliases [A1]; among XMP definitions top-level
// properties come before struct fields and the namespaces of xmpRank before the others. A key
// only omitted definitions carry maps to the first of those (Omit set). PanasonicRaw
// definitions rank after EXIF/GPS but never displace a definition of another table, omitted
// or not (the vendor table only adds the keys no other table defines: SensorWidth, ...).
package gen

import (
	"fmt"
	"go/format"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// xmpRank orders XMP namespaces for the byKey choice between XMP definitions of one name.
var xmpRank = []string{"XMP::dc", "XMP::xmp", "XMP::xmpRights", "XMP::xmpMM", "XMP::photoshop",
	"XMP::iptcCore", "XMP::iptcExt", "PLUS::XMP", "XMP::exif", "XMP::exifEX", "XMP::tiff",
	"XMP::aux", "XMP::xmpDM", "XMP::pdf"}

// tag is one generated definition.
type tag struct {
	Name, Source, Kind, Shape, Conv string
	Labels                          [][2]string
	OffsetTag                       uint16
	ReadAs                          uint16
	PrintHex                        bool
	Omit                            bool
	omitRule                        string
	rules                           []string
	Ref                             string
	Role                            string // a schema.Role identifier, or ""

	src    string // exif, gps, iim, xmp, composite, alias
	num    uint16 // EXIF id or IIM record<<8|dataset
	ns, id string // XMP
	table  string
	top    bool // XMP top-level property
	// untyped marks an EXIF tag ExifTool gives no format ('?'): its kind String is a guess
	// (the stored value as text), so it never decides the kind of a key (T3).
	untyped bool
	// structure marks an XMP struct property: its fields carry the values, so its own
	// list-ness does not make its key a list (T3).
	structure bool
	order     int
	values    [][2]string
}

func (t *tag) rule(r string) {
	if r != "" && !slices.Contains(t.rules, r) {
		t.rules = append(t.rules, r)
	}
}

func (t *tag) omit(r string) {
	t.Omit = true
	t.omitRule = r
}

func (t *tag) ruleText() string {
	if t.Omit {
		return t.omitRule
	}
	return strings.Join(t.rules, ",")
}

var kinds = map[string]string{"string": "String", "integer": "Integer", "number": "Number", "date": "Date"}

var shapes = map[string]string{"scalar": "Scalar", "collapsing": "Collapsing",
	"always-list": "AlwaysList", "fixed-vector": "FixedVector"}

// Convs maps the names of schema.Conv (its String method) to the Go identifiers.
var Convs = map[string]string{"none": "ConvNone", "label": "ConvLabel", "label-each": "ConvLabelEach",
	"ascii-bytes": "ConvASCIIBytes", "coded-text": "ConvCodedText", "gps-coord": "ConvGPSCoord",
	"apex-shutter": "ConvAPEXShutter", "apex-aperture": "ConvAPEXAperture", "gps-time": "ConvGPSTime",
	"exif-datetime": "ConvEXIFDateTime", "exif-date": "ConvEXIFDate", "iim-date": "ConvIIMDate",
	"iim-time": "ConvIIMTime", "xmp-date": "ConvXMPDate", "xmp-gps-coord": "ConvXMPGPSCoord",
	"xmp-meters": "ConvXMPMeters", "utf16le": "ConvUTF16LE",
	"trim-right": "ConvTrimRight", "copyright": "ConvCopyright", "bitmask": "ConvBitmask",
	"xmp-vector": "ConvXMPVector"}

func isNumericKind(k string) bool { return k == "Integer" || k == "Number" }

// tiffTypes maps ExifTool's EXIF format names to TIFF field types (Tag.ReadAs).
var tiffTypes = map[string]uint16{"int8u": 1, "string": 2, "int16u": 3, "int32u": 4,
	"rational64u": 5, "int8s": 6, "undef": 7, "int16s": 8, "int32s": 9, "rational64s": 10,
	"float": 11, "double": 12}

// exifSources lists the EXIF tables: override selector, ExifTool table, Ref prefix.
var exifSources = []struct{ sel, table, ref string }{
	{"exif", "Exif::Main", "EXIF"}, {"gps", "GPS::Main", "EXIF-GPS"},
	{"panasonicraw", "PanasonicRaw::Main", "EXIF-PanasonicRaw"}}

func isEXIFSelector(sel string) bool {
	for _, s := range exifSources {
		if s.sel == sel {
			return true
		}
	}
	return false
}

// exifKind maps an ExifTool EXIF format to a kind; ok is false for binary formats.
func exifKind(typ string) (string, bool) {
	switch {
	case strings.HasPrefix(typ, "int"):
		return "Integer", true
	case strings.HasPrefix(typ, "rational"), typ == "float", typ == "double", strings.HasPrefix(typ, "fixed"):
		return "Number", true
	case typ == "string", typ == "?":
		return "String", true
	}
	return "", false
}

func pickVariant(vs []*SrcTag, name string) *SrcTag {
	if name != "" {
		for _, v := range vs {
			if v.Name == name {
				return v
			}
		}
	}
	for _, v := range vs {
		switch v.G1 {
		case "", "IFD0", "ExifIFD", "InteropIFD", "GPS":
			if v.Writable && v.Type != "?" {
				return v
			}
		}
	}
	return vs[0]
}

type builder struct {
	data     *Data
	ovr      []*Override
	tags     []*tag
	exif     map[string]map[uint16]*tag // "exif"/"gps" -> id -> tag
	iim      map[uint16]*tag
	xmp      map[[2]string]*tag
	xmpTabs  map[string]*Table // prefix -> table
	aliases  []*Override
	pins     map[string]*tag // lookup rows: output key -> pinned definition
	comps    []*Override
	units    map[string]string // unit rows: output key -> unit of its values (documentation)
	roles    []*Override       // role rows: the part a key plays in a rule
	roleRows []roleRow         // the role rows resolved, in table order
}

func parseUint16(s string) (uint16, error) {
	v, err := strconv.ParseUint(s, 0, 16)
	return uint16(v), err
}

func parseIIM(s string) (uint16, error) {
	r, d, ok := strings.Cut(s, ":")
	if !ok {
		return 0, fmt.Errorf("bad IIM key %q", s)
	}
	rv, err1 := strconv.ParseUint(r, 10, 8)
	dv, err2 := strconv.ParseUint(d, 10, 8)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("bad IIM key %q", s)
	}
	return uint16(rv)<<8 | uint16(dv), nil
}

func (b *builder) add(t *tag) *tag {
	t.order = len(b.tags)
	b.tags = append(b.tags, t)
	return t
}

func (b *builder) buildEXIF() error {
	names := map[string]string{} // "exif 0x0111" -> pinned name
	for _, o := range b.ovr {
		if isEXIFSelector(o.Selector) {
			if n, ok := o.Setting("name"); ok {
				id, err := parseUint16(o.Key)
				if err != nil {
					return fmt.Errorf("overrides line %d: %v", o.Line, err)
				}
				names[fmt.Sprintf("%s %d", o.Selector, id)] = n
			}
		}
	}
	for _, src := range exifSources {
		tb := b.data.Table(src.table)
		if tb == nil {
			return fmt.Errorf("data has no table %s", src.table)
		}
		byID := map[uint16][]*SrcTag{}
		var ids []uint16
		for _, st := range tb.Tags {
			id, err := parseUint16(st.ID)
			if err != nil {
				return fmt.Errorf("%s: tag id %q: %v", src.table, st.ID, err)
			}
			if _, seen := byID[id]; !seen {
				ids = append(ids, id)
			}
			byID[id] = append(byID[id], st)
		}
		slices.Sort(ids)
		m := map[uint16]*tag{}
		b.exif[src.sel] = m
		for _, id := range ids {
			st := pickVariant(byID[id], names[fmt.Sprintf("%s %d", src.sel, id)])
			t := &tag{Name: strings.ReplaceAll(st.Name, "-", ""), Source: "SourceEXIF", Shape: "Scalar",
				Conv: "ConvNone", Ref: fmt.Sprintf("%s 0x%04X", src.ref, id), src: src.sel, num: id,
				table: src.table, values: st.Values, PrintHex: st.Flags["PrintHex"]}
			typ := st.Type
			if st.Format != "" {
				typ = st.Format
				t.ReadAs = tiffTypes[typ]
				if t.ReadAs == 0 {
					return fmt.Errorf("%s: tag %s: unknown format %q", src.table, st.ID, typ)
				}
			}
			kind, ok := exifKind(typ)
			t.Kind, t.untyped = kind, typ == "?"
			if !ok {
				t.Kind = "String"
			}
			count, _ := strconv.Atoi(st.Count)
			switch {
			case !ok || st.Flags["Binary"]:
				t.omit("S5")
			case (typ == "int8u" || typ == "int8s") && len(st.Values) == 0 && (count <= 0 || count > 4):
				t.omit("S5") // a BYTE array, not a number
			}
			switch {
			case len(st.Values) > 0:
				t.Kind, t.Conv, t.Labels = "String", "ConvLabel", st.Values
				if st.Flags["Bitmask"] {
					t.Conv = "ConvBitmask"
				}
				t.rule("V2")
			case count > 1 && isNumericKind(t.Kind):
				t.Shape = "FixedVector"
				t.rule("L5")
			case count < 0 && isNumericKind(t.Kind):
				// Defined with a variable count: one value is a scalar, several an array.
				t.Shape = "Collapsing"
				t.rule("L5")
			}
			m[id] = b.add(t)
		}
	}
	return nil
}

func (b *builder) buildIIM() error {
	for _, src := range []struct {
		table  string
		record uint16
	}{{"IPTC::EnvelopeRecord", 1}, {"IPTC::ApplicationRecord", 2}} {
		tb := b.data.Table(src.table)
		if tb == nil {
			return fmt.Errorf("data has no table %s", src.table)
		}
		for _, st := range tb.Tags {
			ds, err := strconv.ParseUint(st.ID, 10, 8)
			if err != nil {
				return fmt.Errorf("%s: dataset %q: %v", src.table, st.ID, err)
			}
			key := src.record<<8 | uint16(ds)
			if b.iim[key] != nil {
				return fmt.Errorf("%s: duplicate dataset %d", src.table, ds)
			}
			t := &tag{Name: strings.ReplaceAll(st.Name, "-", ""), Source: "SourceIPTC", Kind: "String",
				Shape: "Scalar", Conv: "ConvNone", Ref: fmt.Sprintf("IIM %d:%d", src.record, ds),
				src: "iim", num: key, table: src.table}
			switch {
			case st.Type == "string":
			case st.Type == "digits", strings.HasPrefix(st.Type, "int"):
				t.Kind = "Integer"
			default:
				t.omit("S5")
			}
			if st.Flags["Binary"] {
				t.omit("S5")
			}
			if st.Flags["List"] {
				t.Shape = "Collapsing"
				t.rule("L1")
			}
			b.iim[key] = b.add(t)
		}
	}
	return nil
}

func (b *builder) buildXMP() {
	for _, tb := range b.data.Tables {
		if tb.G0 != "XMP" || tb.URI == "" {
			continue
		}
		b.xmpTabs[tb.Prefix] = tb
		for _, st := range tb.Tags {
			t := &tag{Name: strings.ReplaceAll(st.Name, "-", ""), Source: "SourceXMP", Kind: "String",
				Shape: "Scalar", Conv: "ConvNone", Ref: fmt.Sprintf("XMP %s:%s", tb.Prefix, st.ID),
				src: "xmp", ns: tb.URI, id: st.ID, table: tb.Name, top: st.Struct == "", values: st.Values,
				structure: st.Type == "struct"}
			switch st.Type {
			case "integer":
				t.Kind = "Integer"
			case "real", "rational":
				t.Kind = "Number"
			case "date":
				t.Kind, t.Conv = "Date", "ConvXMPDate"
				t.rule("D4")
			}
			if st.Flags["List"] {
				t.Shape = "Collapsing"
				t.rule("L1")
			}
			if st.Flags["Binary"] || st.Flags["Base64"] {
				t.omit("S5")
			}
			b.xmp[[2]string{tb.URI, st.ID}] = b.add(t)
		}
	}
}

// apply applies one override row's settings to t.
func (b *builder) apply(o *Override, t *tag) error {
	o.used = true
	if _, ok := o.Setting("omit"); ok {
		t.omit(o.Rule)
		return nil
	}
	if v, ok := o.Setting("kind"); ok {
		k, ok := kinds[v]
		if !ok {
			return fmt.Errorf("overrides line %d: unknown kind %q", o.Line, v)
		}
		t.Kind, t.Omit = k, false
	}
	if v, ok := o.Setting("conv"); ok {
		c, ok := Convs[v]
		if !ok {
			return fmt.Errorf("overrides line %d: unknown conv %q", o.Line, v)
		}
		t.Conv, t.Omit = c, false
	}
	if v, ok := o.Setting("shape"); ok {
		s, ok := shapes[v]
		if !ok {
			return fmt.Errorf("overrides line %d: unknown shape %q", o.Line, v)
		}
		t.Shape = s
	}
	if v, ok := o.Setting("offset"); ok {
		n, err := parseUint16(v)
		if err != nil {
			return fmt.Errorf("overrides line %d: offset: %v", o.Line, err)
		}
		t.OffsetTag = n
	}
	if _, ok := o.Setting("labels"); ok && len(t.values) > 0 {
		t.Kind, t.Conv, t.Labels = "String", "ConvLabel", t.values
	}
	switch t.Conv {
	case "ConvLabel", "ConvLabelEach", "ConvBitmask":
		if t.Labels == nil {
			t.Labels = t.values
		}
		if len(t.Labels) == 0 {
			return fmt.Errorf("overrides line %d: %s has %s but no labels", o.Line, t.Ref, t.Conv)
		}
	default:
		t.Labels = nil
	}
	if v, ok := o.Setting("codeas"); ok {
		// codeas=FROM:TO: the stored code FROM reads as TO (an ExifTool ValueConv such as
		// XMP exif:ColorSpace's 0xffffffff -> 0xffff): FROM gets TO's label.
		from, to, _ := strings.Cut(v, ":")
		i := slices.IndexFunc(t.Labels, func(l [2]string) bool { return l[0] == to })
		if from == "" || i < 0 {
			return fmt.Errorf("overrides line %d: codeas %q: %s has no label for %q", o.Line, v, t.Ref, to)
		}
		t.Labels = append(slices.Clone(t.Labels), [2]string{from, t.Labels[i][1]})
		sort.SliceStable(t.Labels, func(i, j int) bool { return t.Labels[i][0] < t.Labels[j][0] })
	}
	if t.Conv != "ConvLabel" && t.Conv != "ConvLabelEach" && t.Conv != "ConvBitmask" {
		t.rules = slices.DeleteFunc(t.rules, func(r string) bool { return r == "V2" })
	}
	if t.Shape != "FixedVector" && t.Shape != "Collapsing" {
		t.rules = slices.DeleteFunc(t.rules, func(r string) bool { return r == "L5" })
	}
	t.rule(o.Rule)
	return nil
}

func (b *builder) xmpTag(o *Override) (*Table, *tag, error) {
	prefix, id, ok := strings.Cut(o.Key, ":")
	tb := b.xmpTabs[prefix]
	if !ok || tb == nil {
		return nil, nil, fmt.Errorf("overrides line %d: unknown XMP key %q", o.Line, o.Key)
	}
	t := b.xmp[[2]string{tb.URI, id}]
	if t == nil {
		return nil, nil, fmt.Errorf("overrides line %d: no XMP tag %q", o.Line, o.Key)
	}
	return tb, t, nil
}

func (b *builder) applyOverrides() error {
	for _, o := range b.ovr {
		var err error
		switch o.Selector {
		case "exif", "gps", "panasonicraw":
			id, perr := parseUint16(o.Key)
			t := b.exif[o.Selector][id]
			if perr != nil || t == nil {
				return fmt.Errorf("overrides line %d: no %s tag %q", o.Line, o.Selector, o.Key)
			}
			err = b.apply(o, t)
		case "iim":
			key, perr := parseIIM(o.Key)
			t := b.iim[key]
			if perr != nil || t == nil {
				return fmt.Errorf("overrides line %d: no IIM dataset %q", o.Line, o.Key)
			}
			err = b.apply(o, t)
		case "iimrecord":
			rec, perr := strconv.ParseUint(o.Key, 10, 8)
			if perr != nil {
				return fmt.Errorf("overrides line %d: bad record %q", o.Line, o.Key)
			}
			for key, t := range b.iim {
				if key>>8 == uint16(rec) {
					if err = b.apply(o, t); err != nil {
						break
					}
				}
			}
		case "xmp":
			_, t, terr := b.xmpTag(o)
			if terr != nil {
				return terr
			}
			err = b.apply(o, t)
		case "xmptree":
			tb, root, terr := b.xmpTag(o)
			if terr != nil {
				return terr
			}
			parent := map[string]string{}
			for _, st := range tb.Tags {
				parent[st.ID] = st.Struct
			}
			for _, st := range tb.Tags {
				r := st.ID
				for parent[r] != "" {
					r = parent[r]
				}
				if r == root.id {
					if err = b.apply(o, b.xmp[[2]string{tb.URI, st.ID}]); err != nil {
						break
					}
				}
			}
		case "xmpleaf":
			for _, tb := range b.data.Tables {
				if b.xmpTabs[tb.Prefix] != tb {
					continue
				}
				for _, st := range tb.Tags {
					if st.Struct != "" && strings.TrimPrefix(st.ID, st.Struct) == o.Key && strings.HasPrefix(st.ID, st.Struct) {
						if err = b.apply(o, b.xmp[[2]string{tb.URI, st.ID}]); err != nil {
							return err
						}
					}
				}
			}
		case "xmpns":
			tb := b.xmpTabs[o.Key]
			if tb == nil {
				return fmt.Errorf("overrides line %d: unknown XMP prefix %q", o.Line, o.Key)
			}
			for _, st := range tb.Tags {
				if st.Struct == "" && len(st.Values) > 0 {
					if err = b.apply(o, b.xmp[[2]string{tb.URI, st.ID}]); err != nil {
						break
					}
				}
			}
		case "alias":
			if _, perr := parseIIM(o.Key); perr != nil {
				return fmt.Errorf("overrides line %d: %v", o.Line, perr)
			}
			o.used = true
			b.aliases = append(b.aliases, o)
		case "composite":
			o.used = true
			b.comps = append(b.comps, o)
		case "role":
			o.used = true
			b.roles = append(b.roles, o)
		case "unit":
			if len(o.Settings) == 0 {
				return fmt.Errorf("overrides line %d: unit wants its unit in the settings column", o.Line)
			}
			o.used = true
			b.units[o.Key] = strings.Join(o.Settings, " ")
		case "lookup":
			t, perr := b.resolve(o)
			if perr != nil {
				return perr
			}
			if t.Name != o.Key {
				return fmt.Errorf("overrides line %d: %s is named %s, not %s", o.Line, t.Ref, t.Name, o.Key)
			}
			o.used = true
			b.pins[o.Key] = t
		default:
			return fmt.Errorf("overrides line %d: unknown selector %q", o.Line, o.Selector)
		}
		if err != nil {
			return err
		}
		if !o.used {
			return fmt.Errorf("overrides line %d: %s %s matches nothing", o.Line, o.Selector, o.Key)
		}
	}
	return nil
}

// resolve finds the definition a lookup row names in its settings column ("exif 0x4746",
// "gps 0x0002", "panasonicraw 0x0009", "iim 2:25", "xmp prefix:flatID").
func (b *builder) resolve(o *Override) (*tag, error) {
	if len(o.Settings) != 2 {
		return nil, fmt.Errorf("overrides line %d: lookup wants \"<selector> <key>\"", o.Line)
	}
	sel, key := o.Settings[0], o.Settings[1]
	var t *tag
	switch sel {
	case "exif", "gps", "panasonicraw":
		if id, err := parseUint16(key); err == nil {
			t = b.exif[sel][id]
		}
	case "iim":
		if k, err := parseIIM(key); err == nil {
			t = b.iim[k]
		}
	case "xmp":
		_, xt, err := b.xmpTag(&Override{Line: o.Line, Key: key})
		if err != nil {
			return nil, err
		}
		t = xt
	}
	if t == nil {
		return nil, fmt.Errorf("overrides line %d: no definition %s %s", o.Line, sel, key)
	}
	return t, nil
}

// Generate builds the Go source of tables_gen.go.
func Generate(data *Data, ovr []*Override, header string) ([]byte, error) {
	b := &builder{data: data, ovr: ovr, exif: map[string]map[uint16]*tag{}, iim: map[uint16]*tag{},
		xmp: map[[2]string]*tag{}, xmpTabs: map[string]*Table{}, pins: map[string]*tag{}, units: map[string]string{}}
	if err := b.buildEXIF(); err != nil {
		return nil, err
	}
	if err := b.buildIIM(); err != nil {
		return nil, err
	}
	b.buildXMP()
	if err := b.applyOverrides(); err != nil {
		return nil, err
	}
	for _, t := range b.tags {
		sort.SliceStable(t.Labels, func(i, j int) bool { return t.Labels[i][0] < t.Labels[j][0] })
	}
	derived, err := b.derived()
	if err != nil {
		return nil, err
	}
	all := append(slices.Clone(b.tags), derived...)
	unify(all, b.primaries(all))
	roles, err := b.applyRoles(all)
	if err != nil {
		return nil, err
	}
	b.roleRows = roles
	src, err := b.emit(header, derived)
	if err != nil {
		return nil, err
	}
	out, err := format.Source(src)
	if err != nil {
		return src, fmt.Errorf("gofmt generated code: %w", err)
	}
	return out, nil
}
