package bitmap

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
)

// bmp builds a BMP file with an info header of n bytes (n >= 12).
func bmp(n int, w, h int32, depth uint16, compression, alphaMask uint32) []byte {
	b := make([]byte, 14+n)
	copy(b, "BM")
	binary.LittleEndian.PutUint32(b[14:], uint32(n))
	if n == 12 {
		binary.LittleEndian.PutUint16(b[18:], uint16(w))
		binary.LittleEndian.PutUint16(b[20:], uint16(h))
		binary.LittleEndian.PutUint16(b[24:], depth)
		return b
	}
	binary.LittleEndian.PutUint32(b[18:], uint32(w))
	binary.LittleEndian.PutUint32(b[22:], uint32(h))
	binary.LittleEndian.PutUint16(b[26:], 1)
	binary.LittleEndian.PutUint16(b[28:], depth)
	if n >= 20 {
		binary.LittleEndian.PutUint32(b[30:], compression)
	}
	if n >= 56 {
		binary.LittleEndian.PutUint32(b[14+52:], alphaMask)
	}
	return b
}

// ico builds an icon (typ 1) or cursor (typ 2) directory of count entries, the first of
// w × h (bytes, 0 = 256) and bit count bpp.
func ico(typ, count uint16, w, h byte, bpp uint16) []byte {
	b := make([]byte, 6+16*int(count)+4)
	binary.LittleEndian.PutUint16(b[2:], typ)
	binary.LittleEndian.PutUint16(b[4:], count)
	for i := range int(count) {
		e := b[6+16*i:]
		e[0], e[1] = w, h
		binary.LittleEndian.PutUint16(e[4:], 1)
		binary.LittleEndian.PutUint16(e[6:], bpp)
		binary.LittleEndian.PutUint32(e[8:], 4)
		binary.LittleEndian.PutUint32(e[12:], uint32(6+16*int(count)))
	}
	return b
}

// pcx builds a 128-byte PCX header for the window (x0, y0)..(x1, y1).
func pcx(bpp, planes byte, x0, y0, x1, y1 uint16) []byte {
	b := make([]byte, 128)
	b[0], b[1], b[2], b[3] = 0x0A, 5, 1, bpp
	for i, v := range []uint16{x0, y0, x1, y1, 72, 72} {
		binary.LittleEndian.PutUint16(b[4+2*i:], v)
	}
	b[pcxPlanes], b[pcxPalette] = planes, 1
	return b
}

// tga builds a TGA header (and 4 bytes of image data).
func tga(cmType, imType byte, cmLen uint16, cmSize byte, w, h uint16, depth, desc byte) []byte {
	b := make([]byte, tgaHeaderLen+4)
	b[1], b[2] = cmType, imType
	binary.LittleEndian.PutUint16(b[5:], cmLen)
	b[7] = cmSize
	binary.LittleEndian.PutUint16(b[12:], w)
	binary.LittleEndian.PutUint16(b[14:], h)
	b[16], b[17] = depth, desc
	return b
}

func locate(b []byte) (extract.Payloads, []string, error) {
	var ws extract.Warnings
	var p extract.Payloads
	var err error
	if IsTGA(b) && !IsBitmap(b) {
		p, err = LocateTGA(bytes.NewReader(b), int64(len(b)), extract.Limits{}, &ws)
	} else {
		p, err = Locate(bytes.NewReader(b), int64(len(b)), extract.Limits{}, &ws)
	}
	var codes []string
	for _, w := range ws.List {
		codes = append(codes, w.Code)
	}
	return p, codes, err
}

var (
	yes = extract.Bool(true)
	no  = extract.Bool(false)
)

func TestLocate(t *testing.T) {
	long := "P6\n#" + strings.Repeat("c", 3000) + "\n# second\n640\n#x\n 480 255\n"
	tests := []struct {
		name     string
		file     []byte
		mime     string
		w, h     int
		alpha    *bool
		wantWarn []string
	}{
		{name: "BMP V3 8-bit", file: bmp(40, 8, 8, 8, 0, 0), mime: "image/bmp", w: 8, h: 8, alpha: no},
		{name: "BMP top-down", file: bmp(40, 8, -6, 24, 0, 0), mime: "image/bmp", w: 8, h: 6, alpha: no},
		{name: "BMP 32-bit V3: unknown", file: bmp(40, 2, 2, 32, 0, 0), mime: "image/bmp", w: 2, h: 2},
		{name: "BMP V5 alpha mask", file: bmp(124, 2, 3, 32, 3, 0xFF000000), mime: "image/bmp", w: 2, h: 3, alpha: yes},
		{name: "BMP V4 no alpha mask", file: bmp(108, 2, 3, 32, 3, 0), mime: "image/bmp", w: 2, h: 3, alpha: no},
		{name: "BMP embedded PNG", file: bmp(124, 2, 3, 0, bmpPNG, 0), mime: "image/bmp", w: 2, h: 3},
		{name: "BMP OS/2 1.x", file: bmp(12, 300, 200, 8, 0, 0), mime: "image/bmp", w: 300, h: 200, alpha: no},
		{name: "BMP OS/2 2.x", file: bmp(64, 70000, 5, 24, 0, 0), mime: "image/bmp", w: 70000, h: 5, alpha: no},
		{name: "BMP header cut", file: bmp(124, 4, 5, 8, 0, 0)[:14+30], mime: "image/bmp", w: 4, h: 5, alpha: no, wantWarn: []string{WarnTruncated}},
		{name: "BMP zero width", file: bmp(40, 0, 5, 8, 0, 0), mime: "image/bmp", w: 0, h: 5, alpha: no, wantWarn: []string{WarnBadSize}},
		{name: "ICO", file: ico(1, 2, 16, 32, 8), mime: "image/x-icon", w: 16, h: 32},
		{name: "ICO 256 and 32-bit", file: ico(1, 1, 0, 0, 32), mime: "image/x-icon", w: 256, h: 256, alpha: yes},
		{name: "CUR", file: ico(2, 1, 32, 32, 32), mime: "image/x-cursor", w: 32, h: 32},
		{name: "ICO directory cut", file: ico(1, 3, 16, 16, 4)[:6+16+5], mime: "image/x-icon", w: 16, h: 16, wantWarn: []string{WarnTruncated}},
		{name: "PCX", file: pcx(8, 3, 0, 0, 7, 7), mime: "image/pcx", w: 8, h: 8, alpha: no},
		{name: "PCX margins", file: pcx(1, 1, 10, 20, 109, 69), mime: "image/pcx", w: 100, h: 50, alpha: no},
		{name: "PCX RGBA?", file: pcx(8, 4, 0, 0, 1, 1), mime: "image/pcx", w: 2, h: 2},
		{name: "PCX inverted window", file: pcx(8, 3, 5, 0, 1, 1), mime: "image/pcx", w: 0, h: 2, alpha: no, wantWarn: []string{WarnBadSize}},
		{name: "PBM plain", file: []byte("P1\n2 3\n0 1\n1 0\n0 0\n"), mime: "image/x-portable-bitmap", w: 2, h: 3, alpha: no},
		{name: "PGM raw", file: []byte("P5 10 20 255\n"), mime: "image/x-portable-graymap", w: 10, h: 20, alpha: no},
		{name: "PPM long comments", file: []byte(long), mime: "image/x-portable-pixmap", w: 640, h: 480, alpha: no},
		{name: "PFM", file: []byte("Pf\n4 5\n-1.0\n"), mime: "image/x-pfm", w: 4, h: 5, alpha: no},
		{name: "PAM RGB", file: []byte("P7\nWIDTH 3\nHEIGHT 4\nDEPTH 3\nMAXVAL 255\nTUPLTYPE RGB\nENDHDR\n"), mime: "image/x-portable-arbitrarymap", w: 3, h: 4, alpha: no},
		{name: "PAM alpha", file: []byte("P7\n#c\nWIDTH 3\nHEIGHT 4\nDEPTH 2\nMAXVAL 255\nTUPLTYPE GRAYSCALE_ALPHA\nENDHDR\n"), mime: "image/x-portable-arbitrarymap", w: 3, h: 4, alpha: yes},
		{name: "PAM depth 4", file: []byte("P7\nWIDTH 3\nHEIGHT 4\nDEPTH 4\nENDHDR\n"), mime: "image/x-portable-arbitrarymap", w: 3, h: 4, alpha: yes},
		{name: "PAM cut", file: []byte("P7\nWIDTH 3\nHEIGHT 4\nDEPTH 4\n"), mime: "image/x-portable-arbitrarymap", w: 3, h: 4, alpha: yes, wantWarn: []string{WarnTruncated}},
		{name: "TGA 32-bit alpha", file: tga(0, 2, 0, 0, 3, 2, 32, 0x28), mime: "image/x-tga", w: 3, h: 2, alpha: yes},
		{name: "TGA 32-bit no alpha bits", file: tga(0, 10, 0, 0, 3, 2, 32, 0), mime: "image/x-tga", w: 3, h: 2},
		{name: "TGA 24-bit", file: tga(0, 2, 0, 0, 640, 480, 24, 0), mime: "image/x-tga", w: 640, h: 480, alpha: no},
		{name: "TGA colour-mapped", file: tga(1, 9, 256, 24, 5, 6, 8, 0), mime: "image/x-tga", w: 5, h: 6, alpha: no},
		{name: "TGA grey", file: tga(0, 3, 0, 0, 5, 6, 8, 0x20), mime: "image/x-tga", w: 5, h: 6, alpha: no},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, warns, err := locate(tc.file)
			require.NoError(t, err)
			assert.Equal(t, extract.Facts{FileType: "image", MIME: tc.mime, Width: tc.w, Height: tc.h, HasAlpha: tc.alpha}, p.Facts)
			assert.Equal(t, tc.wantWarn, warns)
			assert.Empty(t, p.EXIF)
			assert.Empty(t, p.XMP)
			assert.Empty(t, p.IRB)
			assert.Empty(t, p.IIM)
		})
	}
}

// TestDetect: what is not one of the formats, or not strictly so, is not taken for it.
func TestDetect(t *testing.T) {
	tests := []struct {
		name      string
		head      []byte
		isBitmap  bool
		isTGA     bool
		unreadble bool // detected, but the header is cut before the size
	}{
		{name: "BM text", head: []byte("BMW and other cars, a text file")},
		{name: "BM bad info length", head: bmp(40, 1, 1, 8, 0, 0)[:14], isBitmap: false},
		{name: "ICO count 0", head: ico(1, 0, 1, 1, 1)},
		{name: "ICO type 3", head: ico(3, 1, 1, 1, 1)},
		{name: "ICO data inside directory", head: func() []byte { b := ico(1, 2, 1, 1, 1); b[6+12] = 6; return b }()},
		{name: "MPEG-PS", head: []byte("\x00\x00\x01\xBA\x44\x00\x04\x00\x04\x01\x01\x89\xC3\xF8\x00\x00\x01\xBB\x00\x12")},
		{name: "PCX bad encoding", head: func() []byte { b := pcx(8, 3, 0, 0, 1, 1); b[2] = 0; return b }()},
		{name: "PCX bad bpp", head: func() []byte { b := pcx(3, 3, 0, 0, 1, 1); return b }()},
		{name: "P6 text", head: []byte("P6 is a paragraph")},
		{name: "P8", head: []byte("P8\n1 1\n")},
		{name: "P7 lower-case", head: []byte("P7\nwidth 1\n")},
		{name: "P6 cut after magic", head: []byte("P6\n"), isBitmap: true, unreadble: true},
		{name: "TGA zero width", head: tga(0, 2, 0, 0, 0, 2, 24, 0)},
		{name: "TGA colour map on true colour", head: tga(1, 2, 256, 24, 2, 2, 24, 0)},
		{name: "TGA mapped without map", head: tga(0, 1, 0, 0, 2, 2, 8, 0)},
		{name: "TGA bad depth", head: tga(0, 2, 0, 0, 2, 2, 12, 0)},
		{name: "TGA interleave bits", head: tga(0, 2, 0, 0, 2, 2, 24, 0x40)},
		{name: "TGA alpha bits on 24", head: tga(0, 2, 0, 0, 2, 2, 24, 8)},
		{name: "TGA image type 0", head: tga(0, 0, 0, 0, 2, 2, 24, 0)},
		{name: "TGA", head: tga(0, 2, 0, 0, 2, 2, 24, 0), isTGA: true},
		{name: "zeros", head: make([]byte, 64)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.isBitmap, IsBitmap(tc.head), "IsBitmap")
			assert.Equal(t, tc.isTGA, IsTGA(tc.head), "IsTGA")
			var ws extract.Warnings
			_, err := Locate(bytes.NewReader(tc.head), int64(len(tc.head)), extract.Limits{}, &ws)
			if tc.isBitmap && !tc.unreadble {
				assert.NoError(t, err)
			} else {
				var fe *extract.FormatError
				assert.True(t, errors.As(err, &fe) && errors.Is(err, extract.ErrUnsupportedFormat), "Locate error %v", err)
			}
		})
	}
}

// TestReadLimit: a Netpbm header longer than the read budget stops at it, with a warning.
func TestReadLimit(t *testing.T) {
	b := []byte("P6\n#" + strings.Repeat("c", 5000) + "\n1 1 255\n")
	var ws extract.Warnings
	_, err := Locate(bytes.NewReader(b), int64(len(b)), extract.Limits{MaxTotalRead: 1024}, &ws)
	assert.Error(t, err)
	require.Len(t, ws.List, 1)
	assert.Equal(t, WarnReadLimit, ws.List[0].Code)
}

// pieces hands out its bytes in reads of 1 to 4099 bytes, cut differently for every seed.
type pieces struct {
	b    []byte
	seed int
}

func (r *pieces) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	r.seed = (r.seed*1103515245 + 12345) & 0x7FFFFFFF
	n := min(len(p), len(r.b), 1+r.seed%4099)
	copy(p, r.b[:n])
	r.b = r.b[n:]
	return n, nil
}

// streamDiff compares the walker over data as a stream (settled and walked again as scan
// does) with the walker over the same bytes in memory. "" when they agree.
func streamDiff(data []byte, seed int) string {
	loc := Locate
	if !IsBitmap(data) {
		loc = LocateTGA
	}
	lim := extract.DefaultLimits()
	var wws, sws extract.Warnings
	want, werr := loc(extract.Bytes(data), int64(len(data)), lim, &wws)
	s := extract.NewStream(context.Background(), &pieces{b: data, seed: seed}, lim)
	_, _ = s.ReadAt(make([]byte, 512), 0)
	got, gerr := loc(s, lim.MaxStreamRead, lim, &sws)
	if !s.Settle() {
		sws = extract.Warnings{}
		got, gerr = loc(s, lim.MaxStreamRead, lim, &sws)
	}
	s.Warn(&sws)
	switch {
	case fmt.Sprint(werr) != fmt.Sprint(gerr):
		return fmt.Sprintf("errors: bytes %v, stream %v", werr, gerr)
	case !reflect.DeepEqual(wws, sws):
		return fmt.Sprintf("warnings:\n bytes:  %q\n stream: %q", wws.List, sws.List)
	case !reflect.DeepEqual(want, got):
		return fmt.Sprintf("facts:\n bytes:  %+v\n stream: %+v", want, got)
	}
	return ""
}

// TestStreamMatchesBytes: over a stream, the walkers give what they give over the same
// bytes, for the sample files and a Netpbm header longer than a stream's lookahead, each
// cut at every length up to 200 bytes and at 60 points.
func TestStreamMatchesBytes(t *testing.T) {
	inputs := map[string][]byte{
		"long-comment.ppm": []byte("P6\n#" + strings.Repeat("c", 70000) + "\n1 1 255\n"),
		"ico-cut.ico":      ico(1, 200, 1, 1, 1),
	}
	names, _ := filepath.Glob("../../testdata/formats/bitmap/*")
	for _, name := range names {
		if strings.HasSuffix(name, ".json") {
			continue
		}
		data, err := os.ReadFile(name)
		require.NoError(t, err)
		inputs[name] = data
	}
	for name, data := range inputs {
		n := len(data)
		for i := range 261 {
			cut := min(n, i)
			if i > 200 {
				cut = n * (i - 200) / 60
			}
			if d := streamDiff(data[:cut], cut); d != "" {
				t.Errorf("%s cut at %d of %d: %s", name, cut, n, d)
				break
			}
		}
	}
}

// FuzzLocate: no panic; an input either walker accepts gives facts of an image with a MIME
// type and no payloads.
func FuzzLocate(f *testing.F) {
	names, _ := filepath.Glob("../../testdata/formats/bitmap/*")
	for _, name := range names {
		if b, err := os.ReadFile(name); err == nil && !strings.HasSuffix(name, ".json") {
			f.Add(b)
		}
	}
	f.Add(bmp(124, 2, 3, 32, 3, 0xFF000000))
	f.Add(ico(2, 3, 0, 0, 1))
	f.Add(pcx(8, 4, 0, 0, 1, 1))
	f.Add([]byte("P7\nWIDTH 3\nHEIGHT 4\nDEPTH 2\nENDHDR\n"))
	f.Add(tga(1, 9, 256, 24, 5, 6, 8, 0))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, loc := range []func(io.ReaderAt, int64, extract.Limits, *extract.Warnings) (extract.Payloads, error){Locate, LocateTGA} {
			var ws extract.Warnings
			p, err := loc(bytes.NewReader(b), int64(len(b)), extract.Limits{}, &ws)
			if err != nil {
				continue
			}
			if p.Facts.FileType != "image" || p.Facts.MIME == "" || p.Facts.Width < 0 || p.Facts.Height < 0 {
				t.Fatalf("facts %+v", p.Facts)
			}
			if len(p.EXIF)+len(p.XMP)+len(p.IRB)+len(p.IIM) > 0 {
				t.Fatal("payloads from a bitmap")
			}
		}
	})
}
