package xmlfile

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/xmp"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
)

const packet = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" dc:format="image/svg+xml"/></rdf:RDF></x:xmpmeta>`

func utf16le(s string, bom bool) []byte {
	var b []byte
	if bom {
		b = append(b, 0xFF, 0xFE)
	}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name     string
		head     []byte
		xmp, svg bool
	}{
		{"xmpmeta", []byte(packet), true, false},
		{"xpacket", []byte("<?xpacket begin=\"\xef\xbb\xbf\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n" + packet), true, false},
		{"bom comment", []byte("\xef\xbb\xbf<?xml version=\"1.0\"?><!-- c --> <x:xapmeta xmlns:x=\"adobe:ns:meta/\">"), true, false},
		{"bare rdf", []byte("<rdf:RDF xmlns:rdf=\"x\">"), true, false},
		{"utf-16le bom", utf16le("<?xpacket begin?><x:xmpmeta>", true), true, false},
		{"utf-16le no bom", utf16le("<x:xmpmeta>", false), true, false},
		{"svg", []byte("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\">"), false, true},
		{"svg doctype subset", []byte("<?xml version=\"1.0\"?><!DOCTYPE svg [ <!ENTITY a \"b\"> "), false, true},
		{"svg prefixed", []byte("<svg:svg xmlns:svg=\"http://www.w3.org/2000/svg\">"), false, true},
		{"html", []byte("<!DOCTYPE html><html>"), false, false},
		{"svgfoo", []byte("<svgfoo>"), false, false},
		{"xmpmetadata", []byte("<x:xmpmetadata>"), false, false},
		{"unclosed comment", []byte("<!-- <svg>"), false, false},
		{"empty", nil, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.xmp, IsXMP(tc.head))
			assert.Equal(t, tc.svg, IsSVG(tc.head))
		})
	}
}

func run(t *testing.T, loc func(r *bytes.Reader, n int64, ws *extract.Warnings) (extract.Payloads, error), b []byte) (extract.Payloads, []string, error) {
	t.Helper()
	var ws extract.Warnings
	p, err := loc(bytes.NewReader(b), int64(len(b)), &ws)
	codes := []string{}
	for _, w := range ws.List {
		codes = append(codes, w.Code)
	}
	return p, codes, err
}

func svgLoc(lim extract.Limits) func(r *bytes.Reader, n int64, ws *extract.Warnings) (extract.Payloads, error) {
	return func(r *bytes.Reader, n int64, ws *extract.Warnings) (extract.Payloads, error) {
		return LocateSVG(r, n, lim, ws)
	}
}

func xmpLoc(lim extract.Limits) func(r *bytes.Reader, n int64, ws *extract.Warnings) (extract.Payloads, error) {
	return func(r *bytes.Reader, n int64, ws *extract.Warnings) (extract.Payloads, error) {
		return LocateXMP(r, n, lim, ws)
	}
}

func TestLocateXMP(t *testing.T) {
	u16 := utf16le("<?xpacket begin?>"+packet, true)
	tests := []struct {
		name  string
		file  []byte
		lim   extract.Limits
		n     int
		warns []string
	}{
		{"utf-8", []byte(packet), extract.Limits{}, 1, []string{}},
		{"utf-16", u16, extract.Limits{}, 1, []string{}},
		{"too large", []byte(packet), extract.Limits{MaxXMPBytes: 10}, 0, []string{WarnTooLarge}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, codes, err := run(t, xmpLoc(tc.lim), tc.file)
			require.NoError(t, err)
			require.Len(t, p.XMP, tc.n)
			if tc.n > 0 {
				assert.Equal(t, tc.file, p.XMP[0].Data)
				assert.NotEmpty(t, xmp.Decode(p.XMP[0], extract.Limits{}, nil))
			}
			assert.Equal(t, "non-image", p.Facts.FileType)
			assert.Equal(t, "application/rdf+xml", p.Facts.MIME)
			assert.Equal(t, tc.warns, codes)
		})
	}
	_, _, err := run(t, xmpLoc(extract.Limits{}), []byte("<html>"))
	require.ErrorIs(t, err, extract.ErrUnsupportedFormat)
}

func TestLocateSVG(t *testing.T) {
	bare := `<rdf:RDF><rdf:Description rdf:about="" dc:format="image/svg+xml"/></rdf:RDF>`
	root := `<svg xmlns="http://www.w3.org/2000/svg" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dc='http://purl.org/dc/elements/1.1/'>`
	tests := []struct {
		name  string
		file  string
		want  string
		warns []string
	}{
		{"xmpmeta", `<?xml version="1.0"?>` + "\n<svg xmlns=\"http://www.w3.org/2000/svg\"><title>t</title><metadata>\n" + packet + "\n</metadata><rect/></svg>", packet, []string{}},
		{"bare rdf with inherited namespaces", root + "<metadata>" + bare + "</metadata></svg>",
			`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dc="http://purl.org/dc/elements/1.1/"><rdf:Description rdf:about="" dc:format="image/svg+xml"/></rdf:RDF>`, []string{}},
		{"prefixed metadata", `<svg:svg xmlns:svg="http://www.w3.org/2000/svg"><svg:metadata>` + packet + `</svg:metadata></svg:svg>`, packet, []string{}},
		{"no metadata", `<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>`, "", []string{}},
		{"metadata without xmp", `<svg><metadata><foo/></metadata></svg>`, "", []string{WarnNoXMP}},
		{"unclosed", `<svg><metadata><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>`, `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>`, []string{WarnUnclosed}},
		{"metadataX is not metadata", `<svg><metadataX>` + packet + `</metadataX></svg>`, "", []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, codes, err := run(t, svgLoc(extract.Limits{}), []byte(tc.file))
			require.NoError(t, err)
			assert.Equal(t, "image", p.Facts.FileType)
			assert.Equal(t, "image/svg+xml", p.Facts.MIME)
			if tc.want == "" {
				assert.Empty(t, p.XMP)
			} else {
				require.Len(t, p.XMP, 1)
				assert.Equal(t, tc.want, string(p.XMP[0].Data))
			}
			assert.Equal(t, tc.warns, codes)
		})
	}
}

// TestLocateSVGLarge checks that metadata far into the file is found across chunk
// boundaries and that the read limit bounds the search.
func TestLocateSVGLarge(t *testing.T) {
	pad := bytes.Repeat([]byte("<g/>"), 3*svgChunk/4+7)
	file := append([]byte(`<svg xmlns="http://www.w3.org/2000/svg">`), pad...)
	file = append(file, "<metadata>"+packet+"</metadata></svg>"...)
	p, codes, err := run(t, svgLoc(extract.Limits{}), file)
	require.NoError(t, err)
	require.Len(t, p.XMP, 1)
	assert.Equal(t, packet, string(p.XMP[0].Data))
	assert.Equal(t, []string{}, codes)

	p, codes, err = run(t, svgLoc(extract.Limits{MaxTotalRead: 100 << 10}), file)
	require.NoError(t, err)
	assert.Empty(t, p.XMP)
	assert.Equal(t, []string{WarnScanLimit}, codes)
}

func TestCorpus(t *testing.T) {
	root := testcorpus.Dir()
	if _, err := os.Stat(root); err != nil {
		t.Skip("shared corpus not present")
	}
	files, _ := filepath.Glob(filepath.Join(root, "xmp-sidecar", "*.xmp"))
	svgs, _ := filepath.Glob(filepath.Join(root, "document", "*.svg"))
	for _, f := range append(files, svgs...) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			b, err := os.ReadFile(f)
			require.NoError(t, err)
			loc := xmpLoc(extract.Limits{})
			if filepath.Ext(f) == ".svg" {
				require.True(t, IsSVG(b[:min(512, len(b))]))
				loc = svgLoc(extract.Limits{})
			} else {
				require.True(t, IsXMP(b[:min(512, len(b))]))
			}
			p, _, err := run(t, loc, b)
			require.NoError(t, err)
			require.Len(t, p.XMP, 1)
			assert.NotEmpty(t, xmp.Decode(p.XMP[0], extract.Limits{}, nil))
		})
	}
}

func FuzzLocateSVG(f *testing.F) {
	f.Add([]byte("<svg><metadata>" + packet + "</metadata></svg>"))
	f.Add([]byte(`<svg xmlns:rdf="r"><svg:metadata><rdf:RDF></rdf:RDF></svg:metadata>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = LocateSVG(bytes.NewReader(b), int64(len(b)), extract.Limits{}, &extract.Warnings{})
	})
}

func FuzzLocateXMP(f *testing.F) {
	f.Add([]byte(packet))
	f.Add(utf16le(packet, true))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := LocateXMP(bytes.NewReader(b), int64(len(b)), extract.Limits{}, &extract.Warnings{})
		if err == nil && len(p.XMP) == 1 && len(p.XMP[0].Data) != len(b) {
			t.Fatal("the sidecar payload is the whole file")
		}
	})
}
