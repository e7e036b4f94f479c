package x3f

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
)

func locate(b []byte, lim extract.Limits) (extract.Payloads, []string, error) {
	var ws extract.Warnings
	p, err := Locate(extract.Bytes(b), int64(len(b)), lim, &ws)
	codes := []string{}
	for _, w := range ws.List {
		codes = append(codes, w.Code)
	}
	return p, codes, err
}

func TestLocate(t *testing.T) {
	jpg := image(jpegOf(640, 480, true), true)
	prop := sec{"PROP", []byte("SECp properties")}
	full := x3fOf(2, 3, 2640, 1760, sec{"IMA2", jpg}, sec{"CAMF", []byte("calibration")}, prop)
	tests := []struct {
		name  string
		file  []byte
		exif  int
		w, h  int
		warns []string
	}{
		{"JpgFromRaw: its Exif and SOF size", full, 1, 640, 480, []string{}},
		{"version 2.2", x3fOf(2, 2, 2640, 1760, sec{"IMA2", jpg}), 1, 640, 480, []string{}},
		{"version 4", x3fOf(4, 1, 2640, 1760, sec{"IMA2", jpg}), 1, 640, 480, []string{}},
		{"no JpgFromRaw: the header's size", x3fOf(2, 0, 2268, 1512, prop), 0, 2268, 1512, []string{}},
		{"IMAG is a preview, not read", x3fOf(2, 1, 2268, 1512, sec{"IMAG", jpg}), 0, 2268, 1512, []string{}},
		{"JPEG without Exif first: a preview", x3fOf(2, 3, 2268, 1512, sec{"IMA2", image(jpegOf(640, 480, false), true)}), 0, 2268, 1512, []string{}},
		{"image not a JPEG", x3fOf(2, 3, 2268, 1512, sec{"IMA2", image(jpegOf(640, 480, true), false)}), 0, 2268, 1512, []string{}},
		{"two JpgFromRaw: the last SOF", x3fOf(2, 3, 2268, 1512, sec{"IMA2", jpg}, sec{"IMA2", image(jpegOf(64, 48, true), true)}), 2, 64, 48, []string{}},
		{"pointer not at a directory", func() []byte {
			b := bytes.Clone(full)
			binary.LittleEndian.PutUint32(b[len(b)-4:], 8)
			return b
		}(), 0, 2640, 1760, []string{WarnBadDir}},
		{"directory past the end", func() []byte {
			b := bytes.Clone(full)
			binary.LittleEndian.PutUint32(b[len(b)-4:], uint32(len(b)))
			return b
		}(), 0, 2640, 1760, []string{WarnTruncated}},
		{"section past the end stops the walk", func() []byte {
			b := x3fOf(2, 3, 2640, 1760, prop, sec{"IMA2", jpg})
			d := len(b) - 4 - 24 + 4 // the first entry's length
			binary.LittleEndian.PutUint32(b[d:], 1<<30)
			return b
		}(), 0, 2640, 1760, []string{WarnTruncated}},
		{"header cut short", full[:100], 0, 0, 0, []string{WarnTruncated}},
		{"too many sections", func() []byte {
			b := bytes.Clone(full)
			binary.LittleEndian.PutUint32(b[len(b)-4-36-4:], maxSections+1)
			return b
		}(), 0, 2640, 1760, []string{WarnManySection, WarnTruncated}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, codes, err := locate(tc.file, extract.Limits{})
			require.NoError(t, err)
			assert.Len(t, p.EXIF, tc.exif)
			assert.Equal(t, tc.warns, codes)
			assert.Equal(t, extract.Facts{FileType: "image", MIME: mimeType, Width: tc.w, Height: tc.h, HasAlpha: extract.Bool(false)}, p.Facts)
			for _, pl := range p.EXIF {
				assert.Equal(t, tiffBlob, pl.Data)
				assert.Equal(t, pl.Data, tc.file[pl.Offset:pl.Offset+int64(len(pl.Data))], "payload offset")
			}
		})
	}
}

func TestLocateErrors(t *testing.T) {
	for _, tc := range []struct {
		name        string
		file        []byte
		unsupported bool
	}{
		{"empty", nil, true},
		{"other magic", []byte("FOVa" + string(make([]byte, 60))), true},
		{"short other", []byte("FOV"), true},
		{"magic only", []byte(magic), false},
		{"header cut short", x3fOf(2, 0, 1, 1)[:39], false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := locate(tc.file, extract.Limits{})
			var fe *extract.FormatError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tc.unsupported, errors.Is(err, extract.ErrUnsupportedFormat))
		})
	}
}

func TestLocateReadLimit(t *testing.T) {
	b := x3fOf(2, 3, 2640, 1760, sec{"IMA2", image(jpegOf(640, 480, true), true)})
	_, codes, err := locate(b, extract.Limits{MaxTotalRead: 50})
	require.NoError(t, err)
	assert.Contains(t, codes, WarnReadLimit)
}

func TestSamples(t *testing.T) {
	for _, tc := range []struct {
		file string
		exif int
		w, h int
	}{
		{"Sigma.x3f", 0, 2268, 1512},
		{"SigmaDP2.x3f", 1, 8, 8},
	} {
		t.Run(tc.file, func(t *testing.T) {
			b, err := os.ReadFile("../../testdata/formats/x3f/" + tc.file)
			require.NoError(t, err)
			p, codes, err := locate(b, extract.Limits{})
			require.NoError(t, err)
			assert.Empty(t, codes)
			require.Len(t, p.EXIF, tc.exif)
			for _, e := range p.EXIF {
				assert.True(t, bytes.HasPrefix(e.Data, []byte("MM\x00*")))
				assert.Equal(t, e.Data, b[e.Offset:e.Offset+int64(len(e.Data))])
			}
			assert.Equal(t, extract.Facts{FileType: "image", MIME: mimeType, Width: tc.w, Height: tc.h, HasAlpha: extract.Bool(false)}, p.Facts)
		})
	}
}

func TestIsX3F(t *testing.T) {
	assert.True(t, IsX3F([]byte("FOVb\x00\x00\x02\x00")))
	assert.False(t, IsX3F([]byte("FOV")))
}

// TestWarningOffsetsInFile: the JPEG walker's warnings about the JpgFromRaw carry offsets in
// the file, not in the JPEG.
func TestWarningOffsetsInFile(t *testing.T) {
	jpg := jpegOf(8, 8, true)
	jpg = append(jpg[:len(jpg)-14], 0xFF, 0xE1, 0xFF, 0xFF) // the SOS replaced by a segment longer than the section
	b := x3fOf(2, 3, 1, 1, sec{"IMA2", image(jpg, true)})
	var ws extract.Warnings
	_, err := Locate(extract.Bytes(b), int64(len(b)), extract.Limits{}, &ws)
	require.NoError(t, err)
	require.Len(t, ws.List, 1)
	assert.Equal(t, "jpeg.truncated-segment", ws.List[0].Code)
	assert.Equal(t, int64(104+160+imageHead+len(jpg)-4), ws.List[0].Offset)
}
