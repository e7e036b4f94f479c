package normalize

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/schema"
)

// Each test is named after the spec rule it proves (spec/normalization.md).

func TestS1_OnlyIFD0ExifGPSInteropContribute(t *testing.T) {
	got := render(t,
		ascii(extract.DirIFD0, 0x010F, "Maker"),
		ascii(extract.DirIFD1, 0x010F, "ThumbMaker"), // S5: IFD1 is out
		short(extract.DirIFD1, 0x0128, 2),
	)
	assert.Equal(t, `{"Make":"Maker"}`, got)
}

func TestS2_IIMRecord1IsUsedNotEmitted(t *testing.T) {
	got := render(t, iim(1, 90, "\x1b%G"), iim(1, 0, "\x00\x04"), iim(2, 5, "Titel é"))
	assert.Equal(t, `{"ObjectName":"Titel é"}`, got)
}

func TestS3_PixelLayoutTagsAreOut(t *testing.T) {
	got := render(t,
		short(extract.DirIFD0, 0x0100, 640),   // ImageWidth
		short(extract.DirIFD0, 0x0213, 1),     // YCbCrPositioning
		short(extract.DirIFD0, 0x0103, 6),     // Compression
		short(extract.DirIFD0, 0x0112, 1),     // Orientation stays
		short(extract.DirIFD0, 0x0128, 2),     // ResolutionUnit stays
		short(extract.DirExifIFD, 0xA002, 99), // ExifImageWidth stays
	)
	assert.Equal(t, `{"Orientation":"Horizontal (normal)","ResolutionUnit":"inches","ExifImageWidth":99}`, got)
}

func TestS4_TextInUndefinedStays(t *testing.T) {
	got := render(t,
		undef(extract.DirExifIFD, 0x9000, []byte("0232")),
		undef(extract.DirExifIFD, 0x9286, []byte("ASCII\x00\x00\x00A comment  \x00")),
	)
	assert.Equal(t, `{"ExifVersion":"0232","UserComment":"A comment"}`, got)
}

func TestS5_BinaryAndUnknownTagsAreOut(t *testing.T) {
	got := render(t,
		undef(extract.DirExifIFD, 0x927C, []byte("Nikon\x00\x02\x10")),    // MakerNote
		undef(extract.DirExifIFD, 0xA302, []byte{0, 2, 0, 2, 0, 1, 1, 2}), // CFAPattern
		ascii(extract.DirIFD0, 0xFEED, "private"),                         // unknown tag
		ascii(extract.DirIFD0, 0x0131, "Software 1.0"),
	)
	assert.Equal(t, `{"Software":"Software 1.0"}`, got)
}

func TestS6a_XMPToolkitIsOut(t *testing.T) {
	got := render(t, xmpv("Image::ExifTool 12.27", st("adobe:ns:meta/", "xmptk")), xmpv("x", st(nsPhotoshop, "City")))
	assert.Equal(t, `{"City":"x"}`, got)
}

func TestS6b_PLUSVocabularyIsOut(t *testing.T) {
	got := render(t,
		xmpv("http://ns.useplus.org/ldf/vocab/MR-NAP", st(nsPlus, "ModelReleaseStatus")),
		xmpv("http://ns.useplus.org/ldf/vocab/work", item(nsPlus, "Licensor", extract.Seq, 1), st(nsPlus, "LicensorTelephoneType1")),
		xmpv("Licensor ID 1", item(nsPlus, "Licensor", extract.Seq, 1), st(nsPlus, "LicensorID")),
	)
	assert.Equal(t, `{"LicensorID":"Licensor ID 1"}`, got)
}

func TestS7_CompositesNeedBothDatasets(t *testing.T) {
	got := render(t, iim(2, 55, "20191016"), iim(2, 60, "190103+0200"), iim(2, 62, "20200101"))
	assert.Equal(t, `{"DateCreated":"2019-10-16T00:00:00.000Z","TimeCreated":"19:01:03+02:00",`+
		`"DigitalCreationDate":"2020-01-01T00:00:00.000Z","DateTimeCreated":"2019-10-16T17:01:03.000Z"}`, got)
}

func TestN1_HyphensRemoved(t *testing.T) {
	got := render(t, iim(2, 80, "A"), iim(2, 120, "C"), iim(2, 95, "P"))
	assert.Equal(t, `{"Byline":"A","CaptionAbstract":"C","ProvinceState":"P","Caption":"C","State":"P"}`, got)
}

func TestN2_NamesKeyedByDirectoryAndID(t *testing.T) {
	got := render(t,
		rational(extract.DirGPS, 0x0002, extract.Rational{Num: 48, Den: 1}, extract.Rational{Num: 30, Den: 1}, extract.Rational{Num: 0, Den: 1}),
		undef(extract.DirInterop, 0x0002, []byte("0100")),
	)
	assert.Equal(t, `{"GPSLatitude":48.5,"InteropVersion":"0100"}`, got)
}

func TestN3_XMPStructFieldsAreFlattened(t *testing.T) {
	region := func(i int) extract.XMPStep { return item(nsExt, "ImageRegion", extract.Bag, i) }
	got := render(t,
		xmpv("0.31", region(1), st(nsExt, "RegionBoundary"), st(nsExt, "rbX")),
		xmpv("0.59", region(2), st(nsExt, "RegionBoundary"), st(nsExt, "rbX")),
		xmpv("id1", region(1), item(nsExt, "rCtype", extract.Bag, 1), item("http://ns.adobe.com/xap/1.0/", "Identifier", extract.Bag, 1)),
		xmpv("Creator's CI: City", st(nsCore, "CreatorContactInfo"), st(nsCore, "CiAdrCity")),
		xmpv("v", st(nsUnknown, "myProp"), st(nsUnknown, "subField")),
	)
	assert.Equal(t, `{"ImageRegionBoundaryX":[0.31,0.59],"ImageRegionCtypeIdentifier":["id1"],`+
		`"CreatorCity":"Creator's CI: City","MyPropSubField":"v"}`, got)
}

func TestN3_UnlistedFieldOfKnownStructGetsParentName(t *testing.T) {
	got := render(t, xmpv("x", item(nsExt, "LocationShown", extract.Bag, 1), st(nsExt, "NotInTable")))
	assert.Equal(t, `{"LocationShownNotInTable":"x"}`, got)
}

func TestV1_TextDecoding(t *testing.T) {
	tests := []struct {
		name    string
		entries []extract.RawEntry
		want    string
	}{
		{"exif ascii stops at NUL", []extract.RawEntry{ascii(extract.DirIFD0, 0x010E, "a\x00junk")}, `{"ImageDescription":"a"}`},
		{"exif windows-1252", []extract.RawEntry{ascii(extract.DirIFD0, 0x013B, "Jos\xe9")}, `{"Artist":"José"}`},
		{"iim utf-8 with 1:90", []extract.RawEntry{iim(1, 90, "\x1b%G"), iim(2, 90, "K\xc3\xb6ln")}, `{"City":"Köln"}`},
		{"iim latin-1 without 1:90", []extract.RawEntry{iim(2, 90, "K\xf6ln")}, `{"City":"Köln"}`},
		{"iim utf-8 without 1:90", []extract.RawEntry{iim(2, 90, "K\xc3\xb6ln")}, `{"City":"Köln"}`},
		{"iim invalid utf-8 under 1:90", []extract.RawEntry{iim(1, 90, "\x1b%G"), iim(2, 90, "K\xf6ln")}, `{"City":"K` + "\uFFFD" + `ln"}`},
		{"spaces kept", []extract.RawEntry{xmpv(" a  b ", st(nsPhotoshop, "Headline"))}, `{"Headline":" a  b "}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { assert.Equal(t, tc.want, render(t, tc.entries...)) })
	}
}

func TestV1_ISO2022EscapeWarns(t *testing.T) {
	ws := &extract.Warnings{}
	Normalize([]extract.RawEntry{iim(1, 90, "\x1b(B"), iim(2, 90, "x")}, ws)
	require.Len(t, ws.List, 1)
	assert.Equal(t, "iim.charset-unsupported", ws.List[0].Code)
}

func TestV2_EnumerationLabels(t *testing.T) {
	got := render(t,
		short(extract.DirExifIFD, 0xA001, 65535),
		short(extract.DirExifIFD, 0x9207, 5),
		short(extract.DirExifIFD, 0x9209, 0x19),
		ascii(extract.DirGPS, 0x0001, "N"),
		short(extract.DirExifIFD, 0x8822, 77),
	)
	assert.Equal(t, `{"ColorSpace":"Uncalibrated","MeteringMode":"Multi-segment",`+
		`"Flash":"Auto, Fired","GPSLatitudeRef":"North","ExposureProgram":"Unknown (77)"}`, got)
}

func TestV2b_ComponentsJoinedWithoutSpaces(t *testing.T) {
	got := render(t, undef(extract.DirExifIFD, 0x9101, []byte{1, 2, 3, 0}))
	assert.Equal(t, `{"ComponentsConfiguration":"Y,Cb,Cr,-"}`, got)
}

func TestV3_Numbers(t *testing.T) {
	got := render(t,
		rational(extract.DirExifIFD, 0x829A, extract.Rational{Num: 1, Den: 200}),
		rational(extract.DirExifIFD, 0x920A, extract.Rational{Num: 50, Den: 1}),
		rational(extract.DirExifIFD, 0x829D, extract.Rational{Num: 1, Den: 0}), // zero denominator: absent
		short(extract.DirExifIFD, 0x8827, 200),
		rational(extract.DirExifIFD, 0xA432, extract.Rational{Num: 24, Den: 1}, extract.Rational{Num: 70, Den: 1},
			extract.Rational{Num: 28, Den: 10}, extract.Rational{Num: 4, Den: 1}),
	)
	assert.Equal(t, `{"ExposureTime":0.005,"FocalLength":50,"ISO":200,"LensInfo":[24,70,2.8,4]}`, got)
}

func TestV3b_ValueConversions(t *testing.T) {
	r := func(n, d int64) extract.Rational { return extract.Rational{Num: n, Den: d} }
	sr := extract.RawEntry{Source: schema.SourceEXIF, Dir: extract.DirExifIFD, ID: 0x9201, Type: schema.TypeSRational, Rats: []extract.Rational{r(7, 1)}}
	got := render(t,
		rational(extract.DirGPS, 0x0004, r(16, 1), r(20, 1), r(18, 1)),
		rational(extract.DirGPS, 0x0007, r(19, 1), r(1, 1), r(3, 1)),
		sr,
		rational(extract.DirExifIFD, 0x9202, r(4, 1)),
	)
	assert.Equal(t, `{"GPSLongitude":16.33833333333333,"GPSTimeStamp":"19:01:03","ShutterSpeedValue":0.0078125,"ApertureValue":4}`, got)
}

func TestV3_IIMIntegers(t *testing.T) {
	got := render(t, iim(2, 0, "\x00\x04"), iim(2, 10, "5"))
	assert.Equal(t, `{"ApplicationRecordVersion":4,"Urgency":5}`, got)
}

func TestV4_CodedText(t *testing.T) {
	le := []byte("UNICODE\x00h\x00i\x00 \x00")
	be := []byte("UNICODE\x00\x00h\x00i")
	beEntry := undef(extract.DirExifIFD, 0x9286, be)
	beEntry.BigEndian = true
	assert.Equal(t, `{"UserComment":"hi"}`, render(t, undef(extract.DirExifIFD, 0x9286, le)))
	assert.Equal(t, `{"UserComment":"hi"}`, render(t, beEntry))
	assert.Equal(t, `{}`, render(t, undef(extract.DirExifIFD, 0x9286, []byte("ASCII\x00\x00\x00     "))))
	assert.Equal(t, `{"GPSProcessingMethod":"GPS"}`, render(t, undef(extract.DirGPS, 0x001B, []byte("ASCII\x00\x00\x00GPS"))))
}

func TestV5_IIMTextNotReworded(t *testing.T) {
	assert.Equal(t, `{"ObjectCycle":"a"}`, render(t, iim(2, 75, "a")))
}

func TestV6_XMPTypedByValueType(t *testing.T) {
	got := render(t,
		xmpv("1.0", st(nsXMP, "Rating")),
		xmpv("20", st(nsExt, "MaxAvailHeight")),
		xmpv("25", item(nsExt, "ModelAge", extract.Bag, 1)),
		xmpv("True", st("http://ns.adobe.com/xap/1.0/rights/", "Marked")),
	)
	assert.Equal(t, `{"Rating":1,"MaxAvailHeight":20,"ModelAge":25,"Marked":"True"}`, got)
	assert.Equal(t, schema.Number, field(t, []extract.RawEntry{xmpv("1.0", st(nsXMP, "Rating"))}, "Rating").Value.Kind)
}

func TestV6a_ClosedChoicesStayRaw(t *testing.T) {
	got := render(t, xmpv("rectangle", item(nsExt, "ImageRegion", extract.Bag, 1), st(nsExt, "RegionBoundary"), st(nsExt, "rbShape")))
	assert.Equal(t, `{"ImageRegionBoundaryShape":["rectangle"]}`, got)
}

func TestV6b_EXIFMirrorsConvertedLikeEXIF(t *testing.T) {
	got := render(t,
		xmpv("6", st(nsTIFF, "Orientation")),
		xmpv("48,16.5S", st(nsEXIF, "GPSLatitude")),
		xmpv("2019-10-16T19:01:03+02:00", st(nsEXIF, "DateTimeOriginal")),
	)
	assert.Equal(t, `{"Orientation":"Rotate 90 CW","GPSLatitude":-48.275,"DateTimeOriginal":"2019-10-16T17:01:03.000Z"}`, got)
}

func TestV6c_MalformedXMPNumberIsAbsent(t *testing.T) {
	assert.Equal(t, `{}`, render(t, xmpv("five", st(nsXMP, "Rating")), xmpv("1/0", st(nsEXIF, "FNumber"))))
}

func TestV7_PinnedXMPConventions(t *testing.T) {
	lc := item(nsExt, "LocationCreated", extract.Bag, 1)
	got := render(t,
		xmpv("480/1", lc, st(nsEXIF, "GPSAltitude")),
		xmpv("48,16.5N", lc, st(nsEXIF, "GPSLatitude")),
		xmpv("123456782019.1", item(nsExt, "ProductInImage", extract.Bag, 1), st(nsExt, "ProductGTIN")),
	)
	assert.Equal(t, `{"LocationCreatedGPSAltitude":"480 m","LocationCreatedGPSLatitude":"48,16.5N","ProductInImageGTIN":[123456782019.1]}`, got)
}

func TestX3_LanguageAlternatives(t *testing.T) {
	alt := func(i int) extract.XMPStep { return item(nsDC, "title", extract.Alt, i) }
	got := render(t,
		xmpLang("Titel", "de", alt(1)),
		xmpLang("Title", "x-default", alt(2)),
		xmpLang("Beschreibung", "de", item(nsDC, "description", extract.Alt, 1)),
		xmpLang("Description", "en", item(nsDC, "description", extract.Alt, 2)),
	)
	assert.Equal(t, `{"Title":"Title","Description":"Beschreibung"}`, got)
}

func TestX3_LangAltInsideStructListGivesOneValuePerItem(t *testing.T) {
	reg := func(i int) extract.XMPStep { return item(nsExt, "ImageRegion", extract.Bag, i) }
	got := render(t,
		xmpLang("A", "x-default", reg(1), item(nsExt, "Name", extract.Alt, 1)),
		xmpLang("A-de", "de", reg(1), item(nsExt, "Name", extract.Alt, 2)),
		xmpLang("B", "x-default", reg(2), item(nsExt, "Name", extract.Alt, 1)),
	)
	assert.Equal(t, `{"ImageRegionName":["A","B"]}`, got)
}

func TestD1_EXIFDateWithOffset(t *testing.T) {
	entries := []extract.RawEntry{ascii(extract.DirExifIFD, 0x9003, "2019:10:16 19:01:03"), ascii(extract.DirExifIFD, 0x9011, "+02:00")}
	assert.Equal(t, `{"DateTimeOriginal":"2019-10-16T17:01:03.000Z","OffsetTimeOriginal":"+02:00"}`, render(t, entries...))
	_, known, ok := field(t, entries, "DateTimeOriginal").Value.Time()
	assert.True(t, ok)
	assert.True(t, known)
}

func TestD1_GPSDateStamp(t *testing.T) {
	assert.Equal(t, `{"GPSDateStamp":"2020-02-29T00:00:00.000Z"}`, render(t, ascii(extract.DirGPS, 0x001D, "2020:02:29")))
}

func TestD2_EXIFDateWithoutOffsetIsUTC(t *testing.T) {
	entries := []extract.RawEntry{ascii(extract.DirIFD0, 0x0132, "2020:01:02 03:04:05")}
	assert.Equal(t, `{"ModifyDate":"2020-01-02T03:04:05.000Z"}`, render(t, entries...))
	tm, known, _ := field(t, entries, "ModifyDate").Value.Time()
	assert.False(t, known)
	assert.Equal(t, time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC), tm)
}

func TestD3_IIMDatesAndTimes(t *testing.T) {
	got := render(t, iim(2, 55, "20191016"), iim(2, 60, "190103"))
	assert.Equal(t, `{"DateCreated":"2019-10-16T00:00:00.000Z","TimeCreated":"19:01:03","DateTimeCreated":"2019-10-16T19:01:03.000Z"}`, got)
}

func TestD4_XMPDatePrecisions(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2019", "2019-01-01T00:00:00.000Z"},
		{"2019-10", "2019-10-01T00:00:00.000Z"},
		{"2019-10-16", "2019-10-16T00:00:00.000Z"},
		{"2019-10-16T19:01", "2019-10-16T19:01:00.000Z"},
		{"2019-10-16T19:01:03.123456-05:00", "2019-10-17T00:01:03.123Z"},
		{"1919-10-16T19:01:00+00:00", "1919-10-16T19:01:00.000Z"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			assert.Equal(t, `{"CreateDate":"`+tc.want+`"}`, render(t, xmpv(tc.in, st(nsXMP, "CreateDate"))))
		})
	}
}

func TestD5_InvalidDatesAreAbsent(t *testing.T) {
	for _, in := range []string{"0000:00:00 00:00:00", "    :  :     :  :  ", "2019:13:01 00:00:00", "2019:02:30 00:00:00", ""} {
		t.Run(in, func(t *testing.T) {
			assert.Equal(t, `{}`, render(t, ascii(extract.DirExifIFD, 0x9003, in)))
		})
	}
	assert.Equal(t, `{}`, render(t, xmpv("yesterday", st(nsXMP, "CreateDate")), iim(2, 55, "2019")))
}

func TestL2_CollapsingLists(t *testing.T) {
	assert.Equal(t, `{"Keywords":"one"}`, render(t, iim(2, 25, "one")))
	assert.Equal(t, `{"Keywords":["one","two"]}`, render(t, iim(2, 25, "one"), iim(2, 25, "two")))
	assert.Equal(t, `{"Creator":"me"}`, render(t, xmpv("me", item(nsDC, "creator", extract.Seq, 1))))
	f := field(t, []extract.RawEntry{iim(2, 25, "one")}, "Keywords")
	assert.Equal(t, schema.Collapsing, f.Value.Shape)
	assert.Equal(t, []string{"one"}, f.Value.Strings())
}

func TestL3_AlwaysListStructs(t *testing.T) {
	got := render(t, xmpv("Person Name 1", item(nsExt, "PersonInImageWDetails", extract.Bag, 1), st(nsExt, "PersonName")))
	assert.Equal(t, `{"PersonInImageName":["Person Name 1"]}`, got)
}

func TestL4_EmptyValuesDropped(t *testing.T) {
	got := render(t, iim(2, 25, ""), iim(2, 25, "kw"), xmpv("", st(nsPhotoshop, "City")), ascii(extract.DirIFD0, 0x010F, ""))
	assert.Equal(t, `{"Keywords":"kw"}`, got)
}

func TestL5_FixedVectorsNeverCollapse(t *testing.T) {
	e := extract.RawEntry{Source: schema.SourceEXIF, Dir: extract.DirGPS, ID: 0, Type: schema.TypeByte, Ints: []int64{2, 3, 0, 0}}
	assert.Equal(t, `{"GPSVersionID":[2,3,0,0]}`, render(t, e))
}

func TestP1_EXIFOverXMPOverIIM(t *testing.T) {
	got := render(t,
		iim(2, 90, "IIM City"),
		xmpv("XMP City", st(nsPhotoshop, "City")),
		ascii(extract.DirIFD0, 0x013B, "EXIF Artist"),
		xmpv("XMP Artist", item(nsTIFF, "Artist", extract.NoContainer, 0)),
		iim(2, 25, "kw"), xmpv("subj", item(nsDC, "subject", extract.Bag, 1)), // different names never merge
	)
	assert.Equal(t, `{"Artist":"EXIF Artist","Keywords":"kw","City":"XMP City","Subject":"subj"}`, got)
}

// TestP1_N3NameThatIsADictionaryKey: an unlisted XMP property whose made-up name (N3) is a
// key the dictionary defines for another source (GIMP writes exif:Orientation; Orientation
// is tiff:'s) is the same key: EXIF still wins and the key appears once.
func TestP1_N3NameThatIsADictionaryKey(t *testing.T) {
	got := render(t,
		short(extract.DirIFD0, 0x0112, 1),
		xmpv("Top-left", st(nsEXIF, "Orientation")),
	)
	assert.Equal(t, `{"Orientation":"Horizontal (normal)"}`, got)
	got = render(t, xmpv("Top-left", st(nsEXIF, "Orientation")), short(extract.DirIFD0, 0x0112, 1))
	assert.Equal(t, `{"Orientation":"Horizontal (normal)"}`, got, "in either order")
}

func TestP2_StaleIPTCDigestGivesIIMPrecedence(t *testing.T) {
	current := []byte("0123456789abcdef")
	city := []extract.RawEntry{iim(2, 90, "IIM City"), xmpv("XMP City", st(nsPhotoshop, "City"))}
	stale := append([]extract.RawEntry{digest(0x0404, schema.TypeDigest, current), digest(0x0425, schema.TypeBinary, []byte("fedcba9876543210"))}, city...)
	fresh := append([]extract.RawEntry{digest(0x0404, schema.TypeDigest, current), digest(0x0425, schema.TypeBinary, current)}, city...)
	assert.Equal(t, `{"City":"IIM City"}`, render(t, stale...))
	assert.Equal(t, `{"City":"XMP City"}`, render(t, fresh...))
	assert.Equal(t, `{"City":"XMP City"}`, render(t, city...))
}

func TestP3_LaterOccurrenceWinsWithinSource(t *testing.T) {
	got := render(t, ascii(extract.DirIFD0, 0x010F, "First"), ascii(extract.DirIFD0, 0x010F, "Second"))
	assert.Equal(t, `{"Make":"Second"}`, got)
}

func TestO1_BlocksInStorageOrder(t *testing.T) {
	got := render(t,
		xmpv("x", st(nsPhotoshop, "Headline")),
		iim(2, 5, "name"),
		ascii(extract.DirIFD0, 0x010F, "make"),
		ascii(extract.DirExifIFD, 0x9003, "2019:10:16 19:01:03"),
		ascii(extract.DirIFD0, 0x0110, "model"),
	)
	assert.Equal(t, `{"Make":"make","DateTimeOriginal":"2019-10-16T19:01:03.000Z","Model":"model","ObjectName":"name","Headline":"x"}`, got)
}

func TestO4_ExifVersionFirst(t *testing.T) {
	got := render(t, ascii(extract.DirIFD0, 0x010F, "make"), undef(extract.DirExifIFD, 0x9000, []byte("0232")))
	assert.Equal(t, `{"ExifVersion":"0232","Make":"make"}`, got)
}

func TestA1_AliasesOnlyWhenKeyAbsent(t *testing.T) {
	got := render(t, iim(2, 122, "W"), iim(2, 101, "C"), xmpv("XMP Country", st(nsPhotoshop, "Country")), iim(2, 120, "Cap"))
	assert.Equal(t, `{"WriterEditor":"W","CountryPrimaryLocationName":"C","CaptionAbstract":"Cap","Country":"XMP Country","Writer":"W","Caption":"Cap"}`, got)
}

func TestL1_ListCapableKeys(t *testing.T) {
	// Bag and Seq items and IIM repeatable datasets are list-capable; an rdf:Alt is one value.
	got := render(t,
		xmpv("a", item(nsDC, "subject", extract.Bag, 1)), xmpv("b", item(nsDC, "subject", extract.Bag, 2)),
		xmpLang("t1", "x-default", item(nsDC, "title", extract.Alt, 1)), xmpLang("t2", "fr", item(nsDC, "title", extract.Alt, 2)),
		xmpv("u1", item(nsUnknown, "things", extract.Seq, 1)), xmpv("u2", item(nsUnknown, "things", extract.Seq, 2)),
	)
	assert.Equal(t, `{"Subject":["a","b"],"Title":"t1","Things":["u1","u2"]}`, got)
}

func TestO2O3_CompositesThenAliases(t *testing.T) {
	got := render(t, iim(2, 120, "Cap"), iim(2, 55, "20200101"), iim(2, 60, "101010+0000"))
	assert.Equal(t, `{"CaptionAbstract":"Cap","DateCreated":"2020-01-01T00:00:00.000Z","TimeCreated":"10:10:10+00:00",`+
		`"DateTimeCreated":"2020-01-01T10:10:10.000Z","Caption":"Cap"}`, got)
}

func TestV1_EXIFTextRawConversions(t *testing.T) {
	got := render(t,
		ascii(extract.DirIFD0, 0x010F, "PENTAX Corporation  "),
		ascii(extract.DirIFD0, 0x010E, "padded description  "), // no raw conversion: kept
		extract.RawEntry{Source: schema.SourceEXIF, Dir: extract.DirIFD0, ID: 0x8298, Type: schema.TypeASCII,
			Bytes: []byte("Photographer \x00Editor\x00")},
	)
	assert.Equal(t, `{"Make":"PENTAX Corporation","ImageDescription":"padded description  ","Copyright":"Photographer\nEditor"}`, got)
}

func TestV2_RawValuesOptionKeepsCodes(t *testing.T) {
	entries := []extract.RawEntry{
		short(extract.DirIFD0, 0x0128, 2),
		undef(extract.DirExifIFD, 0x9101, []byte{1, 2, 3, 0}),
		ascii(extract.DirGPS, 0x0001, "N"),
		xmpv("6", st(nsTIFF, "Orientation")),
	}
	got := string(AppendJSON(nil, NormalizeWith(entries, nil, Options{RawValues: true})))
	assert.Equal(t, `{"ResolutionUnit":2,"ComponentsConfiguration":[1,2,3,0],"GPSLatitudeRef":"N","Orientation":"6"}`, got)
}

func TestV6b_LabelledXMPListLabelledAsOneCode(t *testing.T) {
	got := render(t,
		xmpv("2", item(nsTIFF, "YCbCrSubSampling", extract.Seq, 1)),
		xmpv("2", item(nsTIFF, "YCbCrSubSampling", extract.Seq, 2)),
		xmpv("8", item(nsTIFF, "BitsPerSample", extract.Seq, 1)),
	)
	assert.Equal(t, `{"YCbCrSubSampling":"YCbCr4:2:0 (2 2)","BitsPerSample":8}`, got)
}

func TestP3_LaterIIMBlockRanksBelowFirst(t *testing.T) {
	second := func(e extract.RawEntry) extract.RawEntry { e.Part = 1; return e }
	got := render(t,
		iim(2, 25, "alpha"), iim(2, 5, "first title"),
		second(iim(2, 25, "alpha")), second(iim(2, 5, "second title")), second(iim(2, 90, "only in second")),
	)
	assert.Equal(t, `{"Keywords":"alpha","ObjectName":"first title","City":"only in second"}`, got)
}

func TestV2_MultiByteUndefinedCodeLookedUpWhole(t *testing.T) {
	assert.Equal(t, `{"FileSource":"Sigma Digital Camera"}`, render(t, undef(extract.DirExifIFD, 0xA300, []byte{3, 0, 0, 0})))
	assert.Equal(t, `{"FileSource":"Digital Camera"}`, render(t, undef(extract.DirExifIFD, 0xA300, []byte{3})))
}

func TestV4_BlankXMPMirrorOfCodedTextIsAbsent(t *testing.T) {
	blank := xmpLang("      ", "x-default", item(nsEXIF, "UserComment", extract.Alt, 1))
	kept := xmpLang("note  ", "x-default", item(nsEXIF, "UserComment", extract.Alt, 1))
	assert.Equal(t, `{}`, render(t, blank))
	assert.Equal(t, `{"UserComment":"note"}`, render(t, kept))
}

func TestV3b_GPSCoordinateStoredAsText(t *testing.T) {
	assert.Equal(t, `{"GPSLatitude":52.013888888888886}`, render(t, ascii(extract.DirGPS, 0x0002, "52,00000,50,00000,34,01180")))
}

func TestN3_FallbackNamesKeepTagNameCharacters(t *testing.T) {
	assert.Equal(t, `{"Custom0020Property00201":"v"}`, render(t, xmpv("v", st(nsUnknown, "Customↂ0020Propertyↂ00201"))))
}

func TestV2_UnknownCodesInHexWhereExifToolPrintsHex(t *testing.T) {
	assert.Equal(t, `{"Flash":"Unknown (0x26f1)"}`, render(t, short(extract.DirExifIFD, 0x9209, 9969)))
	assert.Equal(t, `{"MeteringMode":"Unknown (77)"}`, render(t, short(extract.DirExifIFD, 0x9207, 77)))
}

// TestV2_BitFlagTagsPrintAsExifToolBitmask: a tag ExifTool prints as a BITMASK (T4Options,
// T6Options, CodingMethods, ImageType) prints the labels of its set bits joined with ", ",
// "[n]" for a bit without a label and "(none)" for 0 — as ExifTool 12.57 prints them.
func TestV2_BitFlagTagsPrintAsExifToolBitmask(t *testing.T) {
	cases := []struct {
		name string
		e    extract.RawEntry
		want string
	}{
		{"two labelled bits", short(extract.DirIFD0, 0x0124, 5), `{"T4Options":"2-Dimensional encoding, Fill bits added"}`},
		{"no bit", short(extract.DirIFD0, 0x0125, 0), `{"T6Options":"(none)"}`},
		{"unlabelled bit", short(extract.DirIFD0, 0x0124, 8), `{"T4Options":"[3]"}`},
		{"unlabelled and labelled", short(extract.DirIFD0, 0x0125, 3), `{"T6Options":"[0], Uncompressed"}`},
		{"three bits", short(extract.DirExifIFD, 0x0193, 0x13), `{"CodingMethods":"Unspecified compression, Modified Huffman, JBIG"}`},
		{"only unlabelled bits", short(extract.DirExifIFD, 0xBC04, 12), `{"ImageType":"[2], [3]"}`},
		{"one labelled bit", short(extract.DirExifIFD, 0xBC04, 2), `{"ImageType":"Page"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, render(t, tc.e))
		})
	}
}

// TestV2_UnknownCodeZeroInDecimal: a hex-printed enumeration prints an unknown 0 as
// "Unknown (0)", as ExifTool does (it prints hex only for a non-zero integer).
func TestV2_UnknownCodeZeroInDecimal(t *testing.T) {
	assert.Equal(t, `{"ColorSpace":"Unknown (0)"}`, render(t, short(extract.DirExifIFD, 0xA001, 0)))
	assert.Equal(t, `{"ColorSpace":"Unknown (0x7)"}`, render(t, short(extract.DirExifIFD, 0xA001, 7)))
}

// TestV6b_XMPColorSpaceAllOnesIsUncalibrated: XMP exif:ColorSpace 4294967295 (-1 written as
// a long) reads as 0xffff, "Uncalibrated", as ExifTool's XMP ValueConv reads it; the EXIF
// tag stored as LONG 0xffffffff stays "Unknown (0xffffffff)", as ExifTool prints it.
func TestV6b_XMPColorSpaceAllOnesIsUncalibrated(t *testing.T) {
	assert.Equal(t, `{"ColorSpace":"Uncalibrated"}`, render(t, xmpv("4294967295", st(nsEXIF, "ColorSpace"))))
	assert.Equal(t, `{"ColorSpace":"Uncalibrated"}`, render(t, xmpv("65535", st(nsEXIF, "ColorSpace"))))
	assert.Equal(t, `{"ColorSpace":"Unknown (7)"}`, render(t, xmpv("7", st(nsEXIF, "ColorSpace"))))
	assert.Equal(t, `{"ColorSpace":"Unknown (0xffffffff)"}`, render(t, short(extract.DirExifIFD, 0xA001, 0xffffffff)))
}

// TestD1_OffsetInTheValueIsHonoured: an EXIF date-time that carries its own UTC offset
// ("2015:06:29 18:19:12+01:00") is converted with that offset, even where an OffsetTime tag
// says otherwise; without one the OffsetTime tag applies (D1), else UTC (D2).
func TestD1_OffsetInTheValueIsHonoured(t *testing.T) {
	assert.Equal(t, `{"DateTimeOriginal":"2015-06-29T17:19:12.000Z"}`,
		render(t, ascii(extract.DirExifIFD, 0x9003, "2015:06:29 18:19:12+01:00")))
	assert.Equal(t, `{"DateTimeOriginal":"2015-06-29T19:49:12.123Z"}`,
		render(t, ascii(extract.DirExifIFD, 0x9003, "2015:06:29 18:19:12.123-01:30")))
	assert.Equal(t, `{"ModifyDate":"2015-06-29T18:19:12.000Z"}`,
		render(t, ascii(extract.DirIFD0, 0x0132, "2015:06:29 18:19:12Z")))
	assert.Equal(t, `{"DateTimeOriginal":"2015-06-29T17:19:12.000Z","OffsetTimeOriginal":"+05:00"}`,
		render(t, ascii(extract.DirExifIFD, 0x9003, "2015:06:29 18:19:12+01:00"), ascii(extract.DirExifIFD, 0x9011, "+05:00")))
	assert.Equal(t, `{"DateTimeOriginal":"2015-06-29T13:19:12.000Z","OffsetTimeOriginal":"+05:00"}`,
		render(t, ascii(extract.DirExifIFD, 0x9003, "2015:06:29 18:19:12"), ascii(extract.DirExifIFD, 0x9011, "+05:00")))
	assert.True(t, field(t, []extract.RawEntry{ascii(extract.DirExifIFD, 0x9003, "2015:06:29 18:19:12+01:00")}, "DateTimeOriginal").Value.Items[0].OffsetKnown)
}

// TestV1_TextStoredAsBytesIsText: a tag ExifTool reads as text whatever its stored type
// (schema ReadAs ASCII: OriginalRawFileName, ProfileName, ...) stored as BYTE is decoded as
// text up to the first NUL, not printed as a list of numbers; its kind stays string (T1).
func TestV1_TextStoredAsBytesIsText(t *testing.T) {
	b := []byte("abc.CR2\x00")
	ints := make([]int64, len(b))
	for i, c := range b {
		ints[i] = int64(c)
	}
	byteEntry := extract.RawEntry{Source: schema.SourceEXIF, Dir: extract.DirIFD0, ID: 0xC68B,
		Type: schema.TypeByte, Count: uint32(len(b)), Ints: ints}
	assert.Equal(t, `{"OriginalRawFileName":"abc.CR2"}`, render(t, byteEntry))
	assert.Equal(t, `{"OriginalRawFileName":"abc.CR2"}`, render(t, ascii(extract.DirIFD0, 0xC68B, "abc.CR2")))
	assert.Equal(t, `{"ProfileName":"Profil é"}`, render(t, undef(extract.DirIFD0, 0xC6F8, []byte("Profil \xe9\x00"))))
}

// TestT1_ScalarKeyStoredWithSeveralValuesIsDropped: a scalar EXIF key stored with an
// unexpected type and count (ExposureCompensation as 4 BYTEs, ExposureTime as 2 SHORTs)
// never becomes an array (T1/T2: one JSON type per key), nor a numeric key text: the value is
// dropped with a warning.
func TestT1_ScalarKeyStoredWithSeveralValuesIsDropped(t *testing.T) {
	four := extract.RawEntry{Source: schema.SourceEXIF, Dir: extract.DirExifIFD, ID: 0x9204,
		Type: schema.TypeByte, Count: 4, Ints: []int64{36, 0, 18, 0}}
	ws := &extract.Warnings{}
	got := string(AppendJSON(nil, Normalize([]extract.RawEntry{four, short(extract.DirExifIFD, 0x829A, 1, 200), ascii(extract.DirIFD0, 0x010F, "M")}, ws)))
	assert.Equal(t, `{"Make":"M"}`, got)
	var codes []string
	for _, w := range ws.List {
		codes = append(codes, w.Code)
	}
	assert.Contains(t, codes, "exif.unexpected-count")
	ws = &extract.Warnings{}
	got = string(AppendJSON(nil, Normalize([]extract.RawEntry{undef(extract.DirExifIFD, 0x9204, []byte{36, 0, 18, 0})}, ws)))
	assert.Equal(t, `{}`, got)
	if assert.Len(t, ws.List, 1) {
		assert.Equal(t, "exif.unexpected-type", ws.List[0].Code)
	}
	// One value of another numeric type keeps the key's kind.
	one := extract.RawEntry{Source: schema.SourceEXIF, Dir: extract.DirExifIFD, ID: 0x9204,
		Type: schema.TypeSByte, Count: 1, Ints: []int64{-1}}
	assert.Equal(t, `{"ExposureCompensation":-1}`, render(t, one))
}

// TestD3_IIMTimeWithFractionalSeconds: an IIM time stored with a fraction of a second
// ("135926.054-0600") is reformatted as ExifTool prints it ("13:59:26.054-06:00") and the
// DateTimeCreated composite (S7) keeps the milliseconds and honours the offset.
func TestD3_IIMTimeWithFractionalSeconds(t *testing.T) {
	got := render(t, iim(2, 55, "20150629"), iim(2, 60, "135926.054-0600"), iim(2, 63, "135926.5"))
	assert.Equal(t, `{"DateCreated":"2015-06-29T00:00:00.000Z","TimeCreated":"13:59:26.054-06:00",`+
		`"DigitalCreationTime":"13:59:26.5","DateTimeCreated":"2015-06-29T19:59:26.054Z"}`, got)
	// Not a time: kept as stored (V5).
	assert.Equal(t, `{"TimeCreated":"135926.-0600"}`, render(t, iim(2, 60, "135926.-0600")))
}

// TestV4_UnknownCharacterCodeKeepsTheWholeValue: a UserComment whose 8-byte prefix is no
// EXIF character code keeps all its characters (ExifTool: "Invalid EXIF text encoding", the
// whole value; NULs dropped as ExifTool prints it); ASCII, undefined (NUL first or blanks)
// and JIS codes still select the text after the prefix.
func TestV4_UnknownCharacterCodeKeepsTheWholeValue(t *testing.T) {
	cases := []struct{ name, stored, want string }{
		{"unknown code", "Comment:hello  x", "Comment:hello  x"},
		{"unknown code with NULs", "XYZ\x00\x00\x00\x00\x00hello!", "XYZhello!"},
		{"ASCII with blanks", "ASCII   hello\x00xx", "hello"},
		{"blank code", "        hello\x00xx", "hello"},
		{"NUL then garbage", "\x00abcdefghello\x00xx", "hello"},
		{"JIS", "JIS\x00\x00\x00\x00\x00hello", "hello"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := render(t, undef(extract.DirExifIFD, 0x9286, []byte(tc.stored)))
			assert.Equal(t, `{"UserComment":"`+tc.want+`"}`, got)
		})
	}
}

// TestP3_SecondXMPPacketReplacesAList: a list property repeated by a second XMP packet
// (RawEntry.Part 1) replaces the first packet's value (P3: the later occurrence wins), even
// when the two follow each other; it is not appended to it.
func TestP3_SecondXMPPacketReplacesAList(t *testing.T) {
	second := func(e extract.RawEntry) extract.RawEntry { e.Part = 1; return e }
	got := render(t,
		xmpv("one", st(nsXMP, "Label")),
		xmpv("a", item(nsDC, "subject", extract.Bag, 1)),
		xmpv("b", item(nsDC, "subject", extract.Bag, 2)),
		second(xmpv("c", item(nsDC, "subject", extract.Bag, 1))),
		second(xmpv("two", st(nsXMP, "Label"))),
	)
	assert.Equal(t, `{"Subject":"c","Label":"two"}`, got)
	// Within one packet the items of one array accumulate (L1).
	assert.Equal(t, `{"Subject":["a","b"]}`, render(t,
		xmpv("a", item(nsDC, "subject", extract.Bag, 1)), xmpv("b", item(nsDC, "subject", extract.Bag, 2))))
}
