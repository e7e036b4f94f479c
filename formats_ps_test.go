package embedmeta_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta"
)

// TestGoldenPostScript: PostScript, EPS (plain and behind a DOS EPS header) and Illustrator
// files (PostScript and PDF) give their golden embeddedMetadata byte for byte, and ExifTool's
// FileType as facts (MIME as its MIMEType, the size as its composite ImageWidth/ImageHeight).
// Sources in testdata/formats/SOURCES.md.
//
// Each golden was compared key by key with `exiftool -j -G1 -a` (ExifTool 12.57) over the
// groups in scope (spec S1: IFD0/ExifIFD/GPS/InteropIFD, IPTC, XMP-*). Every key ExifTool
// gives is there with the same value, except where the spec decides otherwise:
//   - dates are UTC instants (D rules): IPTC:DateCreated "2004:02:26" is 2004-02-26T00:00:00.000Z,
//     XMP-xmp:CreateDate "2003:05:06 07:08:09+02:00" is 2003-05-06T05:08:09.000Z;
//   - IPTC:Category is text (T1: IIM 2:15 is a string), "1" where ExifTool's JSON prints 1;
//     Urgency is its number, 8, not ExifTool's label "8 (least urgent)";
//   - Caption and Writer are the spec's aliases of Caption-Abstract and Writer-Editor (A rules);
//   - XMP-x:XMPToolkit and IPTC:CodedCharacterSet are out (S6a, S2);
//   - gen-dos.eps: ExifTool also reads the TIFF preview of a DOS EPS file as the file's IFD0
//     (IFD0:Make "PreviewCam", IFD0:Software "EPS preview writer"); a preview is another
//     image, as a thumbnail is (S5), so its directory is not read.
func TestGoldenPostScript(t *testing.T) {
	const dir = "testdata/formats/ps/"
	tests := []struct {
		file, mime    string
		width, height int
	}{
		{"PostScript.eps", "application/postscript", 8, 8},
		{"gen-dos.eps", "application/postscript", 8, 8},
		{"gen-illustrator-ps.ai", "application/vnd.adobe.illustrator", 200, 150},
		{"gen-illustrator-pdf.ai", "application/vnd.adobe.illustrator", 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			md, err := embedmeta.ExtractFile(dir + tc.file)
			require.NoError(t, err)
			got, err := md.MarshalJSON()
			require.NoError(t, err)
			compareGolden(t, dir+tc.file+".json", got, true)
			assert.Empty(t, md.Warnings)
			assert.Equal(t, tc.mime, md.Facts.MIME)
			assert.Equal(t, "non-image", md.Facts.FileType)
			assert.Equal(t, tc.width, md.Facts.Width)
			assert.Equal(t, tc.height, md.Facts.Height)
		})
	}
}
