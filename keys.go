package embedmeta

//go:generate go run ./internal/keysdoc/cmd -o docs/keys.md

import (
	"slices"
	"sort"

	"github.com/embedmeta/embedmeta/schema"
)

// KeyInfo describes one key of the dictionary: what embeddedMetadata may hold under it.
type KeyInfo struct {
	// Key is the output key (ExifTool's tag name without '-', spec N1).
	Key string
	// Kind is the kind of every value of the key, whichever source filled it (T1, T3).
	Kind schema.Kind
	// Shape is the key's shape class (T2, T3).
	Shape schema.Shape
	// Refs are the definitions the key is read from, the one that types it first, then
	// in dictionary order: "EXIF 0x829A", "XMP exif:ExposureTime", "IIM 2:25",
	// "Composite IIM 2:55+2:60".
	Refs []string
	// Groups are the payload kinds among Sources (EXIF, IPTC, XMP, Composite: ExifTool's
	// family-0 groups), in P1 order.
	Groups []schema.Source
	// Labels is set when the key's values are labels of stored codes (V2); -n gives the codes.
	Labels bool
	// Unit is the unit of the values where they have one ("s", "mm", "decimal degrees ..."):
	// documentation from the dictionary (schema.Unit), never a conversion.
	Unit string
}

// Keys returns every key the dictionary can emit, sorted by key. Keys that scope rules
// leave out (S) are not listed, nor are the names the XMP fallback rule (N3) makes up for
// properties the dictionary does not know.
func Keys() []KeyInfo {
	byKey := map[string]*KeyInfo{}
	schema.Tags(func(t *schema.Tag) bool {
		if t.Omit {
			return true
		}
		k := byKey[t.Name]
		if k == nil {
			primary, _ := schema.Lookup(t.Name)
			if primary.Omit { // the key's own definition is out (S3): the first other one types it
				primary = t
			}
			k = &KeyInfo{Key: t.Name, Kind: primary.Kind, Shape: primary.Shape, Unit: schema.Unit(t.Name),
				Labels: primary.Conv == schema.ConvLabel || primary.Conv == schema.ConvLabelEach || primary.Conv == schema.ConvBitmask}
			if !primary.Omit && primary != t {
				k.Refs = append(k.Refs, primary.Ref)
			}
			byKey[t.Name] = k
		}
		if !slices.Contains(k.Refs, t.Ref) {
			k.Refs = append(k.Refs, t.Ref)
		}
		if !slices.Contains(k.Groups, t.Source) {
			k.Groups = append(k.Groups, t.Source)
		}
		return true
	})
	out := make([]KeyInfo, 0, len(byKey))
	for _, k := range byKey {
		rank := func(o schema.Source) int {
			return slices.Index([]schema.Source{schema.SourceEXIF, schema.SourceXMP, schema.SourceIPTC, schema.SourceComposite}, o)
		}
		sort.SliceStable(k.Groups, func(i, j int) bool { return rank(k.Groups[i]) < rank(k.Groups[j]) })
		out = append(out, *k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}
