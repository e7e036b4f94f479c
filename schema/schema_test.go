package schema

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/schema/internal/gen"
	"github.com/embedmeta/embedmeta/schema/internal/keyhash"
)

const (
	nsIptcExt = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
	nsPlus    = "http://ns.useplus.org/ldf/xmp/1.0/"
	nsExif    = "http://ns.adobe.com/exif/1.0/"
	nsAux     = "http://ns.adobe.com/exif/1.0/aux/"
	nsCRS     = "http://ns.adobe.com/camera-raw-settings/1.0/"
	nsXMP     = "http://ns.adobe.com/xap/1.0/"
	nsX       = "adobe:ns:meta/"
)

// TestTableSanity checks the invariants normalize relies on for every definition.
func TestTableSanity(t *testing.T) {
	n := 0
	for tag := range Tags {
		n++
		require.NotEmpty(t, tag.Name, tag.Ref)
		assert.NotContains(t, tag.Name, "-", "N1: %s", tag.Ref)
		assert.NotEmpty(t, tag.Ref)
		assert.Contains(t, []Kind{String, Integer, Number, Date}, tag.Kind, tag.Ref)
		assert.Contains(t, []Shape{Scalar, Collapsing, AlwaysList, FixedVector}, tag.Shape, tag.Ref)
		assert.Contains(t, []Source{SourceEXIF, SourceIPTC, SourceXMP, SourceComposite}, tag.Source, tag.Ref)
		assert.Less(t, int(tag.Conv), ConvCount, tag.Ref)
		assert.NotEqual(t, "invalid", tag.Conv.String(), tag.Ref)
		labelled := tag.Conv == ConvLabel || tag.Conv == ConvLabelEach || tag.Conv == ConvBitmask
		assert.Equal(t, labelled, len(tag.Labels) > 0, "V2: labels iff ConvLabel/ConvLabelEach/ConvBitmask: %s", tag.Ref)
		if labelled {
			assert.Equal(t, String, tag.Kind, "V2: labels are strings: %s", tag.Ref)
		}
		assert.True(t, sort.SliceIsSorted(tag.Labels, func(i, j int) bool { return tag.Labels[i].Code < tag.Labels[j].Code }), tag.Ref)
		for i := 1; i < len(tag.Labels); i++ {
			assert.NotEqual(t, tag.Labels[i-1].Code, tag.Labels[i].Code, "duplicate label code in %s", tag.Ref)
		}
		if tag.OffsetTag != 0 {
			assert.Equal(t, ConvEXIFDateTime, tag.Conv, "D1: OffsetTag only with ConvEXIFDateTime: %s", tag.Ref)
		}
		if tag.Conv == ConvEXIFDateTime || tag.Conv == ConvEXIFDate || tag.Conv == ConvIIMDate || tag.Conv == ConvXMPDate {
			assert.Equal(t, Date, tag.Kind, tag.Ref)
		}
		if tag.Omit {
			assert.NotEmpty(t, tag.Rule, "an omission cites its rule: %s", tag.Ref)
		}
		if tag.Source == SourceIPTC {
			assert.Empty(t, tag.Labels, "V5: %s", tag.Ref)
		}
		if tag.ReadAs != 0 {
			assert.Equal(t, SourceEXIF, tag.Source, tag.Ref)
			if tag.ReadAs == 2 { // ASCII: read as text whatever the stored type (V1)
				assert.Equal(t, String, tag.Kind, "ReadAs ASCII gives text: %s", tag.Ref)
			} else {
				assert.Contains(t, []Kind{Integer, Number}, tag.Kind, "ReadAs gives numbers: %s", tag.Ref)
			}
		}
	}
	assert.Greater(t, n, 4000)
}

// TestTablesConsistent checks that every table entry is keyed the way its Ref says (unique
// (table, id) keys), that the tables are strictly sorted (the lookups are binary searches)
// and that every entry is found by its lookup, and that byKey points at a definition of that
// name.
func TestTablesConsistent(t *testing.T) {
	idTables := []struct {
		name  string
		table []idTag
		ref   func(id uint16) string
		find  func(id uint16) *Tag
	}{
		{"exif", exifTags[:], func(id uint16) string { return fmt.Sprintf("EXIF 0x%04X", id) },
			func(id uint16) *Tag { return EXIF(TableExif, id) }},
		{"gps", gpsTags[:], func(id uint16) string { return fmt.Sprintf("EXIF-GPS 0x%04X", id) },
			func(id uint16) *Tag { return EXIF(TableGPS, id) }},
		{"panasonicraw", panasonicRawTags[:], func(id uint16) string { return fmt.Sprintf("EXIF-PanasonicRaw 0x%04X", id) },
			func(id uint16) *Tag { return EXIF(TablePanasonicRaw, id) }},
		{"iim", iimTags[:], func(id uint16) string { return fmt.Sprintf("IIM %d:%d", id>>8, id&0xFF) },
			func(id uint16) *Tag { return IIM(uint8(id>>8), uint8(id)) }},
	}
	for _, tt := range idTables {
		t.Run(tt.name, func(t *testing.T) {
			require.NotEmpty(t, tt.table)
			known := map[uint16]bool{}
			for i, e := range tt.table {
				known[e.id] = true
				tag := &tagData[e.tag]
				if i > 0 {
					assert.Less(t, tt.table[i-1].id, e.id, "sorted and unique")
				}
				assert.Equal(t, tt.ref(e.id), tag.Ref)
				assert.Same(t, tag, tt.find(e.id))
			}
			for id := range 1 << 16 {
				if !known[uint16(id)] {
					assert.Nil(t, tt.find(uint16(id)), "absent id 0x%04X", id)
				}
			}
		})
	}
	for _, e := range exifTags {
		assert.Equal(t, SourceEXIF, tagData[e.tag].Source)
	}
	for _, e := range panasonicRawTags {
		tag := &tagData[e.tag]
		assert.Equal(t, SourceEXIF, tag.Source)
		// byKey: the vendor table only adds keys no other table defines.
		if def, _ := Lookup(tag.Name); def != tag {
			assert.False(t, strings.HasPrefix(def.Ref, "EXIF-PanasonicRaw "), "%s -> %s", tag.Name, def.Ref)
		}
	}
	assert.Greater(t, len(panasonicRawTags), 30)
	for _, e := range iimTags {
		if tag := &tagData[e.tag]; e.id>>8 == 1 {
			assert.True(t, tag.Omit, "S2: %s", tag.Ref)
			assert.Equal(t, "S2", tag.Rule)
		}
	}
	// XMP: namespaces sorted by URI, their runs of xmpTags contiguous and sorted by id.
	next := uint16(0)
	for i, n := range namespaces {
		if i > 0 {
			assert.Less(t, namespaces[i-1].ns.URI, n.ns.URI)
		}
		assert.Equal(t, next, n.lo, n.ns.URI)
		assert.LessOrEqual(t, n.lo, n.hi)
		next = n.hi
		for j := n.lo; j < n.hi; j++ {
			e := xmpTags[j]
			tag := &tagData[e.tag]
			if j > n.lo {
				assert.Less(t, xmpTags[j-1].name, e.name)
			}
			assert.Equal(t, "XMP "+n.ns.Prefix+":"+e.name, tag.Ref)
			assert.Equal(t, SourceXMP, tag.Source)
			assert.Same(t, tag, XMP(n.ns.URI, e.name))
			assert.Same(t, tag, XMPFlat(n.ns.URI, []byte(e.name)))
			assert.Nil(t, XMP(n.ns.URI, e.name+"\x00"))
		}
	}
	assert.Equal(t, int(next), len(xmpTags), "every XMP definition belongs to a namespace")
	for i, e := range byKey {
		if i > 0 {
			assert.Less(t, byKey[i-1].name, e.name)
		}
		tag := &tagData[e.tag]
		assert.Equal(t, e.name, tag.Name)
		got, ok := Lookup(e.name)
		require.True(t, ok, e.name)
		assert.Same(t, tag, got)
	}
	for i := 1; i < len(prefixes); i++ {
		assert.Less(t, prefixes[i-1].prefix, prefixes[i].prefix)
	}
	refs := map[string]bool{}
	for tag := range Tags {
		if tag.Source != SourceComposite && !strings.HasSuffix(tag.Rule, "A1") {
			assert.False(t, refs[tag.Ref], "duplicate definition %s", tag.Ref)
			refs[tag.Ref] = true
		}
	}
}

func labelMap(ls []Label) map[string]string {
	m := map[string]string{}
	for _, l := range ls {
		m[l.Code] = l.Text
	}
	return m
}

func TestSpotChecks(t *testing.T) {
	iptcExt := func(id string) *Tag { return XMP(nsIptcExt, id) }
	tests := []struct {
		name  string
		tag   *Tag
		key   string
		kind  Kind
		shape Shape
		conv  Conv
		omit  bool
		rule  string
	}{
		{"ResolutionUnit V2", EXIF(TableExif, 0x0128), "ResolutionUnit", String, Scalar, ConvLabel, false, "V2"},
		{"GPSLatitude V3b", EXIF(TableGPS, 0x0002), "GPSLatitude", Number, Scalar, ConvGPSCoord, false, "V3b"},
		{"GPSLatitudeRef V2", EXIF(TableGPS, 0x0001), "GPSLatitudeRef", String, Scalar, ConvLabel, false, "V2"},
		{"InteropVersion V4", EXIF(TableExif, 0x0002), "InteropVersion", String, Scalar, ConvASCIIBytes, false, "V4"},
		{"ExifVersion V4", EXIF(TableExif, 0x9000), "ExifVersion", String, Scalar, ConvASCIIBytes, false, "V4"},
		{"UserComment V4", EXIF(TableExif, 0x9286), "UserComment", String, Scalar, ConvCodedText, false, "V4"},
		{"ComponentsConfiguration V2b", EXIF(TableExif, 0x9101), "ComponentsConfiguration", String, Collapsing, ConvLabelEach, false, "V2,V2b,T3"},
		{"FileSource V2", EXIF(TableExif, 0xA300), "FileSource", String, Scalar, ConvLabel, false, "V2"},
		{"XPTitle", EXIF(TableExif, 0x9C9B), "XPTitle", Integer, Scalar, ConvNone, true, "S5"},
		{"ShutterSpeedValue V3b", EXIF(TableExif, 0x9201), "ShutterSpeedValue", Number, Scalar, ConvAPEXShutter, false, "V3b"},
		{"ApertureValue V3b", EXIF(TableExif, 0x9202), "ApertureValue", Number, Scalar, ConvAPEXAperture, false, "V3b"},
		{"GPSTimeStamp V3b", EXIF(TableGPS, 0x0007), "GPSTimeStamp", String, Scalar, ConvGPSTime, false, "V3b"},
		{"GPSDateStamp D1", EXIF(TableGPS, 0x001D), "GPSDateStamp", Date, Scalar, ConvEXIFDate, false, "D1"},
		{"ModifyDate D1", EXIF(TableExif, 0x0132), "ModifyDate", Date, Scalar, ConvEXIFDateTime, false, "D1"},
		{"OffsetTime stays a string", EXIF(TableExif, 0x9010), "OffsetTime", String, Scalar, ConvNone, false, ""},
		{"ExposureTime V3", EXIF(TableExif, 0x829A), "ExposureTime", Number, Scalar, ConvNone, false, ""},
		{"LensInfo L5", EXIF(TableExif, 0xA432), "LensInfo", Number, FixedVector, ConvNone, false, "L5"},
		{"GPSVersionID L5", EXIF(TableGPS, 0x0000), "GPSVersionID", Integer, FixedVector, ConvNone, false, "L5"},
		{"SubjectArea L5", EXIF(TableExif, 0x9214), "SubjectArea", Integer, FixedVector, ConvNone, false, "L5"},
		{"ISO variable count", EXIF(TableExif, 0x8827), "ISO", Integer, Collapsing, ConvNone, false, "L5"},
		{"YCbCrPositioning S3", EXIF(TableExif, 0x0213), "YCbCrPositioning", String, Scalar, ConvLabel, true, "S3"},
		{"StripOffsets S3", EXIF(TableExif, 0x0111), "StripOffsets", String, Scalar, ConvNone, true, "S3"},
		{"MakerNote S5", EXIF(TableExif, 0x927C), "MakerNoteUnknown", String, Scalar, ConvNone, true, "S5"},
		{"CFAPattern S5", EXIF(TableExif, 0xA302), "CFAPattern", String, Scalar, ConvNone, true, "S5"},
		{"PrintIM S5", EXIF(TableExif, 0xC4A5), "PrintIM", String, Scalar, ConvNone, true, "S5"},
		{"Padding S5", EXIF(TableExif, 0xEA1C), "Padding", String, Scalar, ConvNone, true, "S5"},
		{"CaptionAbstract N1", IIM(2, 120), "CaptionAbstract", String, Scalar, ConvNone, false, ""},
		{"Byline L1", IIM(2, 80), "Byline", String, Collapsing, ConvNone, false, "L1"},
		{"ApplicationRecordVersion V3", IIM(2, 0), "ApplicationRecordVersion", Integer, Scalar, ConvNone, false, ""},
		{"Urgency digits", IIM(2, 10), "Urgency", Integer, Scalar, ConvNone, false, ""},
		{"DateCreated D3", IIM(2, 55), "DateCreated", Date, Scalar, ConvIIMDate, false, "D3"},
		{"TimeCreated D3", IIM(2, 60), "TimeCreated", String, Scalar, ConvIIMTime, false, "D3"},
		{"ObjectCycle V5", IIM(2, 75), "ObjectCycle", String, Scalar, ConvNone, false, ""},
		{"CodedCharacterSet S2", IIM(1, 90), "CodedCharacterSet", String, Scalar, ConvNone, true, "S2"},
		{"ImageRegionBoundaryH L3", iptcExt("ImageRegionRegionBoundaryRbH"), "ImageRegionBoundaryH", Number, AlwaysList, ConvNone, false, "L1,L3"},
		{"ImageRegion struct L3", iptcExt("ImageRegion"), "ImageRegion", String, AlwaysList, ConvNone, false, "L1,L3"},
		{"ImageRegionBoundaryShape V6a", iptcExt("ImageRegionRegionBoundaryRbShape"), "ImageRegionBoundaryShape", String, AlwaysList, ConvNone, false, "L1,L3"},
		{"ArtworkTitle N3", iptcExt("ArtworkOrObjectAOTitle"), "ArtworkTitle", String, Collapsing, ConvNone, false, "L1"},
		{"ProductInImageGTIN V7c", iptcExt("ProductInImageProductGTIN"), "ProductInImageGTIN", Number, AlwaysList, ConvNone, false, "L1,L3,V7c"},
		{"LocationCreatedGPSAltitude V7a", iptcExt("LocationCreatedGPSAltitude"), "LocationCreatedGPSAltitude", String, Collapsing, ConvXMPMeters, false, "L1,V7a"},
		{"LocationShownGPSLatitude V7b", iptcExt("LocationShownGPSLatitude"), "LocationShownGPSLatitude", String, Collapsing, ConvNone, false, "L1,V7b"},
		{"MaxAvailHeight V6", iptcExt("MaxAvailHeight"), "MaxAvailHeight", Integer, Scalar, ConvNone, false, ""},
		{"AODateCreated D4", iptcExt("ArtworkOrObjectAODateCreated"), "ArtworkDateCreated", Date, Collapsing, ConvXMPDate, false, "D4,L1"},
		{"ModelReleaseStatus S6b", XMP(nsPlus, "ModelReleaseStatus"), "ModelReleaseStatus", String, Scalar, ConvNone, true, "S6b"},
		{"LicensorTelephoneType1 S6b", XMP(nsPlus, "LicensorLicensorTelephoneType1"), "LicensorTelephoneType1", String, Collapsing, ConvNone, true, "S6b"},
		{"LicensorTelephone1 N3", XMP(nsPlus, "LicensorLicensorTelephone1"), "LicensorTelephone1", String, Collapsing, ConvNone, false, "L1"},
		{"XMPToolkit S6a", XMP(nsX, "xmptk"), "XMPToolkit", String, Scalar, ConvNone, true, "S6a"},
		{"Rating V6", XMP(nsXMP, "Rating"), "Rating", Number, Scalar, ConvNone, false, ""},
		{"xmp CreateDate D4", XMP(nsXMP, "CreateDate"), "CreateDate", Date, Scalar, ConvXMPDate, false, "D4"},
		{"exif:ColorSpace V6b", XMP(nsExif, "ColorSpace"), "ColorSpace", String, Scalar, ConvLabel, false, "V6b"},
		{"exif:GPSLatitude V6b", XMP(nsExif, "GPSLatitude"), "GPSLatitude", Number, Scalar, ConvXMPGPSCoord, false, "V6b"},
		// T3: one kind and shape per key, the primary definition's.
		{"aux:LensInfo T3 vector", XMP(nsAux, "LensInfo"), "LensInfo", Number, FixedVector, ConvXMPVector, false, "T3"},
		{"exif:GPSVersionID T3 vector", XMP(nsExif, "GPSVersionID"), "GPSVersionID", Integer, FixedVector, ConvXMPVector, false, "T3"},
		{"aux:ImageNumber T3 number", XMP(nsAux, "ImageNumber"), "ImageNumber", Integer, Scalar, ConvNone, false, "T3"},
		{"crs:Contrast T3 text", XMP(nsCRS, "Contrast"), "Contrast", String, Scalar, ConvNone, false, "T3"},
		{"EXIF FlashEnergy untyped T3", EXIF(TableExif, 0x920B), "FlashEnergy", Number, Scalar, ConvNone, false, "T3"},
		{"IIM ExpirationDate T3 list", IIM(2, 37), "ExpirationDate", Date, Collapsing, ConvIIMDate, false, "D3,T3"},
		// PanasonicRaw::Main (RW2 IFD0): the general EXIF rules; S3 is about Exif::Main ids only.
		{"PanasonicRawVersion S5", EXIF(TablePanasonicRaw, 0x0001), "PanasonicRawVersion", String, Scalar, ConvNone, true, "S5"},
		{"SensorWidth no format", EXIF(TablePanasonicRaw, 0x0002), "SensorWidth", String, Scalar, ConvNone, false, ""},
		{"SensorRightBorder", EXIF(TablePanasonicRaw, 0x0007), "SensorRightBorder", String, Scalar, ConvNone, false, ""},
		{"PanasonicRaw SamplesPerPixel", EXIF(TablePanasonicRaw, 0x0008), "SamplesPerPixel", Integer, Scalar, ConvNone, false, ""},
		{"PanasonicRaw CFAPattern V2", EXIF(TablePanasonicRaw, 0x0009), "CFAPattern", String, Scalar, ConvLabel, false, "V2"},
		{"PanasonicRaw BitsPerSample", EXIF(TablePanasonicRaw, 0x000A), "BitsPerSample", Integer, Collapsing, ConvNone, false, "T3"},
		{"PanasonicRaw Compression V2", EXIF(TablePanasonicRaw, 0x000B), "Compression", String, Scalar, ConvLabel, false, "V2"},
		{"PanasonicRaw ISO", EXIF(TablePanasonicRaw, 0x0017), "ISO", Integer, Collapsing, ConvNone, false, "T3"},
		{"NoiseReductionParams read as int16u", EXIF(TablePanasonicRaw, 0x001B), "NoiseReductionParams", Integer, Collapsing, ConvNone, false, "L5"},
		{"WBRedLevel", EXIF(TablePanasonicRaw, 0x0024), "WBRedLevel", Integer, Scalar, ConvNone, false, ""},
		{"RawFormat", EXIF(TablePanasonicRaw, 0x002D), "RawFormat", Integer, Scalar, ConvNone, false, ""},
		{"JpgFromRaw S5", EXIF(TablePanasonicRaw, 0x002E), "JpgFromRaw", String, Scalar, ConvNone, true, "S5"},
		{"PanasonicRaw Orientation V2", EXIF(TablePanasonicRaw, 0x0112), "Orientation", String, Scalar, ConvLabel, false, "V2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.NotNil(t, tt.tag)
			assert.Equal(t, tt.key, tt.tag.Name)
			assert.Equal(t, tt.kind, tt.tag.Kind)
			assert.Equal(t, tt.shape, tt.tag.Shape)
			assert.Equal(t, tt.conv, tt.tag.Conv)
			assert.Equal(t, tt.omit, tt.tag.Omit)
			assert.Equal(t, tt.rule, tt.tag.Rule)
		})
	}

	t.Run("labels", func(t *testing.T) {
		assert.Equal(t, "inches", labelMap(EXIF(TableExif, 0x0128).Labels)["2"])
		assert.Equal(t, "Uncalibrated", labelMap(EXIF(TableExif, 0xA001).Labels)["65535"])
		assert.Equal(t, "Horizontal (normal)", labelMap(EXIF(TableExif, 0x0112).Labels)["1"])
		assert.Equal(t, "North", labelMap(EXIF(TableGPS, 0x0001).Labels)["N"])
		cc := labelMap(EXIF(TableExif, 0x9101).Labels)
		assert.Equal(t, []string{"-", "Y", "Cb", "Cr"}, []string{cc["0"], cc["1"], cc["2"], cc["3"]})
		assert.Nil(t, IIM(2, 75).Labels, "V5")
		assert.Nil(t, XMP(nsIptcExt, "ImageRegionRegionBoundaryRbShape").Labels, "V6a")
		assert.Equal(t, "[Blue,Green][Green,Red]", labelMap(EXIF(TablePanasonicRaw, 0x0009).Labels)["4"])
		assert.Equal(t, "Panasonic RAW 1", labelMap(EXIF(TablePanasonicRaw, 0x000B).Labels)["34316"])
	})
	t.Run("PanasonicRaw", func(t *testing.T) {
		assert.Equal(t, TypeShort, EXIF(TablePanasonicRaw, 0x001B).ReadAs, "undef read as int16u (TIFF SHORT)")
		assert.Zero(t, EXIF(TablePanasonicRaw, 0x0002).ReadAs)
		assert.Equal(t, "InteropIndex", EXIF(TableExif, 0x0001).Name, "N2: ids repeat across tables")
		assert.Nil(t, EXIF(TablePanasonicRaw, 0x0013), "sub-directories (WBInfo) are not tags")
		// Lookup: an EXIF or XMP definition of the same name keeps priority (P1).
		for key, ref := range map[string]string{"ISO": "EXIF 0x8827", "Compression": "XMP tiff:Compression",
			"CFAPattern": "XMP exif:CFAPattern", "BitsPerSample": "XMP tiff:BitsPerSample",
			"SensorWidth": "EXIF-PanasonicRaw 0x0002", "NoiseReductionParams": "EXIF-PanasonicRaw 0x001B"} {
			def, ok := Lookup(key)
			require.True(t, ok, key)
			assert.Equal(t, ref, def.Ref, key)
		}
	})
	t.Run("date offsets", func(t *testing.T) {
		assert.Equal(t, uint16(0x9010), EXIF(TableExif, 0x0132).OffsetTag)
		assert.Equal(t, uint16(0x9011), EXIF(TableExif, 0x9003).OffsetTag)
		assert.Equal(t, uint16(0x9012), EXIF(TableExif, 0x9004).OffsetTag)
	})
	t.Run("unknown", func(t *testing.T) {
		assert.Nil(t, EXIF(TableExif, 0xFFFE), "S5: unknown ids are out")
		assert.Nil(t, EXIF(Table(99), 0x0128))
		assert.Nil(t, IIM(2, 254))
		assert.Nil(t, XMP(nsIptcExt, "NoSuchProperty"))
	})
}

func TestNamespaces(t *testing.T) {
	ns, ok := XMPNamespace(nsIptcExt)
	require.True(t, ok)
	assert.Equal(t, Namespace{URI: nsIptcExt, Prefix: "Iptc4xmpExt", Group: "XMP-iptcExt"}, ns)
	ns, ok = XMPNamespace(nsPlus)
	require.True(t, ok)
	assert.Equal(t, "plus", ns.Prefix)

	tests := []struct{ prefix, uri, group string }{
		{"Iptc4xmpExt", nsIptcExt, "XMP-iptcExt"},
		{"dc", "http://purl.org/dc/elements/1.1/", "XMP-dc"},
		{"exif", nsExif, "XMP-exif"},
		{"x", nsX, "XMP-x"},
		{"stEvt", "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#", ""},
	}
	for _, tt := range tests {
		t.Run(tt.prefix, func(t *testing.T) {
			ns, ok := NamespaceByPrefix(tt.prefix)
			require.True(t, ok)
			assert.Equal(t, Namespace{URI: tt.uri, Prefix: tt.prefix, Group: tt.group}, ns)
		})
	}
	_, ok = NamespaceByPrefix("nosuchprefix")
	assert.False(t, ok)
	for _, n := range namespaces {
		ns := n.ns
		got, ok := XMPNamespace(ns.URI)
		assert.True(t, ok)
		assert.Equal(t, ns, got)
		back, ok := NamespaceByPrefix(ns.Prefix)
		assert.True(t, ok)
		assert.Equal(t, ns, back)
	}
}

func TestAliasesComposites(t *testing.T) {
	assert.Equal(t, []Alias{{2, 95, "State"}, {2, 100, "CountryCode"}, {2, 101, "Country"},
		{2, 120, "Caption"}, {2, 122, "Writer"}}, Aliases())
	assert.Equal(t, []Composite{{"DateTimeCreated", 2, 55, 60}, {"DigitalCreationDateTime", 2, 62, 63}}, Composites())
	for _, c := range Composites() {
		tag, ok := Lookup(c.Key)
		require.True(t, ok, c.Key)
		assert.Equal(t, SourceComposite, tag.Source)
		assert.Equal(t, Date, tag.Kind)
		assert.Equal(t, Scalar, tag.Shape)
	}
	w, ok := Lookup("Writer")
	require.True(t, ok)
	assert.Equal(t, "IIM 2:122", w.Ref)
	assert.Equal(t, Collapsing, w.Shape)
}

// TestOneKindPerKey: every definition a key has, whatever its source, reads its values as
// the kind and shape of the key's own definition (T3), so a key has one JSON type in every
// file. Aliases (A1) copy an IIM dataset under another name and are held to it too.
func TestOneKindPerKey(t *testing.T) {
	n := 0
	first := map[string]*Tag{} // keys whose own definition is left out: their first other one
	Tags(func(d *Tag) bool {
		if d.Omit || d.Source == SourceComposite {
			return true
		}
		key, ok := Lookup(d.Name)
		require.True(t, ok, d.Ref)
		if key.Omit { // the key's own definition is left out: its other ones agree among themselves
			if first[d.Name] == nil {
				first[d.Name] = d
			}
			key = first[d.Name]
		}
		if d.Kind != key.Kind || d.Shape != key.Shape {
			t.Errorf("%s (%s): %s %s, but the key %s is %s %s (%s)", d.Name, d.Ref, d.Kind, d.Shape,
				d.Name, key.Kind, key.Shape, key.Ref)
		}
		n++
		return true
	})
	for _, a := range Aliases() {
		src, key := IIM(a.Record, a.Dataset), mustLookup(t, a.Key)
		assert.Equal(t, key.Kind, src.Kind, "alias %s", a.Key)
	}
	assert.Greater(t, n, 1000)
}

func mustLookup(t *testing.T, key string) *Tag {
	tag, ok := Lookup(key)
	require.True(t, ok, key)
	return tag
}

func TestLookupPrecedence(t *testing.T) {
	tests := []struct{ key, ref string }{
		{"DateCreated", "XMP photoshop:DateCreated"}, // P1: XMP > IIM
		{"City", "XMP photoshop:City"},
		{"Orientation", "EXIF 0x0112"}, // P1: EXIF > XMP (tiff:Orientation)
		{"DateTimeOriginal", "EXIF 0x9003"},
		{"YCbCrPositioning", "XMP tiff:YCbCrPositioning"}, // the EXIF definition is omitted (S3)
		{"Rating", "XMP xmp:Rating"},                      // pinned (section 13.9)
		{"Keywords", "IIM 2:25"},                          // pinned
		{"CaptionAbstract", "IIM 2:120"},
		{"ModelReleaseStatus", "XMP plus:ModelReleaseStatus"},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			tag, ok := Lookup(tt.key)
			require.True(t, ok)
			assert.Equal(t, tt.ref, tag.Ref)
		})
	}
	_, ok := Lookup("NoSuchKey")
	assert.False(t, ok)
}

// fallbackField resolves a key N3 derives for a struct field ExifTool's table does not list
// (<flat name of the parent> + ucfirst(localName)): the longest prefix naming an XMP
// definition whose shape the field inherits; the field itself is a String.
func fallbackField(key string) (*Tag, bool) {
	for i := len(key) - 1; i > 0; i-- {
		if p, ok := Lookup(key[:i]); ok && p.Source == SourceXMP && p.Shape != Scalar {
			return &Tag{Name: key, Source: SourceXMP, Kind: String, Shape: p.Shape}, true
		}
	}
	return nil, false
}

// TestGoldenTypes: every key of the acceptance golden is reachable with the kind and a shape
// compatible with what *.types.json lists (T1, T2).
func TestGoldenTypes(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "testdata", "IPTC-PhotometadataRef-Std2019.1.types.json"))
	require.NoError(t, err)
	var types map[string]string
	require.NoError(t, json.Unmarshal(b, &types))
	require.Len(t, types, 179)
	for key, typ := range types {
		t.Run(key, func(t *testing.T) {
			tag, ok := Lookup(key)
			if !ok {
				tag, ok = fallbackField(key)
			}
			require.True(t, ok, "key %s not reachable", key)
			assert.False(t, tag.Omit, "%s is omitted (%s)", key, tag.Rule)
			kind, list := strings.CutSuffix(typ, "[]")
			assert.Equal(t, kind, tag.Kind.String())
			if list {
				assert.Contains(t, []Shape{Collapsing, AlwaysList, FixedVector}, tag.Shape)
			} else {
				assert.Contains(t, []Shape{Scalar, Collapsing}, tag.Shape)
			}
		})
	}
}

// TestGeneratedUpToDate regenerates tables_gen.go from the checked-in data and overrides and
// compares the bytes (run `go generate ./schema` when it fails).
func TestGeneratedUpToDate(t *testing.T) {
	got, err := gen.File(filepath.Join("data", "exiftool.tsv"), filepath.Join("data", "overrides.tsv"))
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "tables_gen.go"), got, 0o644))
	want, err := os.ReadFile("tables_gen.go")
	require.NoError(t, err)
	if !slices.Equal(got, want) {
		t.Fatalf("tables_gen.go is stale (fresh output in %s): run go generate ./schema", dir)
	}
}

// TestStaticLookups: the hash-indexed lookups agree for string and byte-slice ids, miss
// cleanly, and XMPFlat does not allocate.
func TestStaticLookups(t *testing.T) {
	for n := range 24 {
		s := strings.Repeat("aZ9", 8)[:n]
		assert.Equal(t, keyhash.Sum(s, keyhash.Seed), keyhash.Sum([]byte(s), keyhash.Seed), n)
	}
	tests := []struct{ name, ns, id string }{
		{"unknown namespace", "http://example.com/nope/", "creator"},
		{"unknown id", nsXMP, "NoSuchProperty"},
		{"empty id", nsXMP, ""},
		{"empty namespace", "", "CreateDate"},
		{"id of another namespace", nsExif, "CreateDate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Nil(t, XMP(tt.ns, tt.id))
			assert.Nil(t, XMPFlat(tt.ns, []byte(tt.id)))
		})
	}
	_, ok := Lookup("")
	assert.False(t, ok)
	id := []byte("ImageRegionRegionBoundaryRbH")
	assert.Zero(t, testing.AllocsPerRun(100, func() { sinkTag = XMPFlat(nsIptcExt, id) }))
	require.NotNil(t, sinkTag)
}

// TestKeyID: every definition's KeyID is its Name's place among the output keys, shared by
// all definitions of that key; KeyIDOf agrees; anything outside the dictionary gets 0.
func TestKeyID(t *testing.T) {
	seen := map[int]string{}
	for i := range tagData {
		tag := &tagData[i]
		id := KeyID(tag)
		require.Positive(t, id, tag.Name)
		require.LessOrEqual(t, id, NumKeys)
		require.Equal(t, tag.Name, byKey[id-1].name)
		if name, ok := seen[id]; ok {
			require.Equal(t, name, tag.Name)
		}
		seen[id] = tag.Name
		require.Equal(t, id, KeyIDOf(tag.Name))
	}
	for i, e := range byKey {
		require.Equal(t, i+1, KeyIDOf(e.name))
	}
	copied := tagData[0]
	assert.Zero(t, KeyID(&copied))
	assert.Zero(t, KeyID(nil))
	assert.Zero(t, KeyID(&Tag{Name: "Made"}))
	assert.Zero(t, KeyIDOf("NoSuchKeyAnywhere"))
}

// TestXMPNSFlatAgreesWithXMPFlat: the cached-namespace lookup finds exactly what XMPFlat
// finds, for every definition and for misses.
func TestXMPNSFlatAgreesWithXMPFlat(t *testing.T) {
	for i := range xmpTags {
		e := &xmpTags[i]
		uri := namespaces[e.ns].ns.URI
		n := XMPNamespaceOf(uri)
		require.Same(t, XMPFlat(uri, []byte(e.name)), n.Flat([]byte(e.name)), "%s %s", uri, e.name)
		assert.Nil(t, n.Flat([]byte(e.name+"Nope")))
	}
	assert.Nil(t, XMPNamespaceOf("http://example.com/unknown/").Flat([]byte("Title")))
}

// TestUnit: the documentation unit of a key's values, from the overrides' unit rows.
func TestUnit(t *testing.T) {
	assert.Equal(t, "s", Unit("ExposureTime"))
	assert.Equal(t, "mm", Unit("FocalLength"))
	assert.Contains(t, Unit("GPSLatitude"), "decimal degrees")
	assert.Equal(t, "", Unit("Make"))
	assert.Equal(t, "", Unit("NoSuchKey"))
	for i := 1; i < len(units); i++ {
		assert.Less(t, units[i-1].name, units[i].name, "units sorted")
	}
}

// TestRoles: the keys rules read by meaning are data (role rows): O4's first key, the IIM
// charset dataset, the image size of a sidecar's facts, the GPS position's keys with their
// references; every definition of a role's key carries the role.
func TestRoles(t *testing.T) {
	assert.Equal(t, []RoleKey{{Role: RoleFirst, Rank: 1, Key: "ExifVersion"}}, KeysOf(RoleFirst))
	assert.Equal(t, RoleIIMCharset, IIM(1, 90).Role)
	assert.Equal(t, RoleNone, IIM(2, 25).Role)
	w, h := KeysOf(RoleImageWidth), KeysOf(RoleImageHeight)
	require.Len(t, w, 2)
	assert.Equal(t, []string{"ImageWidth", "ExifImageWidth"}, []string{w[0].Key, w[1].Key})
	assert.Equal(t, []string{"ImageHeight", "ExifImageHeight"}, []string{h[0].Key, h[1].Key})
	lat := KeysOf(RoleLatitude)
	require.Len(t, lat, 1)
	assert.Equal(t, RoleKey{Role: RoleLatitude, Rank: 1, Key: "GPSLatitude", Ref: "GPSLatitudeRef", Negative: []string{"S", "South"}}, lat[0])
	assert.Equal(t, []string{"1", "Below Sea Level"}, KeysOf(RoleAltitude)[0].Negative)
	assert.Empty(t, KeysOf(RoleNone))
	for r := RoleFirst; r < roleCount; r++ {
		keys := KeysOf(r)
		assert.NotEmpty(t, keys, "role %d", r)
		for _, k := range keys {
			Tags(func(d *Tag) bool {
				if d.Name == k.Key {
					assert.Equal(t, r, d.Role, d.Ref)
				}
				return true
			})
		}
	}
	assert.Equal(t, RoleFirst, XMP(nsExif, "ExifVersion").Role, "the XMP definition of ExifVersion too")
}
