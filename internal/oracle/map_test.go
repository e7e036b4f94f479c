package oracle

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// answer builds the two ExifTool outputs of a file from "Group:Name" members: printed and
// numeric JSON values (a member only one of them has is given once).
func answer(t *testing.T, printed, numeric map[string]any) ([]byte, []byte) {
	t.Helper()
	p, err := json.Marshal([]map[string]any{printed})
	require.NoError(t, err)
	n, err := json.Marshal([]map[string]any{numeric})
	require.NoError(t, err)
	return p, n
}

func TestMap(t *testing.T) {
	tests := []struct {
		name             string
		printed, numeric map[string]any
		want             map[string]any
	}{
		{"S1 scope: File, MakerNotes, IFD1, Composite out; S3 omit; S6a XMPToolkit out",
			map[string]any{"File:ImageWidth": 8, "IFD1:XResolution": 72, "Canon:ModelID": "x", "Composite:ImageSize": "8x8",
				"IFD0:ImageWidth": 8, "IFD0:Make": "Cam", "XMP-x:XMPToolkit": "ExifTool"},
			map[string]any{"File:ImageWidth": 8, "IFD1:XResolution": 72, "Canon:ModelID": "x", "Composite:ImageSize": "8 8",
				"IFD0:ImageWidth": 8, "IFD0:Make": "Cam", "XMP-x:XMPToolkit": "ExifTool"},
			map[string]any{"Make": "Cam"}},
		{"V2 labels from the printed output, V2b without spaces, numbers from -n",
			map[string]any{"IFD0:ResolutionUnit": "inches", "ExifIFD:ComponentsConfiguration": "Y, Cb, Cr, -",
				"ExifIFD:ExposureTime": "1/200", "ExifIFD:FNumber": 2.8},
			map[string]any{"IFD0:ResolutionUnit": 2, "ExifIFD:ComponentsConfiguration": "1 2 3 0",
				"ExifIFD:ExposureTime": 0.005, "ExifIFD:FNumber": 2.8},
			map[string]any{"ResolutionUnit": "inches", "ComponentsConfiguration": "Y,Cb,Cr,-", "ExposureTime": 0.005, "FNumber": 2.8}},
		{"D1 EXIF date with its offset; D2 without; D5 invalid",
			map[string]any{},
			map[string]any{"IFD0:ModifyDate": "2020:01:02 03:04:05", "ExifIFD:DateTimeOriginal": "2019:10:16 19:01:03",
				"ExifIFD:OffsetTimeOriginal": "+02:00", "ExifIFD:CreateDate": "0000:00:00 00:00:00"},
			map[string]any{"ModifyDate": "2020-01-02T03:04:05.000Z", "DateTimeOriginal": "2019-10-16T17:01:03.000Z",
				"OffsetTimeOriginal": "+02:00"}},
		{"L5 fixed vectors from the -n text",
			map[string]any{"ExifIFD:LensInfo": "24-70mm f/2.8", "GPS:GPSVersionID": "2.3.0.0"},
			map[string]any{"ExifIFD:LensInfo": "24 70 2.8 4", "GPS:GPSVersionID": "2 3 0 0"},
			map[string]any{"LensInfo": []any{24.0, 70.0, 2.8, 4.0}, "GPSVersionID": []any{2.0, 3.0, 0.0, 0.0}}},
		{"V3: a fixed vector with a 0/0 hole is absent",
			map[string]any{}, map[string]any{"ExifIFD:LensInfo": "15 85 undef undef"}, map[string]any{}},
		{"IIM: N1 names, D3 date and time, S7 composite, A1 aliases, record 1 out",
			map[string]any{"IPTC:By-line": "Me", "IPTC:Caption-Abstract": "Cap", "IPTC:DateCreated": "2019:10:16",
				"IPTC:TimeCreated": "19:01:03+02:00", "Composite:DateTimeCreated": "2019:10:16 19:01:03+02:00",
				"IPTC:CodedCharacterSet": "UTF8", "IPTC:Keywords": []any{"a", "", "b"}, "IPTC:Urgency": "8 (least urgent)"},
			map[string]any{"IPTC:By-line": "Me", "IPTC:Caption-Abstract": "Cap", "IPTC:DateCreated": "2019:10:16",
				"IPTC:TimeCreated": "19:01:03+02:00", "Composite:DateTimeCreated": "2019:10:16 19:01:03+02:00",
				"IPTC:CodedCharacterSet": "\x1b%G", "IPTC:Keywords": []any{"a", "", "b"}, "IPTC:Urgency": 8},
			map[string]any{"Byline": "Me", "CaptionAbstract": "Cap", "Caption": "Cap", "DateCreated": "2019-10-16T00:00:00.000Z",
				"TimeCreated": "19:01:03+02:00", "DateTimeCreated": "2019-10-16T17:01:03.000Z", "Keywords": []any{"a", "b"},
				"Urgency": 8.0}},
		{"P1: EXIF > XMP > IIM; IPTC2 (trailer) after IPTC",
			map[string]any{},
			map[string]any{"IPTC:City": "iim", "XMP-photoshop:City": "xmp", "IPTC:Headline": "iim", "IPTC2:Headline": "trailer",
				"IPTC2:Source": "trailer", "XMP-tiff:Make": "xmp", "IFD0:Make": "exif"},
			map[string]any{"City": "xmp", "Headline": "iim", "Source": "trailer", "Make": "exif"}},
		{"P2: a stale IPTCDigest puts IIM above XMP",
			map[string]any{},
			map[string]any{"IPTC:City": "iim", "XMP-photoshop:City": "xmp", "Photoshop:IPTCDigest": "00", "File:CurrentIPTCDigest": "11"},
			map[string]any{"City": "iim"}},
		{"XMP: X3 other languages dropped, V6 raw closed choice, L2/L3 shapes, T3 kinds, booleans",
			map[string]any{"XMP-dc:Title": "T", "XMP-dc:Title-de": "D", "XMP-iptcExt:ImageRegionBoundaryShape": "Rectangle",
				"XMP-dc:Subject": "one", "XMP-xmp:Rating": 1, "XMP-xmpRights:Marked": true},
			map[string]any{"XMP-dc:Title": "T", "XMP-dc:Title-de": "D", "XMP-iptcExt:ImageRegionBoundaryShape": "rectangle",
				"XMP-dc:Subject": "one", "XMP-xmp:Rating": json.Number("1.0"), "XMP-xmpRights:Marked": true},
			map[string]any{"Title": "T", "ImageRegionBoundaryShape": []any{"rectangle"}, "Subject": "one", "Rating": 1.0,
				"Marked": "True"}},
		{"X3 without x-default: the first language",
			map[string]any{}, map[string]any{"XMP-dc:Title-de": "D", "XMP-dc:Title-fr": "F"},
			map[string]any{"Title": "D"}},
		{"D4 XMP dates of any precision; V7a print form; V7b coordinates rebuilt; V6b signed degrees",
			map[string]any{"XMP-iptcExt:LocationCreatedGPSAltitude": "480 m", "XMP-exif:GPSLatitude": `33 deg 52' 7.68" S`},
			map[string]any{"XMP-xmp:CreateDate": "2019", "XMP-xmp:ModifyDate": "2019:10:16 19:01:03.123456+01:00",
				"XMP-iptcExt:LocationCreatedGPSAltitude": 480, "XMP-iptcExt:LocationCreatedGPSLatitude": 48.275,
				"XMP-iptcExt:LocationShownGPSLongitude": []any{-16.338, 17.098}, "XMP-exif:GPSLatitude": -33.8688},
			map[string]any{"CreateDate": "2019-01-01T00:00:00.000Z", "ModifyDate": "2019-10-16T18:01:03.123Z",
				"LocationCreatedGPSAltitude": "480 m", "LocationCreatedGPSLatitude": "48,16.5N",
				"LocationShownGPSLongitude": []any{"16,20.28W", "17,5.88E"}, "GPSLatitude": -33.8688}},
		{"S5 binary out; unknown EXIF out; unknown XMP a string",
			map[string]any{}, map[string]any{"ExifIFD:MakerNoteUnknownText": "x", "IFD0:PrintIM": "(Binary data 12 bytes, use -b option to extract)",
				"XMP-foo:BarBaz": json.Number("12.0")},
			map[string]any{"BarBaz": "12.0"}},
		{"V1 (decision): UTF-8 IIM without 1:90 is not mojibake",
			map[string]any{}, map[string]any{"IPTC:City": "ZÃ¼rich", "IPTC:Country-PrimaryLocationName": "Café"},
			map[string]any{"City": "Zürich", "CountryPrimaryLocationName": "Café", "Country": "Café"}},
		{"XMP APEX values stay raw (T3)",
			map[string]any{}, map[string]any{"XMP-exif:ApertureValue": 2.79795934507662, "XMP-exif:ShutterSpeedValue": 0.402622582987314},
			map[string]any{"ApertureValue": 2.96875, "ShutterSpeedValue": 1.3125}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, n := answer(t, tc.printed, tc.numeric)
			r, err := MapJSON(p, n)
			require.NoError(t, err)
			require.Len(t, r.Values, len(tc.want), "%v", r.Values)
			for k, w := range tc.want {
				assert.Truef(t, equal(w, r.Values[k]), "%s = %#v, want %#v", k, r.Values[k], w)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"2019:10:16 19:01:03", "2019-10-16T19:01:03.000Z"},
		{"2019:10:16 19:01:03+00:00", "2019-10-16T19:01:03.000Z"},
		{"2019:10:16 19:01:03-0530", "2019-10-17T00:31:03.000Z"},
		{"2019:10:16 19:01:03Z", "2019-10-16T19:01:03.000Z"},
		{"2019-10-16T19:01", "2019-10-16T19:01:00.000Z"},
		{"2019:10:16 19:01:03.9999", "2019-10-16T19:01:03.999Z"},
		{"2019:10", "2019-10-01T00:00:00.000Z"},
		{"2019", "2019-01-01T00:00:00.000Z"},
		{"2019:02:30", ""},
		{"2019:13:01", ""},
		{"0000:00:00 00:00:00", ""},
		{"    :  :     :  :  ", ""},
		{"yesterday", ""},
	}
	for _, tc := range tests {
		got, ok := parseDate(tc.in)
		if tc.want == "" {
			assert.False(t, ok, "%q gave %v", tc.in, got)
			continue
		}
		assert.Equal(t, tc.want, got, tc.in)
	}
}

func TestParse(t *testing.T) {
	es, err := Parse([]byte(`[{"SourceFile":"f","IFD0:Make":"A","File:Only":"p"}]`), []byte(`[{"SourceFile":"f","IFD0:Make":"A","IFD0:Model":1.50}]`))
	require.NoError(t, err)
	require.Len(t, es, 3)
	assert.Equal(t, Entry{Group: "IFD0", Name: "Make", Print: "A", Num: "A"}, es[0])
	assert.Equal(t, json.Number("1.50"), es[1].Num, "numbers keep their literal text")
	assert.Equal(t, Entry{Group: "File", Name: "Only", Print: "p"}, es[2])
	_, err = Parse([]byte(`{"not":"an array"}`), nil)
	assert.Error(t, err)
	es, err = Parse([]byte(`[]`), nil)
	assert.NoError(t, err)
	assert.Empty(t, es)
}
