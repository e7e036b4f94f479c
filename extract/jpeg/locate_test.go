package jpeg

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
)

const (
	guidA = "0123456789ABCDEF0123456789ABCDEF"
	guidB = "FEDCBA9876543210FEDCBA9876543210"
)

func locate(b []byte, lim extract.Limits) (extract.Payloads, []string, error) {
	var ws extract.Warnings
	p, err := Locate(bytes.NewReader(b), int64(len(b)), lim, &ws)
	codes := []string{}
	for _, w := range ws.List {
		codes = append(codes, w.Code)
	}
	return p, codes, err
}

func datas(ps []extract.Payload) []string {
	out := []string{}
	for _, p := range ps {
		out = append(out, string(p.Data))
	}
	return out
}

func TestIsJPEG(t *testing.T) {
	tests := []struct {
		head []byte
		want bool
	}{
		{[]byte{0xFF, 0xD8, 0xFF, 0xE0}, true},
		{[]byte{0xFF, 0xD8, 0xFF}, true},
		{[]byte{0xFF, 0xD8}, false},
		{[]byte("\x89PNG\r\n"), false},
		{nil, false},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%x", tc.head), func(t *testing.T) {
			assert.Equal(t, tc.want, IsJPEG(tc.head))
		})
	}
}

// TestLocate covers the segment kinds and the stream's framing.
func TestLocate(t *testing.T) {
	tiff := string(tiffBlob(1))
	tests := []struct {
		name     string
		file     []byte
		lim      extract.Limits
		wantEXIF []string
		wantXMP  []string
		wantIRB  []string
		wantWarn []string
	}{
		{name: "no metadata", file: jpegOf(seg(0xE0, []byte("JFIF\x00\x01\x02")))},
		{
			name:     "exif xmp irb",
			file:     jpegOf(exifSeg(1), xmpSeg("<x/>"), irbSeg("8BIM-a")),
			wantEXIF: []string{tiff}, wantXMP: []string{"<x/>"}, wantIRB: []string{"8BIM-a"},
		},
		{
			name:     "two exif segments kept apart",
			file:     jpegOf(exifSeg(1), exifSeg(2)),
			wantEXIF: []string{tiff, string(tiffBlob(2))},
		},
		{
			name:     "exif pad byte 0xFF",
			file:     jpegOf(seg(markerAPP1, []byte("Exif\x00\xff"), tiffBlob(1))),
			wantEXIF: []string{tiff}, wantWarn: []string{WarnExifHeader},
		},
		{
			name:     "exif pad byte missing",
			file:     jpegOf(seg(markerAPP1, []byte("Exif\x00"), tiffBlob(1))),
			wantEXIF: []string{tiff}, wantWarn: []string{WarnExifHeader},
		},
		{
			name:     "exif with garbage before the header",
			file:     jpegOf(seg(markerAPP1, []byte("\x00\x00exif\x00\x00"), tiffBlob(1))),
			wantEXIF: []string{tiff}, wantWarn: []string{WarnExifHeader},
		},
		{
			name:     "exif continued in a second APP1",
			file:     jpegOf(seg(markerAPP1, []byte("Exif\x00\x00"), tiffBlob(1)[:10]), seg(markerAPP1, []byte("Exif\x00\x00"), tiffBlob(1)[10:])),
			wantEXIF: []string{tiff}, wantWarn: []string{WarnExifContinued},
		},
		{
			name:     "exif header only",
			file:     jpegOf(seg(markerAPP1, []byte("Exif\x00\x00"))),
			wantWarn: []string{WarnExifOrphan},
		},
		{
			name:     "irb split across consecutive APP13",
			file:     jpegOf(irbSeg("8BIM-first"), irbSeg("-second"), seg(0xDB, []byte{0}), irbSeg("8BIM-other")),
			wantIRB:  []string{"8BIM-first-second", "8BIM-other"},
			wantWarn: nil,
		},
		{
			name:     "xmp legacy header",
			file:     jpegOf(seg(markerAPP1, []byte("XMP\x00<x/>"))),
			wantXMP:  []string{"<x/>"},
			wantWarn: []string{WarnXMPHeader},
		},
		{
			name:     "fill bytes, RST, TEM and empty segments",
			file:     jpegOf([]byte{0xFF, 0xFF, 0xFF}, []byte{0xFF, 0xD0, 0xFF, 0x01}, seg(markerAPP1), seg(0xE2), exifSeg(1)),
			wantEXIF: []string{tiff},
		},
		{
			name:     "garbage between segments",
			file:     jpegOf(exifSeg(1), []byte("garbage!"), xmpSeg("<x/>")),
			wantEXIF: []string{tiff}, wantXMP: []string{"<x/>"}, wantWarn: []string{WarnGarbage},
		},
		{
			name:     "length 0",
			file:     jpegOf(exifSeg(1), []byte{0xFF, markerAPP1, 0, 0}, xmpSeg("<x/>")),
			wantEXIF: []string{tiff}, wantWarn: []string{WarnBadLength},
		},
		{
			name:     "length 1",
			file:     jpegOf([]byte{0xFF, markerAPP1, 0, 1}),
			wantWarn: []string{WarnBadLength},
		},
		{
			name:     "truncated segment keeps earlier payloads",
			file:     append([]byte{0xFF, markerSOI}, append(xmpSeg("<x/>"), exifSeg(1)[:20]...)...),
			wantXMP:  []string{"<x/>"},
			wantWarn: []string{WarnTruncated},
		},
		{
			name:     "stream ends without SOS",
			file:     append([]byte{0xFF, markerSOI}, xmpSeg("<x/>")...),
			wantXMP:  []string{"<x/>"},
			wantWarn: []string{WarnNoSOS},
		},
		{
			name: "nothing after SOS is read",
			file: append(jpegOf(), xmpSeg("<after/>")...),
		},
		{
			name:     "MaxSegment",
			file:     jpegOf(xmpSeg(strings.Repeat("x", 100)), exifSeg(1)),
			lim:      extract.Limits{MaxSegment: 64},
			wantEXIF: []string{tiff}, wantWarn: []string{WarnTooLarge},
		},
		{
			name:     "MaxTotalRead",
			file:     jpegOf(exifSeg(1), xmpSeg(strings.Repeat("x", 100))),
			lim:      extract.Limits{MaxTotalRead: 60},
			wantEXIF: []string{tiff}, wantWarn: []string{WarnReadLimit},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, warns, err := locate(tc.file, tc.lim)
			require.NoError(t, err)
			assert.Equal(t, nonNil(tc.wantEXIF), datas(p.EXIF), "EXIF")
			assert.Equal(t, nonNil(tc.wantXMP), datas(p.XMP), "XMP")
			assert.Equal(t, nonNil(tc.wantIRB), datas(p.IRB), "IRB")
			assert.Equal(t, nonNil(tc.wantWarn), warns, "warnings")
		})
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// TestLocateOffsets checks the file offsets of the payloads.
func TestLocateOffsets(t *testing.T) {
	f := jpegOf(exifSeg(1), xmpSeg("<x/>"))
	p, _, err := locate(f, extract.Limits{})
	require.NoError(t, err)
	require.Len(t, p.EXIF, 1)
	require.Len(t, p.XMP, 1)
	assert.Equal(t, int64(2+4+6), p.EXIF[0].Offset)
	assert.Equal(t, p.EXIF[0].Data, f[p.EXIF[0].Offset:p.EXIF[0].Offset+26])
	assert.Equal(t, "<x/>", string(f[p.XMP[0].Offset:p.XMP[0].Offset+4]))
}

// TestLocateStopsAtSOS proves the walker reads nothing of the entropy-coded data.
func TestLocateStopsAtSOS(t *testing.T) {
	head := jpegOf(exifSeg(1))
	f := append(head, bytes.Repeat([]byte{0x55}, 1<<20)...)
	r := &countingReader{Reader: bytes.NewReader(f)}
	var ws extract.Warnings
	_, err := Locate(r, int64(len(f)), extract.Limits{}, &ws)
	require.NoError(t, err)
	// The header, then only the last 64 bytes, where a trailer would end.
	assert.LessOrEqual(t, r.total, int64(len(head)+vrdFooter))
}

func TestLocateNoSOI(t *testing.T) {
	for _, b := range [][]byte{nil, {0xFF}, {0xFF, 0xE1, 0, 8, 'J', 'F', 'I', 'F', 0, 1}, []byte("hello world")} {
		_, _, err := locate(b, extract.Limits{})
		var fe *extract.FormatError
		require.ErrorAs(t, err, &fe)
		assert.Equal(t, "jpeg", fe.Format)
		assert.True(t, errors.Is(err, extract.ErrUnsupportedFormat))
	}
}

// TestLocateMissingSOI: a stream that starts with an Exif APP1 (its SOI lost) is read with a
// warning, as ExifTool recovers such files.
func TestLocateMissingSOI(t *testing.T) {
	b := exifSeg(1)
	assert.True(t, IsJPEG(b))
	p, ws, err := locate(b, extract.Limits{})
	require.NoError(t, err)
	assert.Len(t, p.EXIF, 1)
	assert.Equal(t, WarnMissingSOI, ws[0])
}

// TestLocateExtendedXMP covers chunk reassembly (XMP Part 3 §1.1.3.1) and ExifTool's rule that
// only the extension named by HasExtendedXMP is read.
func TestLocateExtendedXMP(t *testing.T) {
	std := func(guid string) []byte {
		return xmpSeg(`<x:xmpmeta><rdf:Description xmpNote:HasExtendedXMP="` + guid + `"/></x:xmpmeta>`)
	}
	stdElem := xmpSeg(`<xmpNote:HasExtendedXMP>` + guidA + `</xmpNote:HasExtendedXMP>`)
	tests := []struct {
		name     string
		file     []byte
		lim      extract.Limits
		wantExt  string // the joined extension, "" when none
		wantWarn []string
	}{
		{name: "in order", file: jpegOf(std(guidA), extSeg(guidA, 10, 0, "01234"), extSeg(guidA, 10, 5, "56789")), wantExt: "0123456789"},
		{name: "reversed and before the packet", file: jpegOf(extSeg(guidA, 10, 5, "56789"), extSeg(guidA, 10, 0, "01234"), std(guidA)), wantExt: "0123456789"},
		{name: "element form of HasExtendedXMP", file: jpegOf(stdElem, extSeg(guidA, 3, 0, "abc")), wantExt: "abc"},
		{name: "guid mismatch", file: jpegOf(std(guidA), extSeg(guidB, 3, 0, "abc")), wantWarn: []string{WarnExtUnreferred}},
		{name: "no standard packet", file: jpegOf(extSeg(guidA, 3, 0, "abc")), wantWarn: []string{WarnExtUnreferred}},
		{name: "overlapping chunks", file: jpegOf(std(guidA), extSeg(guidA, 8, 0, "01234"), extSeg(guidA, 8, 3, "34567")), wantWarn: []string{WarnExtIncomplete}},
		{name: "missing chunk", file: jpegOf(std(guidA), extSeg(guidA, 10, 5, "56789")), wantWarn: []string{WarnExtIncomplete}},
		{name: "chunk past the full length", file: jpegOf(std(guidA), extSeg(guidA, 4, 0, "01234")), wantWarn: []string{WarnExtIncomplete}},
		{name: "bogus full length", file: jpegOf(std(guidA), extSeg(guidA, 0xFFFFFFFF, 0xFFFFFFF0, "abc")), wantWarn: []string{WarnExtSize}},
		{name: "inconsistent full lengths", file: jpegOf(std(guidA), extSeg(guidA, 6, 0, "abc"), extSeg(guidA, 7, 3, "def")), wantWarn: []string{WarnExtSize}},
		{name: "bad guid", file: jpegOf(std(guidA), extSeg("not-a-guid-not-a-guid-not-a-guid", 3, 0, "abc")), wantWarn: []string{WarnExtBadSegment}},
		{name: "segment too short", file: jpegOf(std(guidA), seg(markerAPP1, sigXMPExt, []byte(guidA))), wantWarn: []string{WarnExtBadSegment}},
		{name: "MaxXMPBytes", file: jpegOf(std(guidA), extSeg(guidA, 100, 0, strings.Repeat("x", 100))), lim: extract.Limits{MaxXMPBytes: 99}, wantWarn: []string{WarnExtSize}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, warns, err := locate(tc.file, tc.lim)
			require.NoError(t, err)
			if tc.wantExt == "" {
				assert.LessOrEqual(t, len(p.XMP), 1, "only the standard packet")
			} else {
				require.Len(t, p.XMP, 2)
				assert.Equal(t, tc.wantExt, string(p.XMP[1].Data))
				assert.Equal(t, tc.wantExt[:1], string(tc.file[p.XMP[1].Offset:p.XMP[1].Offset+1]))
			}
			assert.Equal(t, nonNil(tc.wantWarn), warns)
		})
	}
}

// TestLocateManySegments: 1000 APP1 segments are read in bounded time and memory.
func TestLocateManySegments(t *testing.T) {
	var parts [][]byte
	for i := range 1000 {
		parts = append(parts, exifSeg(byte(i)))
	}
	f := jpegOf(parts...)
	p, warns, err := locate(f, extract.Limits{})
	require.NoError(t, err)
	assert.Len(t, p.EXIF, 1000)
	assert.Empty(t, warns)
	allocs := testing.AllocsPerRun(5, func() { _, _, _ = locate(f, extract.Limits{}) })
	assert.Less(t, allocs, 5000.0)
}
