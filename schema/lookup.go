package schema

// The generated tables (tables_gen.go) define:
//
//	exifTags   map[uint16]*Tag       // ExifTool Exif::Main (IFD0, ExifIFD, InteropIFD, IFD1)
//	gpsTags    map[uint16]*Tag       // ExifTool GPS::Main
//	panasonicRawTags map[uint16]*Tag // ExifTool PanasonicRaw::Main (RW2 IFD0)
//	iimTags    map[uint16]*Tag       // record<<8 | dataset
//	xmpTags    map[XMPKey]*Tag       // namespace URI + flattened id (N3)
//	namespaces map[string]Namespace  // namespace URI -> prefix/group
//	aliases    []Alias               // A1, in table order
//	composites []Composite           // S7
//	byKey      map[string]*Tag       // output key -> its definition, EXIF > XMP > IIM
//	                                 //   (PanasonicRaw only for keys no other table has)
//	tagData    [N]Tag                // every definition; the maps point into it
//	prefixes   map[string]string     // ExifTool's preferred XMP prefix -> namespace URI
//
// Regenerate with `go generate ./schema`; refresh the ExifTool data with
// `go run ./schema/internal/listx` (see data/README.md).

// XMPKey identifies an XMP property or flattened struct field: the namespace URI of the
// top-level property and the flattened id of the path (spec N3), e.g.
// {"http://iptc.org/std/Iptc4xmpExt/2008-02-29/", "ImageRegionRegionBoundaryRbH"}.
type XMPKey struct {
	NS string
	ID string
}

// EXIF returns the definition of tag id in table t, or nil when the dictionary does not know
// it (S5: unknown EXIF tags are left out).
func EXIF(t Table, id uint16) *Tag {
	switch t {
	case TableExif:
		return exifTags[id]
	case TableGPS:
		return gpsTags[id]
	case TablePanasonicRaw:
		return panasonicRawTags[id]
	}
	return nil
}

// IIM returns the definition of IPTC-IIM dataset record:dataset, or nil.
func IIM(record, dataset uint8) *Tag {
	return iimTags[uint16(record)<<8|uint16(dataset)]
}

// XMP returns the definition of the flattened id in the namespace with URI ns, or nil.
func XMP(ns, flatID string) *Tag {
	return xmpTags[XMPKey{NS: ns, ID: flatID}]
}

// XMPNamespace returns the namespace with the given URI, if the dictionary knows it.
func XMPNamespace(uri string) (Namespace, bool) {
	n, ok := namespaces[uri]
	return n, ok
}

// Lookup returns the definition behind an output key (T1): its kind, shape and origin.
// When several sources define the key, the one of highest precedence (P1: EXIF > XMP > IIM)
// is returned; composites and aliases are found too.
func Lookup(key string) (*Tag, bool) {
	t, ok := byKey[key]
	return t, ok
}

// Aliases returns the A1 alias table, in table order. The slice must not be modified.
func Aliases() []Alias { return aliases }

// Composites returns the S7 composite definitions. The slice must not be modified.
func Composites() []Composite { return composites }

// NamespaceByPrefix returns the namespace ExifTool knows under the preferred prefix (e.g.
// "Iptc4xmpExt", "exif"); for prefixes of namespaces without a tag table (e.g. "stEvt") only
// URI and Prefix are set. The XMP decoder may use it for prefixes a packet does not declare.
func NamespaceByPrefix(prefix string) (Namespace, bool) {
	uri, ok := prefixes[prefix]
	if !ok {
		return Namespace{}, false
	}
	if n, ok := namespaces[uri]; ok && n.Prefix == prefix {
		return n, true
	}
	return Namespace{URI: uri, Prefix: prefix}, true
}

// Tags calls yield for every definition of the dictionary (EXIF, IIM, XMP, composites and
// aliases) in table order, until yield returns false. The tags must not be modified.
func Tags(yield func(*Tag) bool) {
	for i := range tagData {
		if !yield(&tagData[i]) {
			return
		}
	}
}

// xmpByNS indexes xmpTags by namespace URI, then flattened id, so that an id held in a byte
// buffer is looked up without allocating (XMPFlat). Derived once at package initialisation
// from the generated table and never modified.
var xmpByNS = func() map[string]map[string]*Tag {
	m := make(map[string]map[string]*Tag)
	for k, t := range xmpTags {
		inner := m[k.NS]
		if inner == nil {
			inner = make(map[string]*Tag)
			m[k.NS] = inner
		}
		inner[k.ID] = t
	}
	return m
}()

// XMPFlat is XMP for a flattened id held in a byte slice; it does not allocate.
func XMPFlat(ns string, flatID []byte) *Tag {
	return xmpByNS[ns][string(flatID)]
}
