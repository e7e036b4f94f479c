package gen

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const miniData = "# test\n" +
	"ns\tstEvt\thttp://ns.adobe.com/xap/1.0/sType/ResourceEvent#\n" +
	"table\tExif::Main\tEXIF\tIFD0\t\t\n" +
	"tag\t296\t\tResolutionUnit\tint16u\t\ttrue\t\t\t\n" +
	"val\t2\tinches\n" +
	"val\t3\tcm\n" +
	"tag\t273\t0\tStripOffsets\t?\t\tfalse\t\t\tExifIFD\n" +
	"tag\t273\t3\tPreviewImageStart\tint32u\t\ttrue\tPermanent\t\t\n" +
	"tag\t37500\t\tMakerNote\tundef\t\ttrue\tBinary\t\tExifIFD\n" +
	"tag\t42034\t\tLensInfo\trational64u\t4\ttrue\t\t\tExifIFD\n" +
	"tag\t34855\t\tISO\tint16u\t-1\ttrue\t\t\tExifIFD\n" +
	"table\tGPS::Main\tEXIF\tGPS\t\t\n" +
	"tag\t2\t\tGPSLatitude\trational64u\t3\ttrue\t\t\t\n" +
	"table\tPanasonicRaw::Main\tEXIF\tIFD0\t\t\n" +
	"tag\t1\t\tPanasonicRawVersion\tundef\t\ttrue\t\t\t\n" +
	"tag\t2\t\tSensorWidth\t?\t\tfalse\t\t\t\n" +
	"tag\t9\t\tCFAPattern\tint16u\t\ttrue\tUnsafe\t\t\n" +
	"val\t1\t[Red,Green][Green,Blue]\n" +
	"val\t4\t[Blue,Green][Green,Red]\n" +
	"tag\t23\t\tISO\tint16u\t\ttrue\t\t\t\n" +
	"tag\t27\t\tNoiseReductionParams\tundef\t-1\ttrue\tUnsafe\t\t\n" +
	"format\tint16u\n" +
	"tag\t273\t\tStripOffsets\t?\t\tfalse\t\t\t\n" +
	"table\tIPTC::EnvelopeRecord\tIPTC\tIPTC\t\t\n" +
	"tag\t90\t\tCodedCharacterSet\tstring\t32\ttrue\t\t\t\n" +
	"table\tIPTC::ApplicationRecord\tIPTC\tIPTC\t\t\n" +
	"tag\t25\t\tKeywords\tstring\t64\ttrue\tList\t\t\n" +
	"tag\t55\t\tDateCreated\tdigits\t8\ttrue\t\t\t\n" +
	"tag\t60\t\tTimeCreated\tstring\t11\ttrue\t\t\t\n" +
	"tag\t120\t\tCaption-Abstract\tstring\t2000\ttrue\t\t\t\n" +
	"table\tXMP::iptcExt\tXMP\tXMP-iptcExt\tIptc4xmpExt\thttp://iptc.org/std/Iptc4xmpExt/2008-02-29/\n" +
	"tag\tImageRegion\t\tImageRegion\tstruct\t\ttrue\tBag,List\t\t\n" +
	"tag\tImageRegionRegionBoundary\t\tImageRegionBoundary\tstruct\t\ttrue\tFlattened,List\tImageRegion\t\n" +
	"tag\tImageRegionRegionBoundaryRbH\t\tImageRegionBoundaryH\treal\t\ttrue\tFlattened,List\tImageRegionRegionBoundary\t\n" +
	"tag\tLocationCreatedGPSAltitude\t\tLocationCreatedGPSAltitude\trational\t\ttrue\tFlattened,List\tLocationCreated\t\n" +
	"tag\tLocationCreated\t\tLocationCreated\tstruct\t\ttrue\tBag,List\t\t\n" +
	"tag\tThumb\t\tThumb\tstring\t\ttrue\tBase64\t\t\n"

const miniOverrides = "# test\n" +
	"exif\t0x0111\tomit name=StripOffsets\tS3\n" +
	"gps\t0x0002\tkind=number conv=gps-coord shape=scalar\tV3b\n" +
	"iimrecord\t1\tomit\tS2\n" +
	"iim\t2:55\tkind=date conv=iim-date\tD3\n" +
	"xmptree\tIptc4xmpExt:ImageRegion\tshape=always-list\tL3\n" +
	"xmpleaf\tGPSAltitude\tkind=string conv=xmp-meters\tV7a\n" +
	"alias\t2:120\tCaption\tA1\n" +
	"composite\tDateTimeCreated\t2:55 2:60\tS7\n" +
	"lookup\tKeywords\tiim 2:25\tT2\n"

func generate(t *testing.T, data, ovr string) (string, error) {
	t.Helper()
	d, err := ReadData(strings.NewReader(data))
	require.NoError(t, err)
	o, err := ReadOverrides(strings.NewReader(ovr))
	require.NoError(t, err)
	src, err := Generate(d, o, "")
	return string(src), err
}

func TestGenerateMini(t *testing.T) {
	src, err := generate(t, miniData, miniOverrides)
	require.NoError(t, err)
	for _, want := range []string{
		`{Name: "ResolutionUnit", Source: SourceEXIF, Kind: String, Shape: Scalar, Conv: ConvLabel, Labels: labels0, Rule: "V2", Ref: "EXIF 0x0128"}`,
		`labels0 = []Label{{"2", "inches"}, {"3", "cm"}}`,
		`{Name: "StripOffsets", Source: SourceEXIF, Kind: String, Shape: Scalar, Omit: true, Rule: "S3", Ref: "EXIF 0x0111"}`,
		`{Name: "MakerNote", Source: SourceEXIF, Kind: String, Shape: Scalar, Omit: true, Rule: "S5", Ref: "EXIF 0x927C"}`,
		`{Name: "LensInfo", Source: SourceEXIF, Kind: Number, Shape: FixedVector, Rule: "L5", Ref: "EXIF 0xA432"}`,
		`{Name: "ISO", Source: SourceEXIF, Kind: Integer, Shape: Collapsing, Rule: "L5", Ref: "EXIF 0x8827"}`,
		`{Name: "GPSLatitude", Source: SourceEXIF, Kind: Number, Shape: Scalar, Conv: ConvGPSCoord, Rule: "V3b", Ref: "EXIF-GPS 0x0002"}`,
		`{Name: "CodedCharacterSet", Source: SourceIPTC, Kind: String, Shape: Scalar, Omit: true, Rule: "S2", Ref: "IIM 1:90"}`,
		`{Name: "CaptionAbstract", Source: SourceIPTC, Kind: String, Shape: Scalar, Ref: "IIM 2:120"}`,
		`{Name: "Caption", Source: SourceIPTC, Kind: String, Shape: Scalar, Rule: "A1", Ref: "IIM 2:120"}`,
		`{Name: "DateCreated", Source: SourceIPTC, Kind: Date, Shape: Scalar, Conv: ConvIIMDate, Rule: "D3", Ref: "IIM 2:55"}`,
		`{Name: "ImageRegionBoundaryH", Source: SourceXMP, Kind: Number, Shape: AlwaysList, Rule: "L1,L3", Ref: "XMP Iptc4xmpExt:ImageRegionRegionBoundaryRbH"}`,
		`{Name: "LocationCreatedGPSAltitude", Source: SourceXMP, Kind: String, Shape: Collapsing, Conv: ConvXMPMeters, Rule: "L1,V7a", Ref: "XMP Iptc4xmpExt:LocationCreatedGPSAltitude"}`,
		`{Name: "LocationCreated", Source: SourceXMP, Kind: String, Shape: Collapsing, Rule: "L1", Ref: "XMP Iptc4xmpExt:LocationCreated"}`,
		`{Name: "Thumb", Source: SourceXMP, Kind: String, Shape: Scalar, Omit: true, Rule: "S5", Ref: "XMP Iptc4xmpExt:Thumb"}`,
		`{Key: "DateTimeCreated", Record: 2, DateDataset: 55, TimeDataset: 60}`,
		`{Record: 2, Dataset: 120, Key: "Caption"}`,
		`{"stEvt", "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#"}`,
		// PanasonicRaw::Main: the general EXIF rules; '?' is text, Format decides the kind (ReadAs).
		`{Name: "PanasonicRawVersion", Source: SourceEXIF, Kind: String, Shape: Scalar, Omit: true, Rule: "S5", Ref: "EXIF-PanasonicRaw 0x0001"}`,
		`{Name: "SensorWidth", Source: SourceEXIF, Kind: String, Shape: Scalar, Ref: "EXIF-PanasonicRaw 0x0002"}`,
		`{Name: "CFAPattern", Source: SourceEXIF, Kind: String, Shape: Scalar, Conv: ConvLabel, Labels: labels1, Rule: "V2", Ref: "EXIF-PanasonicRaw 0x0009"}`,
		`labels1 = []Label{{"1", "[Red,Green][Green,Blue]"}, {"4", "[Blue,Green][Green,Red]"}}`,
		`{Name: "NoiseReductionParams", Source: SourceEXIF, Kind: Integer, Shape: Collapsing, ReadAs: 3, Rule: "L5", Ref: "EXIF-PanasonicRaw 0x001B"}`,
		"var panasonicRawTags = [...]idTag{\n\t{0x0001, ",
		// Static tables, sorted: ids ascending, XMP ids within their namespace, keys.
		"var exifTags = [...]idTag{\n\t{0x0111, 0},\n\t{0x0128, 1},\n\t{0x8827, 2},",
		"\t{\"LocationCreated\", 21},\n\t{\"LocationCreatedGPSAltitude\", 20},\n",
		`{Namespace{URI: ns0, Prefix: "Iptc4xmpExt", Group: "XMP-iptcExt"}, 0, 6},`,
	} {
		assert.Contains(t, src, want)
	}
	// No maps: the tables are static data that need no package initialisation.
	assert.NotContains(t, src, "map[")
	// byKey: PanasonicRaw adds its own keys but never displaces another table's definition,
	// omitted (StripOffsets, S3) or not (ISO).
	for key, ref := range map[string]string{"ISO": "EXIF 0x8827", "StripOffsets": "EXIF 0x0111",
		"SensorWidth": "EXIF-PanasonicRaw 0x0002"} {
		assert.Contains(t, src, "\t{"+strconv.Quote(key)+", "+tagIndex(t, src, ref)+"},\n", key)
	}
}

// tagIndex returns the tagData index of the definition with the given Ref in generated src.
func tagIndex(t *testing.T, src, ref string) string {
	t.Helper()
	body := src[strings.Index(src, "var tagData = [...]Tag{"):]
	lines := strings.Split(body[:strings.Index(body, "\n}\n")], "\n")[1:]
	for i, l := range lines {
		if strings.Contains(l, `Ref: "`+ref+`"}`) {
			return strconv.Itoa(i)
		}
	}
	t.Fatalf("no definition %s", ref)
	return ""
}

func TestGenerateErrors(t *testing.T) {
	tests := []struct{ name, ovr, msg string }{
		{"unknown selector", "nope\tx\tomit\tS1\n", "unknown selector"},
		{"unknown exif id", "exif\t0x1234\tomit\tS3\n", "no exif tag"},
		{"unknown panasonicraw id", "panasonicraw\t0x1234\tomit\tS3\n", "no panasonicraw tag"},
		{"lookup panasonicraw mismatch", "lookup\tISO\tpanasonicraw 0x0002\tP1\n", "not ISO"},
		{"unknown kind", "exif\t0x0128\tkind=blob\tV1\n", "unknown kind"},
		{"unknown conv", "exif\t0x0128\tconv=magic\tV1\n", "unknown conv"},
		{"label without labels", "exif\t0xA432\tconv=label\tV2\n", "no labels"},
		{"unknown xmp", "xmp\tIptc4xmpExt:Nope\tomit\tS6\n", "no XMP tag"},
		{"leaf matches nothing", "xmpleaf\tNope\tkind=string\tV7\n", "matches nothing"},
		{"lookup name mismatch", "lookup\tFoo\tiim 2:25\tT2\n", "not Foo"},
		{"field count", "exif\t0x0128\tomit\n", "want 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ReadData(strings.NewReader(miniData))
			require.NoError(t, err)
			o, err := ReadOverrides(strings.NewReader(tt.ovr))
			if err == nil {
				_, err = Generate(d, o, "")
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.msg)
		})
	}
}

// TestGenerateUnknownFormat: a "format" row must name an EXIF format (it becomes Tag.ReadAs).
func TestGenerateUnknownFormat(t *testing.T) {
	_, err := generate(t, strings.Replace(miniData, "format\tint16u", "format\tblob", 1), miniOverrides)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown format "blob"`)
}

func TestReadDataEscapes(t *testing.T) {
	d, err := ReadData(strings.NewReader("table\tExif::Main\tEXIF\tIFD0\t\t\ntag\t1\t\tX\tstring\t\ttrue\t\t\t\nval\ta\\tb\tline\\none \\\\ two\n"))
	require.NoError(t, err)
	assert.Equal(t, [][2]string{{"a\tb", "line\none \\ two"}}, d.Tables[0].Tags[0].Values)
	for _, bad := range []string{"tag\t1\n", "val\ta\tb\n", "bogus\n", "table\tA\n", "format\tint16u\n",
		"table\tExif::Main\tEXIF\tIFD0\t\t\ntag\t1\t\tX\tundef\t\ttrue\t\t\t\nformat\n"} {
		_, err := ReadData(strings.NewReader(bad))
		assert.Error(t, err, bad)
	}
}

// FuzzReadData: the data parser never panics, whatever the input.
func FuzzReadData(f *testing.F) {
	f.Add(miniData)
	if b, err := os.ReadFile(filepath.Join("..", "..", "data", "overrides.tsv")); err == nil {
		f.Add(string(b))
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ReadData(strings.NewReader(s))
		if err != nil {
			return
		}
		o, err := ReadOverrides(strings.NewReader(s))
		if err != nil {
			return
		}
		_, _ = Generate(d, o, "")
	})
}

// TestGenerateUnify: T3, one kind and shape per key — the primary definition's kind and
// shape, conversions where the values convert, the definition left out where they never do.
func TestGenerateUnify(t *testing.T) {
	data := "# test\n" +
		"table\tExif::Main\tEXIF\tIFD0\t\t\n" +
		"tag\t41992\t\tContrast\tint16u\t\ttrue\t\t\tExifIFD\n" +
		"val\t0\tNormal\n" +
		"tag\t42034\t\tLensInfo\trational64u\t4\ttrue\t\t\tExifIFD\n" +
		"tag\t37393\t\tImageNumber\tint32u\t\ttrue\t\t\tExifIFD\n" +
		"tag\t41483\t\tFlashEnergy\trational64u\t\ttrue\t\t\tExifIFD\n" +
		"tag\t37387\t\tFlashEnergy\t?\t\ttrue\t\t\tExifIFD\n" +
		"table\tGPS::Main\tEXIF\tGPS\t\t\n" +
		"table\tPanasonicRaw::Main\tEXIF\tIFD0\t\t\n" +
		"table\tIPTC::EnvelopeRecord\tIPTC\tIPTC\t\t\n" +
		"table\tIPTC::ApplicationRecord\tIPTC\tIPTC\t\t\n" +
		"table\tXMP::aux\tXMP\tXMP-aux\taux\thttp://ns.adobe.com/exif/1.0/aux/\n" +
		"tag\tLensInfo\t\tLensInfo\tstring\t\ttrue\t\t\t\n" +
		"tag\tImageNumber\t\tImageNumber\tstring\t\ttrue\t\t\t\n" +
		"tag\tWhen\t\tWhen\tdate\t\ttrue\t\t\t\n" +
		"tag\tKind\t\tKind\tstring\t\ttrue\t\t\t\n" +
		"table\tXMP::crs\tXMP\tXMP-crs\tcrs\thttp://ns.adobe.com/camera-raw-settings/1.0/\n" +
		"tag\tContrast\t\tContrast\tinteger\t\ttrue\t\t\t\n" +
		"tag\tWhen\t\tWhen\tinteger\t\ttrue\t\t\t\n" +
		"tag\tKind\t\tKind\tstring\t\ttrue\tList\t\t\n"
	src, err := generate(t, data, "# none\n")
	require.NoError(t, err)
	for _, want := range []string{
		// the primaries keep their definitions
		`{Name: "Contrast", Source: SourceEXIF, Kind: String, Shape: Scalar, Conv: ConvLabel, Labels: labels0, Rule: "V2", Ref: "EXIF 0xA408"}`,
		`{Name: "LensInfo", Source: SourceEXIF, Kind: Number, Shape: FixedVector, Rule: "L5", Ref: "EXIF 0xA432"}`,
		// a number read as text, a text read as a number or split into a vector
		`{Name: "Contrast", Source: SourceXMP, Kind: String, Shape: Scalar, Rule: "T3", Ref: "XMP crs:Contrast"}`,
		`{Name: "ImageNumber", Source: SourceXMP, Kind: Integer, Shape: Scalar, Rule: "T3", Ref: "XMP aux:ImageNumber"}`,
		`{Name: "LensInfo", Source: SourceXMP, Kind: Number, Shape: FixedVector, Conv: ConvXMPVector, Rule: "T3", Ref: "XMP aux:LensInfo"}`,
		// an untyped EXIF tag ('?') never decides: the typed one does
		`{Name: "FlashEnergy", Source: SourceEXIF, Kind: Number, Shape: Scalar, Rule: "T3", Ref: "EXIF 0x920B"}`,
		// a date against an integer never converts: left out
		`{Name: "When", Source: SourceXMP, Kind: Integer, Shape: Scalar, Omit: true, Rule: "T3", Ref: "XMP crs:When"}`,
		// a scalar key with a list-capable definition elsewhere is a collapsing list
		`{Name: "Kind", Source: SourceXMP, Kind: String, Shape: Collapsing, Rule: "T3", Ref: "XMP aux:Kind"}`,
	} {
		assert.Contains(t, src, want)
	}
}

// TestGenerateUnits: a unit row documents an existing key; one for a key no table defines
// is an error.
func TestGenerateUnits(t *testing.T) {
	src, err := generate(t, miniData, miniOverrides+"unit\tLensInfo\tmm, mm, f-number, f-number\tL5\n")
	require.NoError(t, err)
	assert.Contains(t, src, "var units = [...]nameUnit{\n\t{\"LensInfo\", \"mm, mm, f-number, f-number\"},\n}")
	_, err = generate(t, miniData, miniOverrides+"unit\tNoSuchKey\tmm\tV3\n")
	assert.ErrorContains(t, err, "NoSuchKey")
}

// TestGenerateRoles: role rows give every definition of their key the role and make the
// sorted roleKeys table; a label with spaces in negative= stays whole; an unknown role or
// key is an error.
func TestGenerateRoles(t *testing.T) {
	rows := "role\tLensInfo\tfirst\tO4\n" +
		"role\tISO\tlatitude rank=2 ref=LensInfo negative=S,Below Sea Level\tV3b\n"
	src, err := generate(t, miniData, miniOverrides+rows)
	require.NoError(t, err)
	assert.Contains(t, src, `{Name: "LensInfo", Source: SourceEXIF, Kind: Number, Shape: FixedVector, Rule: "L5", Ref: "EXIF 0xA432", Role: RoleFirst}`)
	assert.Contains(t, src, "var roleKeys = [...]RoleKey{\n\t{Role: RoleFirst, Rank: 1, Key: \"LensInfo\"},\n"+
		"\t{Role: RoleLatitude, Rank: 2, Key: \"ISO\", Ref: \"LensInfo\", Negative: []string{\"S\", \"Below Sea Level\"}},\n}")
	for _, bad := range []string{"role\tLensInfo\tsideways\tx\n", "role\tNoSuchKey\tfirst\tx\n",
		"role\tLensInfo\tfirst rank=0\tx\n", "role\tLensInfo\tlatitude ref=NoSuchKey\tx\n"} {
		_, err := generate(t, miniData, miniOverrides+bad)
		assert.Error(t, err, bad)
	}
}
