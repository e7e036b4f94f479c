package gif

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
)

// locate runs Locate over b and returns the payloads and the warning codes.
func locate(b []byte, lim extract.Limits) (extract.Payloads, []string, error) {
	var ws extract.Warnings
	p, err := Locate(bytes.NewReader(b), int64(len(b)), lim, &ws)
	var codes []string
	for _, w := range ws.List {
		codes = append(codes, w.Code)
	}
	return p, codes, err
}

func TestLocate(t *testing.T) {
	long := packet[:60] + strings.Repeat("\x01\xFF abc ", 200) + packet[60:] // bytes that look like sub-block sizes
	noTrailer := append([]byte{blockExtension, labelApp, appIDLen}, appIDXMP...)
	noTrailer = append(append(noTrailer, "\x03<a>\x02/>"...), 0)
	tests := []struct {
		name     string
		file     []byte
		wantXMP  []string
		wantWarn []string
		duration float64
	}{
		{name: "no metadata", file: gifOf(image([]byte{1, 2, 3}))},
		{name: "XMP before image", file: gifOf(xmpExt(packet), image([]byte{1})), wantXMP: []string{packet}},
		{name: "XMP after image", file: gifOf(comment("hi"), image(bytes.Repeat([]byte{7}, 1000)), xmpExt(packet)), wantXMP: []string{packet}},
		{name: "XMP whose bytes look like sizes", file: gifOf(xmpExt(long)), wantXMP: []string{long}},
		{name: "XMP without trailer", file: gifOf(noTrailer), wantXMP: []string{"\x03<a>\x02/>"}, wantWarn: []string{WarnXMPTrailer}},
		{name: "other application", file: gifOf(appExt("NETSCAPE2.0", []byte{1, 0, 0}), appExt("ICCRGBG1012", []byte("icc")))},
		{
			name: "animation", file: gifOf(appExt("NETSCAPE2.0", []byte{1, 0, 0}), gce(20), image([]byte{1}), gce(30), image([]byte{2}), xmpExt(packet)),
			wantXMP: []string{packet}, duration: 0.5,
		},
		{name: "single frame has no duration", file: gifOf(gce(20), image([]byte{1}))},
		{name: "truncated in image", file: gifOf(xmpExt(packet), image(bytes.Repeat([]byte{7}, 600)))[:len(header(1, 1))+len(xmpExt(packet))+300], wantXMP: []string{packet}, wantWarn: []string{WarnTruncated}},
		{name: "truncated in XMP", file: gifOf(xmpExt(packet))[:100], wantWarn: []string{WarnTruncated}},
		{name: "no trailer", file: gifOf(image([]byte{1}))[:len(gifOf(image([]byte{1})))-1], wantWarn: []string{WarnTruncated}},
		{name: "garbage block", file: gifOf(xmpExt(packet), []byte{0x99}), wantXMP: []string{packet}, wantWarn: []string{WarnBadBlock}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, warns, err := locate(tc.file, extract.Limits{})
			require.NoError(t, err)
			var xmp []string
			for _, q := range p.XMP {
				xmp = append(xmp, string(q.Data))
				assert.Equal(t, q.Data, tc.file[q.Offset:q.Offset+int64(len(q.Data))], "offset points at the data")
			}
			assert.Equal(t, tc.wantXMP, xmp)
			assert.Equal(t, tc.wantWarn, warns)
			assert.Equal(t, "image/gif", p.Facts.MIME)
			assert.Equal(t, "image", p.Facts.FileType)
			assert.Equal(t, 32, p.Facts.Width)
			assert.Equal(t, 24, p.Facts.Height)
			assert.InDelta(t, tc.duration, p.Facts.Duration, 1e-9)
		})
	}
}

func TestLocateErrors(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("GIF89a"), []byte("GIF90a1234567"), []byte("\x89PNG\r\n\x1a\n.....")} {
		_, _, err := locate(b, extract.Limits{})
		var fe *extract.FormatError
		require.ErrorAs(t, err, &fe)
		assert.ErrorIs(t, err, extract.ErrUnsupportedFormat)
	}
}

func TestLocateLimits(t *testing.T) {
	big := packet + strings.Repeat(" ", 5000)
	f := gifOf(image(bytes.Repeat([]byte{1}, 3000)), xmpExt(big))
	p, warns, err := locate(f, extract.Limits{MaxXMPBytes: 1000})
	require.NoError(t, err)
	assert.Empty(t, p.XMP)
	assert.Equal(t, []string{WarnTooLarge}, warns)
	require.NotNil(t, p.Facts.HasAlpha)
	assert.False(t, *p.Facts.HasAlpha)

	p, warns, err = locate(f, extract.Limits{MaxTotalRead: 100})
	require.NoError(t, err)
	assert.Empty(t, p.XMP)
	assert.Equal(t, []string{WarnReadLimit}, warns)
}

// TestLocateReadsLittle: image data is stepped over by its size bytes alone.
func TestLocateReadsLittle(t *testing.T) {
	f := gifOf(xmpExt(packet), image(bytes.Repeat([]byte{9}, 1<<20)))
	r := &countingReader{Reader: bytes.NewReader(f)}
	var ws extract.Warnings
	p, err := Locate(r, int64(len(f)), extract.Limits{}, &ws)
	require.NoError(t, err)
	require.Len(t, p.XMP, 1)
	assert.Less(t, r.n, int64(len(packet)+20000), "bytes read")
}

// countingReader counts the bytes read.
type countingReader struct {
	*bytes.Reader
	n int64
}

func (c *countingReader) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.Reader.ReadAt(p, off)
	c.n += int64(n)
	return n, err
}

func TestLocateAlpha(t *testing.T) {
	p, _, err := locate(gifOf(gceTransparent(), image([]byte{1})), extract.Limits{})
	require.NoError(t, err)
	require.NotNil(t, p.Facts.HasAlpha)
	assert.True(t, *p.Facts.HasAlpha)
}

func TestIsGIF(t *testing.T) {
	assert.True(t, IsGIF([]byte("GIF87a")))
	assert.True(t, IsGIF(gifOf()))
	assert.False(t, IsGIF([]byte("GIF8")))
}
