package oracle

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/embedmeta/embedmeta/schema"
)

// Result is the oracle's embeddedMetadata for one file.
type Result struct {
	// Values maps each key to its value in the form encoding/json decodes the engine's JSON
	// into: string (text and dates), float64 (integer and number), []any of those.
	Values map[string]any
	// Order lists the keys in the order their winning value was read (not the spec's O order).
	Order []string
	// Source names, per key, the ExifTool member the value came from ("XMP-dc:Title").
	Source map[string]string
}

// MapJSON is Map of Parse(printed, numeric).
func MapJSON(printed, numeric []byte) (*Result, error) {
	es, err := Parse(printed, numeric)
	if err != nil {
		return nil, err
	}
	return Map(es), nil
}

// Source ranks (P1: EXIF > XMP > IIM; an IIM block found in a JPEG trailer ranks after the
// one of the Photoshop IRB, S1).
const (
	rankIIM2 = iota + 1
	rankIIM
	rankXMP
	rankEXIF
	rankComposite // S7 keys are derived; nothing else produces them
)

// candidate is one source's value of a key.
type candidate struct {
	rank  int
	seq   int
	value any
	from  string
}

// Map turns ExifTool's tags of one file into embeddedMetadata.
func Map(entries []Entry) *Result {
	d := dict()
	ctx := newContext(entries)
	best := map[string]candidate{}
	var order []string
	offer := func(key string, c candidate) {
		old, ok := best[key]
		if !ok {
			order = append(order, key)
		}
		// Higher rank wins; within one rank the later occurrence wins (P3). Limitation:
		// ExifTool's JSON is not XMP document order across namespaces (it can list
		// attributes after elements), so two XMP properties of one name can tie wrongly.
		if !ok || c.rank >= old.rank {
			best[key] = c
		}
	}
	langAlt := map[string]bool{} // group+key already set from a language-less member
	for i, e := range entries {
		src, rank := classify(e.Group, e.Name)
		if src == srcNone {
			continue
		}
		var tag *schema.Tag
		name := e.Name
		switch src {
		case srcEXIF:
			tag = d.exifTag(e.Group, strings.ReplaceAll(name, "-", ""), ctx.panasonicRaw)
			if tag == nil {
				continue // S5: unknown to the dictionary
			}
		case srcIIM:
			tag = d.iim[strings.ReplaceAll(name, "-", "")]
			if tag == nil {
				continue // S2: records other than 2
			}
		case srcXMP:
			if base, _, isLang := d.langVariant(e.Group, name); isLang {
				// X3: other languages are dropped; without an x-default the first one counts.
				if langAlt[e.Group+":"+base] || ctx.has(e.Group, base) {
					continue
				}
				name = base
			}
			langAlt[e.Group+":"+name] = true
			tag = d.xmp[e.Group+":"+strings.ReplaceAll(name, "-", "")]
		case srcComposite:
			tag, _ = schema.Lookup(name)
		}
		if tag != nil && tag.Omit {
			continue
		}
		key := strings.ReplaceAll(name, "-", "") // N1
		if tag != nil {
			key = tag.Name
		}
		v, ok := ctx.convert(tag, src, e)
		if !ok {
			continue
		}
		rank *= 2
		if src == srcIIM && e.Group == "IPTC" && ctx.iimWinsOverXMP {
			rank = rankXMP*2 + 1 // P2: the IRB's IIM above XMP, still below EXIF
		}
		offer(key, candidate{rank: rank, seq: i, value: v, from: e.Group + ":" + e.Name})
	}
	// A1: aliases of record-2 datasets, only when the key is absent.
	for _, a := range schema.Aliases() {
		t := schema.IIM(a.Record, a.Dataset)
		if t == nil {
			continue
		}
		if _, ok := best[a.Key]; ok {
			continue
		}
		for _, g := range []string{"IPTC", "IPTC2"} {
			if c, ok := best[t.Name]; ok && strings.HasPrefix(c.from, g+":") {
				best[a.Key] = candidate{value: c.value, from: c.from}
				order = append(order, a.Key)
				break
			}
		}
	}
	r := &Result{Values: map[string]any{}, Source: map[string]string{}}
	for _, k := range order {
		c := best[k]
		r.Values[k] = c.value
		r.Source[k] = c.from
		r.Order = append(r.Order, k)
	}
	return r
}

type source uint8

const (
	srcNone source = iota
	srcEXIF
	srcIIM
	srcXMP
	srcComposite
)

// classify says which S1 source a family-1 group is, and its P1 rank.
func classify(group, name string) (source, int) {
	switch group {
	case "IFD0", "ExifIFD", "InteropIFD", "GPS":
		return srcEXIF, rankEXIF
	case "IPTC":
		return srcIIM, rankIIM
	case "IPTC2":
		return srcIIM, rankIIM2
	case "Composite":
		if t, ok := schema.Lookup(name); ok && t.Source == schema.SourceComposite {
			return srcComposite, rankComposite // S7
		}
		return srcNone, 0
	}
	if strings.HasPrefix(group, "XMP-") {
		return srcXMP, rankXMP
	}
	return srcNone, 0 // File, System, Composite, MakerNotes, IFD1, SubIFD, Photoshop, ICC, ...
}

// dictionary indexes schema's definitions by what ExifTool's JSON shows: group and name
// (the name without its '-', N1: "By-line", "TIFF-EPStandardID").
type dictionary struct {
	exif, gps, pana map[string]*schema.Tag // ExifTool name -> EXIF definition
	iim             map[string]*schema.Tag // ExifTool name -> IIM record-2 definition
	xmp             map[string]*schema.Tag // "XMP-<group>:<ExifTool name>" -> XMP definition
}

var (
	dictOnce sync.Once
	dictVal  *dictionary
)

func dict() *dictionary {
	dictOnce.Do(func() {
		d := &dictionary{exif: map[string]*schema.Tag{}, gps: map[string]*schema.Tag{},
			pana: map[string]*schema.Tag{}, iim: map[string]*schema.Tag{}, xmp: map[string]*schema.Tag{}}
		put := func(m map[string]*schema.Tag, k string, t *schema.Tag) {
			// A name with several ids (IFD0 0x0100 and JPEG XR 0xBC80 are both
			// ImageWidth) is the first one, the lowest id: the main TIFF/EXIF meaning.
			if _, ok := m[k]; !ok {
				m[k] = t
			}
		}
		for t := range schema.Tags {
			ref, rest, _ := strings.Cut(t.Ref, " ")
			name := t.Name
			switch ref {
			case "EXIF":
				put(d.exif, name, t)
			case "EXIF-GPS":
				put(d.gps, name, t)
			case "EXIF-PanasonicRaw":
				// Only Panasonic's own ids below the TIFF range; TIFF ids keep Exif::Main's
				// definition (schema.TablePanasonicRaw).
				if id, err := strconv.ParseUint(strings.TrimPrefix(rest, "0x"), 16, 16); err == nil && id < 0x00FE {
					put(d.pana, name, t)
				}
			case "IIM":
				if strings.HasPrefix(rest, "2:") {
					put(d.iim, name, t)
				}
			case "XMP":
				prefix, _, _ := strings.Cut(rest, ":")
				ns, ok := schema.NamespaceByPrefix(prefix)
				if !ok || ns.Group == "" {
					continue
				}
				put(d.xmp, ns.Group+":"+name, t)
			}
		}
		dictVal = d
	})
	return dictVal
}

func (d *dictionary) exifTag(group, name string, panasonicRaw bool) *schema.Tag {
	if group == "GPS" {
		return d.gps[name]
	}
	if group == "IFD0" && panasonicRaw {
		if t := d.pana[name]; t != nil {
			return t // ExifTool reads a Panasonic raw's IFD0 with PanasonicRaw::Main
		}
	}
	if t := d.exif[name]; t != nil {
		return t
	}
	if group == "IFD0" {
		return d.pana[name] // a Panasonic RW2's IFD0
	}
	return nil
}

// langVariant recognises ExifTool's name of a non-default language of a lang-alt value
// ("Title-de", "Description-en-US"): it returns the base name and the language.
func (d *dictionary) langVariant(group, name string) (base, lang string, ok bool) {
	i := strings.IndexByte(name, '-')
	if i <= 0 {
		return "", "", false
	}
	base, lang = name[:i], name[i+1:]
	if d.xmp[group+":"+strings.ReplaceAll(name, "-", "")] != nil {
		return "", "", false // a real name with '-'
	}
	for _, part := range strings.Split(lang, "-") {
		if part == "" || len(part) > 8 {
			return "", "", false
		}
		for _, r := range part {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
				return "", "", false
			}
		}
	}
	return base, lang, true
}

// context is what converting one tag needs to know about the others.
type context struct {
	byGroupName    map[string]Entry
	iimUTF8        bool // 1:90 CodedCharacterSet is ESC % G: ExifTool decoded UTF-8 itself
	iimWinsOverXMP bool // P2
	panasonicRaw   bool // IFD0 is PanasonicRaw::Main (RW2, RWL)
}

func newContext(entries []Entry) *context {
	c := &context{byGroupName: map[string]Entry{}}
	for _, e := range entries {
		c.byGroupName[e.Group+":"+e.Name] = e
	}
	if e, ok := c.byGroupName["IPTC:CodedCharacterSet"]; ok {
		if s, _ := e.Print.(string); s == "UTF8" {
			c.iimUTF8 = true
		}
	}
	if ft, ok := c.byGroupName["File:FileType"]; ok {
		switch text(ft.Num) {
		case "RW2", "RWL", "RAW":
			c.panasonicRaw = true
		}
	}
	if c.has("IFD0", "PanasonicRawVersion") {
		c.panasonicRaw = true
	}
	stored, ok1 := c.byGroupName["Photoshop:IPTCDigest"]
	current, ok2 := c.byGroupName["File:CurrentIPTCDigest"]
	if ok1 && ok2 && text(stored.Num) != text(current.Num) {
		c.iimWinsOverXMP = true
	}
	return c
}

func (c *context) has(group, name string) bool {
	_, ok := c.byGroupName[group+":"+name]
	return ok
}

// convert produces the value of one tag: kind, conversion and shape from its definition.
// tag is nil for an XMP property the dictionary does not know (a string, N3).
func (c *context) convert(tag *schema.Tag, src source, e Entry) (any, bool) {
	if tag == nil {
		tag = &schema.Tag{Kind: schema.String, Shape: schema.Collapsing}
	}
	raw := e.Num
	switch tag.Conv {
	case schema.ConvLabel, schema.ConvLabelEach, schema.ConvBitmask, schema.ConvXMPMeters,
		schema.ConvIIMTime, schema.ConvCodedText, schema.ConvUTF16LE, schema.ConvCopyright:
		raw = e.Print
	}
	if raw == nil {
		raw = e.Print
	}
	if raw == nil {
		return nil, false
	}
	var items []any
	switch r := raw.(type) {
	case []any:
		items = r
	case string:
		if tag.Shape == schema.FixedVector && tag.Kind != schema.String && tag.Conv != schema.ConvLabel {
			// -n prints a vector as "24 70 2.8 4"; an XMP mirror as "2.2.0.0" (T3).
			for _, f := range vectorFields(r, tag.Conv == schema.ConvXMPVector) {
				items = append(items, f)
			}
		} else if tag.Shape != schema.Scalar && tag.Kind != schema.String && tag.Kind != schema.Date && strings.Contains(strings.TrimSpace(r), " ") {
			for _, f := range strings.Fields(r) {
				items = append(items, f)
			}
		} else {
			items = []any{r}
		}
	default:
		items = []any{r}
	}
	var out []any
	for _, it := range items {
		v, ok := c.element(tag, src, e, it)
		if !ok {
			if tag.Shape == schema.FixedVector {
				return nil, false // a vector with a hole is not a vector of one kind
			}
			continue
		}
		out = append(out, v)
	}
	if len(out) == 0 {
		return nil, false // L4
	}
	switch tag.Shape {
	case schema.AlwaysList, schema.FixedVector:
		return out, true
	case schema.Collapsing:
		if len(out) == 1 {
			return out[0], true
		}
		return out, true
	}
	if len(out) != 1 {
		return out[len(out)-1], true // a scalar: the later occurrence (P3)
	}
	return out[0], true
}

// element converts one value of a tag per its kind and conversion.
func (c *context) element(tag *schema.Tag, src source, e Entry, it any) (any, bool) {
	s := text(it)
	if strings.HasPrefix(s, "(Binary data ") || strings.HasPrefix(s, "(large array of ") {
		return nil, false // S5
	}
	switch tag.Conv {
	case schema.ConvLabelEach:
		s = strings.ReplaceAll(s, ", ", ",") // V2b
	case schema.ConvCodedText, schema.ConvTrimRight:
		s = strings.TrimRight(s, " \x00") // V4, V1
	case schema.ConvEXIFDateTime:
		off := ""
		if tag.OffsetTag != 0 {
			if ot := schema.EXIF(schema.TableExif, tag.OffsetTag); ot != nil {
				if oe, ok := c.byGroupName["ExifIFD:"+ot.Name]; ok {
					off = strings.TrimSpace(text(oe.Num))
				}
			}
		}
		return exifDateTime(s, off)
	case schema.ConvXMPGPSCoord:
		return number(s)
	case schema.ConvNone:
		if e.Group == "XMP-exif" && tag.Kind == schema.Number {
			if inv, ok := apexRaw(e.Name); ok {
				v, ok := number(s)
				if !ok {
					return nil, false
				}
				return finite(inv(v.(float64)))
			}
		}
	}
	if src == srcIIM && tag.Kind == schema.String && !c.iimUTF8 {
		s = fixCP1252(s) // V1 (decision): UTF-8 if the bytes are valid UTF-8
	}
	if src == srcXMP && tag.Kind == schema.String && tag.Conv == schema.ConvNone && isStructGPSCoord(tag) {
		if n, ok := it.(json.Number); ok {
			return xmpCoordText(string(n), e.Name), true // V7b
		}
	}
	switch tag.Kind {
	case schema.String:
		if s == "" {
			return nil, false // L4
		}
		return s, true
	case schema.Integer:
		v, ok := number(s)
		if f, isF := v.(float64); !ok || !isF || f != math.Trunc(f) {
			return nil, false // V6c
		}
		return v, true
	case schema.Number:
		return number(s)
	case schema.Date:
		return parseDate(s)
	}
	return nil, false
}

// apexRaw returns the inverse of ExifTool's value conversion of an XMP APEX value the
// dictionary keeps raw (T3: typed as the stored number, not converted as the EXIF tag of the
// key is): the keys whose primary definition converts APEX values (V3b).
func apexRaw(key string) (func(float64) float64, bool) {
	t, ok := schema.Lookup(key)
	if !ok {
		return nil, false
	}
	switch t.Conv {
	case schema.ConvAPEXAperture:
		return func(x float64) float64 { return 2 * math.Log2(x) }, true
	case schema.ConvAPEXShutter:
		return func(x float64) float64 { return -math.Log2(x) }, true
	}
	return nil, false
}

// isStructGPSCoord reports an XMP struct field holding a GPSCoordinate (V7b), which ExifTool's
// -n output shows as signed decimal degrees.
func isStructGPSCoord(t *schema.Tag) bool {
	return t.Source == schema.SourceXMP && strings.Contains(t.Rule, "V7b")
}

// xmpCoordText rebuilds the XMP GPSCoordinate text "DDD,MM.mmk" from ExifTool's decimal
// degrees. The original may have been "DDD,MM,SSk": the oracle cannot tell (see README).
func xmpCoordText(n, name string) string {
	f, err := strconv.ParseFloat(n, 64)
	if err != nil {
		return n
	}
	hemi := "N"
	if strings.HasSuffix(name, "Longitude") {
		hemi = "E"
	}
	if f < 0 {
		f = -f
		if hemi == "N" {
			hemi = "S"
		} else {
			hemi = "W"
		}
	}
	deg := math.Floor(f)
	min := (f - deg) * 60
	ms := strconv.FormatFloat(math.Round(min*1e6)/1e6, 'f', -1, 64)
	return strconv.FormatFloat(deg, 'f', 0, 64) + "," + ms + hemi
}

// text returns the literal text of a decoded JSON scalar.
func text(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return string(x)
	case nil:
		return ""
	case bool:
		// ExifTool's JSON writes the XMP Booleans "True"/"False" as true/false; the
		// spec keeps the raw text (V6), which the XMP specification spells capitalised.
		if x {
			return "True"
		}
		return "False"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// number parses a decimal or a rational "n/d"; a zero denominator, NaN or Inf is no number.
func number(s string) (any, bool) {
	s = strings.TrimSpace(s)
	if n, d, ok := strings.Cut(s, "/"); ok {
		a, err1 := strconv.ParseFloat(n, 64)
		b, err2 := strconv.ParseFloat(d, 64)
		if err1 != nil || err2 != nil || b == 0 {
			return nil, false
		}
		return finite(a / b)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil, false
	}
	return finite(f)
}

func finite(f float64) (any, bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, false
	}
	return f, true
}

// vectorFields splits ExifTool's -n text of a fixed vector.
func vectorFields(s string, dotted bool) []string {
	fs := strings.Fields(s)
	if dotted && len(fs) == 1 && strings.Count(s, ".") > 1 {
		return strings.Split(strings.TrimSpace(s), ".")
	}
	return fs
}

// fixCP1252 undoes ExifTool's Windows-1252 reading of IIM text that is valid UTF-8 (V1).
func fixCP1252(s string) string {
	b := make([]byte, 0, len(s))
	ascii := true
	for _, r := range s {
		if r >= 0x80 {
			ascii = false
		}
		switch {
		case r < 0x80 || (r >= 0xA0 && r <= 0xFF) || (r >= 0x80 && r <= 0x9F):
			b = append(b, byte(r))
		default:
			c, ok := cp1252Rev[r]
			if !ok {
				return s
			}
			b = append(b, c)
		}
	}
	if ascii || !utf8.Valid(b) {
		return s
	}
	return string(b)
}

var cp1252Rev = map[rune]byte{
	'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88,
	'‰': 0x89, 'Š': 0x8A, '‹': 0x8B, 'Œ': 0x8C, 'Ž': 0x8E, '‘': 0x91, '’': 0x92, '“': 0x93,
	'”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9A, '›': 0x9B,
	'œ': 0x9C, 'ž': 0x9E, 'Ÿ': 0x9F,
}
