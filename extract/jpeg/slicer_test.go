package jpeg

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
)

// located is everything Locate returns, compared as a whole.
type located struct {
	Payloads extract.Payloads
	Warnings extract.Warnings
	Err      error
}

// locateBoth walks b through a copying reader and through extract.Bytes (sliced reads).
func locateBoth(b []byte, lim extract.Limits) (copied, sliced located) {
	copied.Payloads, copied.Err = Locate(bytes.NewReader(b), int64(len(b)), lim, &copied.Warnings)
	sliced.Payloads, sliced.Err = Locate(extract.Bytes(b), int64(len(b)), lim, &sliced.Warnings)
	return copied, sliced
}

// slicerLimits exercise the read budget at several points of a walk, and the segment limit.
var slicerLimits = []extract.Limits{
	{},
	{MaxTotalRead: 1},
	{MaxTotalRead: 20},
	{MaxTotalRead: 600},
	{MaxTotalRead: 4096},
	{MaxTotalRead: 30000},
	{MaxSegment: 100},
	{MaxXMPBytes: 10},
}

// slicerInputs are synthetic streams, the package fixture and, when present, every corpus
// file that starts with SOI or APP1.
func slicerInputs(t *testing.T) map[string][]byte {
	in := map[string][]byte{
		"all payloads":   jpegOf(exifSeg(1), xmpSeg(`<x HasExtendedXMP="`+guidA+`"/>`), extSeg(guidA, 6, 3, "def"), extSeg(guidA, 6, 0, "abc"), irbSeg("8BIM"), irbSeg("more")),
		"garbage":        jpegOf([]byte{0xFF, 0xFF, 0xD0}, []byte("junk"), seg(markerAPP1), seg(markerAPP1, []byte("Exif\x00\x00"))),
		"exif continued": jpegOf(exifSeg(1), seg(markerAPP1, []byte("Exif\x00\x00"), []byte("more"))),
		"truncated":      jpegOf(exifSeg(1))[:30],
		"no SOI":         exifSeg(6),
		"empty":          nil,
	}
	paths, _ := filepath.Glob("testdata/*")
	if root := testcorpus.Dir(); dirExists(root) {
		_ = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				paths = append(paths, path)
			}
			return nil
		})
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err == nil && IsJPEG(b[:min(len(b), 16)]) {
			in[p] = b
		}
	}
	return in
}

func dirExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// TestLocateSlicerMatchesCopy: reading through extract.Slicer changes nothing but the
// copying — same payloads, warnings (read limit included), facts and errors — and never
// writes to the input.
func TestLocateSlicerMatchesCopy(t *testing.T) {
	for name, b := range slicerInputs(t) {
		t.Run(name, func(t *testing.T) {
			orig := bytes.Clone(b)
			for _, lim := range slicerLimits {
				copied, sliced := locateBoth(b, lim)
				require.Equal(t, copied, sliced, "limits %+v", lim)
			}
			require.Equal(t, orig, b, "input modified")
		})
	}
}

// TestLocateSlicerAliases: with extract.Bytes a single-segment payload is a sub-slice of the
// input whose capacity ends with it, and a joined one is a copy.
func TestLocateSlicerAliases(t *testing.T) {
	b := jpegOf(exifSeg(1), irbSeg("8BIM"), irbSeg("more"))
	p, err := Locate(extract.Bytes(b), int64(len(b)), extract.Limits{}, &extract.Warnings{})
	require.NoError(t, err)
	require.Len(t, p.EXIF, 1)
	require.Len(t, p.IRB, 1)
	exif := p.EXIF[0]
	assert.Same(t, &b[exif.Offset], &exif.Data[0], "EXIF payload aliases the input")
	assert.Equal(t, len(exif.Data), cap(exif.Data))
	irb := p.IRB[0]
	assert.Equal(t, "8BIMmore", string(irb.Data))
	assert.NotSame(t, &b[irb.Offset], &irb.Data[0], "joined IRB is a copy")
}

// TestLocateSlicerAllocations: the reference image is walked without copying segments.
func TestLocateSlicerAllocations(t *testing.T) {
	b, err := os.ReadFile("testdata/IPTC-PhotometadataRef-Std2019.1.jpg")
	require.NoError(t, err)
	r := extract.Bytes(b)
	allocs := testing.AllocsPerRun(20, func() {
		_, _ = Locate(r, int64(len(b)), extract.Limits{}, &extract.Warnings{})
	})
	assert.LessOrEqual(t, allocs, 10.0)
}

// FuzzLocateSlicer: sliced and copied reads agree on any input.
func FuzzLocateSlicer(f *testing.F) {
	if b, err := os.ReadFile("testdata/IPTC-PhotometadataRef-Std2019.1.jpg"); err == nil {
		f.Add(b, int64(0))
		f.Add(b, int64(5000))
	}
	f.Add(jpegOf(exifSeg(1), xmpSeg(`<x HasExtendedXMP="`+guidA+`"/>`), extSeg(guidA, 6, 3, "def"), extSeg(guidA, 6, 0, "abc"), irbSeg("8BIM"), irbSeg("more")), int64(40))
	f.Add(jpegOf([]byte{0xFF, 0xFF, 0xD0}, []byte("junk"), seg(markerAPP1), seg(markerAPP1, []byte("Exif\x00\x00"))), int64(3))
	f.Fuzz(func(t *testing.T, b []byte, maxRead int64) {
		lim := extract.Limits{MaxXMPBytes: 1 << 20, MaxTotalRead: maxRead}
		orig := bytes.Clone(b)
		copied, sliced := locateBoth(b, lim)
		if !assert.ObjectsAreEqual(copied, sliced) {
			t.Fatalf("copied %+v\nsliced %+v", copied, sliced)
		}
		if !bytes.Equal(orig, b) {
			t.Fatal("input modified")
		}
	})
}
