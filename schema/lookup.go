package schema

import (
	"cmp"
	"unsafe"

	"github.com/embedmeta/embedmeta/schema/internal/keyhash"
)

// The generated tables (tables_gen.go) are sorted arrays of plain values, which the linker
// lays out as static data, so the package has no initialisation code:
//
//	tagData          [N]Tag          // every definition; the tables below index it
//	exifTags         [...]idTag      // ExifTool Exif::Main (IFD0, ExifIFD, InteropIFD, IFD1)
//	gpsTags          [...]idTag      // ExifTool GPS::Main
//	panasonicRawTags [...]idTag      // ExifTool PanasonicRaw::Main (RW2 IFD0)
//	iimTags          [...]idTag      // record<<8 | dataset
//	namespaces       [...]nsEntry    // by URI; each with its run of xmpTags
//	xmpTags          [...]xmpEntry   // flattened id (N3), sorted within each namespace
//	xmpIndex         [...]uint16     // hash index of xmpTags by (namespace URI, id)
//	prefixes         [...]prefixURI  // ExifTool's preferred XMP prefix -> namespace URI
//	byKey            [...]nameTag    // output key -> its definition, EXIF > XMP > IIM
//	                                 //   (PanasonicRaw only for keys no other table has)
//	byKeyIndex       [...]uint16     // hash index of byKey
//	aliases          []Alias         // A1, in table order
//	composites       []Composite     // S7
//
// Numeric lookups (EXIF, IIM) and namespace lookups are binary searches; the string-keyed
// lookups of every entry (XMP, Lookup) probe a static open-addressing hash index laid out by
// the generator (keyhash.Sum), as fast as a map. Regenerate with `go generate ./schema`; refresh the ExifTool
// data with `go run ./schema/internal/listx` (see data/README.md).

// XMPKey identifies an XMP property or flattened struct field: the namespace URI of the
// top-level property and the flattened id of the path (spec N3), e.g.
// {"http://iptc.org/std/Iptc4xmpExt/2008-02-29/", "ImageRegionRegionBoundaryRbH"}.
type XMPKey struct {
	NS string
	ID string
}

// idTag is an entry of a table keyed by a number; tag indexes tagData.
type idTag struct {
	id  uint16
	tag uint16
}

// nameTag is an entry of a table keyed by a string; tag indexes tagData.
type nameTag struct {
	name string
	tag  uint16
}

// xmpEntry is an XMP definition: flattened id, index of its namespace in namespaces, and
// index of its definition in tagData.
type xmpEntry struct {
	name string
	ns   uint16
	tag  uint16
}

// nsEntry is a known XMP namespace; xmpTags[lo:hi] are its definitions.
type nsEntry struct {
	ns     Namespace
	lo, hi uint16
}

// nameUnit pairs an output key with the unit of its values.
type nameUnit struct {
	name, unit string
}

// prefixURI pairs an XMP prefix with its namespace URI.
type prefixURI struct {
	prefix, uri string
}

// search returns the index of the first entry of s, a table sorted by key, whose key is not
// below k: len(s) when there is none. The caller checks that the entry's key is k.
func search[E any, K cmp.Ordered](s []E, k K, key func(*E) K) int {
	lo, hi := 0, len(s)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if key(&s[m]) < k {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// findID returns the definition with the given id in the sorted table s, or nil.
func findID(s []idTag, id uint16) *Tag {
	lo := search(s, id, func(e *idTag) uint16 { return e.id })
	if lo < len(s) && s[lo].id == id {
		return &tagData[s[lo].tag]
	}
	return nil
}

// findXMP probes xmpIndex for the flattened id in the namespace with URI ns. With a byte
// slice id it does not allocate (string(id) in a comparison reuses the slice's bytes).
func findXMP[S string | []byte](ns string, id S) *Tag {
	const mask = uint64(len(xmpIndex) - 1)
	for i := keyhash.Sum(id, keyhash.Sum(ns, keyhash.Seed)) & mask; ; i = (i + 1) & mask {
		k := xmpIndex[i]
		if k == 0 {
			return nil
		}
		e := &xmpTags[k-1]
		if e.name == string(id) && namespaces[e.ns].ns.URI == ns {
			return &tagData[e.tag]
		}
	}
}

// findKey probes byKeyIndex for the output key.
func findKey(key string) *Tag {
	const mask = uint64(len(byKeyIndex) - 1)
	for i := keyhash.Sum(key, keyhash.Seed) & mask; ; i = (i + 1) & mask {
		k := byKeyIndex[i]
		if k == 0 {
			return nil
		}
		if e := &byKey[k-1]; e.name == key {
			return &tagData[e.tag]
		}
	}
}

// findNS returns the entry of the namespace with the given URI, or nil.
func findNS(uri string) *nsEntry {
	if i := nsIndex(uri); i >= 0 {
		return &namespaces[i]
	}
	return nil
}

// nsIndex returns the index in namespaces of the namespace with the given URI, or -1.
func nsIndex(uri string) int {
	lo := search(namespaces[:], uri, func(e *nsEntry) string { return e.ns.URI })
	if lo < len(namespaces) && namespaces[lo].ns.URI == uri {
		return lo
	}
	return -1
}

// EXIF returns the definition of tag id in table t, or nil when the dictionary does not know
// it (S5: unknown EXIF tags are left out).
func EXIF(t Table, id uint16) *Tag {
	switch t {
	case TableExif:
		return findID(exifTags[:], id)
	case TableGPS:
		return findID(gpsTags[:], id)
	case TablePanasonicRaw:
		return findID(panasonicRawTags[:], id)
	}
	return nil
}

// IIM returns the definition of IPTC-IIM dataset record:dataset, or nil.
func IIM(record, dataset uint8) *Tag {
	return findID(iimTags[:], uint16(record)<<8|uint16(dataset))
}

// XMP returns the definition of the flattened id in the namespace with URI ns, or nil.
func XMP(ns, flatID string) *Tag {
	return findXMP(ns, flatID)
}

// XMPFlat is XMP for a flattened id held in a byte slice; it does not allocate.
func XMPFlat(ns string, flatID []byte) *Tag {
	return findXMP(ns, flatID)
}

// XMPNS is a namespace as the dictionary knows it (or does not), found once by
// XMPNamespaceOf so that looking up many properties of it (Flat) hashes and compares its
// URI once instead of at every lookup.
type XMPNS struct {
	index int32  // into namespaces; -1 when the dictionary has no tables for the URI
	hash  uint64 // keyhash.Sum of the URI, the seed of its properties' hashes
}

// XMPNamespaceOf returns the namespace with the given URI, ready for Flat lookups.
func XMPNamespaceOf(uri string) XMPNS {
	i := nsIndex(uri)
	if i < 0 {
		return XMPNS{index: -1}
	}
	return XMPNS{index: int32(i), hash: keyhash.Sum(uri, keyhash.Seed)}
}

// Flat is XMPFlat for a property of n: the definition of the flattened id, or nil.
func (n XMPNS) Flat(flatID []byte) *Tag {
	if n.index < 0 {
		return nil // no definition lives in a namespace the dictionary lacks
	}
	const mask = uint64(len(xmpIndex) - 1)
	for i := keyhash.Sum(flatID, n.hash) & mask; ; i = (i + 1) & mask {
		k := xmpIndex[i]
		if k == 0 {
			return nil
		}
		if e := &xmpTags[k-1]; e.ns == uint16(n.index) && e.name == string(flatID) {
			return &tagData[e.tag]
		}
	}
}

// XMPNamespace returns the namespace with the given URI, if the dictionary knows it.
func XMPNamespace(uri string) (Namespace, bool) {
	if n := findNS(uri); n != nil {
		return n.ns, true
	}
	return Namespace{}, false
}

// Lookup returns the definition behind an output key (T1): its kind, shape and source.
// When several sources define the key, the one of highest precedence (P1: EXIF > XMP > IIM)
// is returned; composites and aliases are found too.
func Lookup(key string) (*Tag, bool) {
	t := findKey(key)
	return t, t != nil
}

// NumKeys is the number of distinct output keys the dictionary defines: KeyID numbers them
// 1 to NumKeys.
const NumKeys = len(byKey)

// KeyID returns a small dense number for the output key of a definition the dictionary
// holds (what Lookup, EXIF, IIM, XMP and XMPFlat return), the same for every definition of
// that key, from 1 to NumKeys; 0 for any other Tag value (a copy, or one a caller made).
// It lets a caller keep per-key state in an array instead of a map keyed by name.
func KeyID(t *Tag) int {
	off := uintptr(unsafe.Pointer(t)) - uintptr(unsafe.Pointer(&tagData[0]))
	if t == nil || off >= unsafe.Sizeof(tagData) || off%unsafe.Sizeof(tagData[0]) != 0 {
		return 0 // not an element of tagData (the subtraction wraps below it)
	}
	return int(tagKey[off/unsafe.Sizeof(tagData[0])])
}

// KeyIDOf returns the KeyID of the output key key, 0 when the dictionary does not define it.
func KeyIDOf(key string) int {
	const mask = uint64(len(byKeyIndex) - 1)
	for i := keyhash.Sum(key, keyhash.Seed) & mask; ; i = (i + 1) & mask {
		k := byKeyIndex[i]
		if k == 0 || byKey[k-1].name == key {
			return int(k)
		}
	}
}

// Aliases returns the A1 alias table, in table order. The slice must not be modified.
func Aliases() []Alias { return aliases }

// Composites returns the S7 composite definitions. The slice must not be modified.
func Composites() []Composite { return composites }

// NamespaceByPrefix returns the namespace ExifTool knows under the preferred prefix (e.g.
// "Iptc4xmpExt", "exif"); for prefixes of namespaces without a tag table (e.g. "stEvt") only
// URI and Prefix are set. The XMP decoder may use it for prefixes a packet does not declare.
func NamespaceByPrefix(prefix string) (Namespace, bool) {
	lo := search(prefixes[:], prefix, func(e *prefixURI) string { return e.prefix })
	if lo == len(prefixes) || prefixes[lo].prefix != prefix {
		return Namespace{}, false
	}
	uri := prefixes[lo].uri
	if n := findNS(uri); n != nil && n.ns.Prefix == prefix {
		return n.ns, true
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

// Unit returns the unit of a key's values as the documentation names it ("s", "mm",
// "degrees", "m above sea level; see GPSAltitudeRef"), or "" for a key without one (text,
// labels, counts). It is documentation: values are never converted by it.
func Unit(key string) string {
	lo := search(units[:], key, func(e *nameUnit) string { return e.name })
	if lo < len(units) && units[lo].name == key {
		return units[lo].unit
	}
	return ""
}

// KeysOf returns the keys that play role r, best rank first. The slice must not be
// modified.
func KeysOf(r Role) []RoleKey {
	lo := 0
	for lo < len(roleKeys) && roleKeys[lo].Role < r {
		lo++
	}
	hi := lo
	for hi < len(roleKeys) && roleKeys[hi].Role == r {
		hi++
	}
	return roleKeys[lo:hi:hi]
}
