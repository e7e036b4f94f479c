package xmp

import (
	"os"
	"strings"
	"testing"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDecodeReference checks the XMP of the IPTC 2019.1 reference image against the
// values spec section 12 lists.
func TestDecodeReference(t *testing.T) {
	pkt, off := referencePacket(t)
	file, err := os.ReadFile(referenceJPEG)
	require.NoError(t, err)

	var ws extract.Warnings
	got := Decode(extract.Payload{Data: pkt, Offset: off}, extract.Limits{}, &ws)
	assert.Empty(t, ws.List)
	// 233 values in the packet, x:xmptk not among them (S6a).
	assert.Len(t, got, 232)

	all := lines(got)
	for _, want := range []string{
		"Iptc4xmpCore:CountryCode=R19",
		"Iptc4xmpCore:CreatorContactInfo/Iptc4xmpCore:CiAdrCity=Creator's CI: City (ref2019.1)",
		"Iptc4xmpCore:Scene[Bag 2]=IPTC-Scene-Code2 (ref2019.1)",
		"Iptc4xmpExt:ImageRegion[Bag 1]/Iptc4xmpExt:RegionBoundary/Iptc4xmpExt:rbX=0.31",
		"Iptc4xmpExt:ImageRegion[Bag 2]/Iptc4xmpExt:RegionBoundary/Iptc4xmpExt:rbX=0.59",
		"Iptc4xmpExt:ImageRegion[Bag 1]/Iptc4xmpExt:RegionBoundary/Iptc4xmpExt:rbH=0.385",
		"Iptc4xmpExt:ImageRegion[Bag 1]/Iptc4xmpExt:RegionBoundary/Iptc4xmpExt:rbShape=rectangle",
		"Iptc4xmpExt:ImageRegion[Bag 1]/Iptc4xmpExt:rCtype[Bag 1]/xmp:Identifier[Bag 1]=https://example.org/rctype/type2019.1a",
		"Iptc4xmpExt:ImageRegion[Bag 1]/Iptc4xmpExt:rCtype[Bag 1]/xmp:Identifier[Bag 2]=https://example.org/rctype/type2019.1b",
		"Iptc4xmpExt:AboutCvTerm[Bag 1]/Iptc4xmpExt:CvTermName[Alt 1]=CV-Term Name 1 (ref2019.1) @x-default",
		"dc:subject[Bag 1]=Keyword1ref2019.1",
		"dc:subject[Bag 3]=Keyword3ref2019.1",
		"dc:title[Alt 1]=The Title (ref2019.1) @x-default",
		"xmp:Rating=1.0",
		"photoshop:AuthorsPosition=Creator's Job Title  (ref2019.1)",
		"xmpRights:WebStatement=http://www.WebStatementOfRights.org/2019.1",
	} {
		assert.Contains(t, all, want)
	}
	for _, l := range all {
		assert.NotContains(t, l, "xmptk")
	}
	// ImageRegion 3 is a polygon (rbVertices) without its own rbX: exactly two.
	n := 0
	for _, l := range all {
		if strings.HasPrefix(l, "Iptc4xmpExt:ImageRegion[") && strings.Contains(l, "RegionBoundary/Iptc4xmpExt:rbX=") {
			n++
		}
	}
	assert.Equal(t, 2, n)

	// Offsets point at the value in the file.
	for _, e := range got {
		require.GreaterOrEqual(t, e.Offset, off)
		require.Less(t, e.Offset, off+int64(len(pkt)))
		if e.Text != "" && !strings.ContainsAny(e.Text, "&<") {
			raw := string(file[e.Offset:min(int(e.Offset)+len(e.Text), len(file))])
			if !strings.HasPrefix(raw, e.Text) {
				// attribute values point at their element; entity-encoded ones differ
				assert.NotContains(t, raw, "\n"+e.Text, "%s at %d", line(e), e.Offset)
			}
		}
	}
	// Paths do not share backing arrays: changing one entry leaves the others alone.
	got[0].Path[0].Name = "changed"
	assert.NotEqual(t, "changed", got[1].Path[0].Name)
}

// TestDecodeReferenceValueOffsets checks that element values are located exactly.
func TestDecodeReferenceValueOffsets(t *testing.T) {
	pkt, off := referencePacket(t)
	got := Decode(extract.Payload{Data: pkt, Offset: off}, extract.Limits{}, nil)
	for _, e := range got {
		if e.Text == "" || strings.Contains(e.Text, "'") {
			continue // entity-encoded in the file
		}
		rel := int(e.Offset - off)
		assert.Equal(t, e.Text, string(pkt[rel:min(rel+len(e.Text), len(pkt))]), line(e))
	}
}
