package tiff_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/exif"
	"github.com/embedmeta/embedmeta/extract/scan"
	"github.com/embedmeta/embedmeta/extract/tiff"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
)

// benchFiles are TIFF-based files of the shared corpus: a DNG, a Sony ARW with its 1.3 MB
// head, and a TIFF with EXIF, GPS, IPTC and XMP.
var benchFiles = []string{"raw/exiftool-DNG.dng", "raw/sony-slt-a55v-head.arw", "tiff/gen-tiff-mm-exif-iptc-xmp-gps.tif"}

func benchData(b *testing.B, name string) []byte {
	dir := testcorpus.Dir()
	if dir == "" {
		b.Skip("shared corpus not present")
	}
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		b.Skip(err)
	}
	return data
}

// BenchmarkLocateDecode is what scan does with a TIFF file below the payload decoders of
// other kinds: the container walk and the EXIF payload's entries.
func BenchmarkLocateDecode(b *testing.B) {
	lim := extract.DefaultLimits()
	for _, name := range benchFiles {
		b.Run(filepath.Base(name), func(b *testing.B) {
			data := benchData(b, name)
			b.ReportAllocs()
			for b.Loop() {
				var ws extract.Warnings
				p, err := tiff.Locate(extract.Bytes(data), int64(len(data)), lim, &ws)
				if err != nil {
					b.Fatal(err)
				}
				for _, pl := range p.EXIF {
					_ = exif.Decode(pl, lim, &ws)
				}
			}
		})
	}
}

// BenchmarkScan is the whole extraction below normalize: a scan.Job with a Scratch.
func BenchmarkScan(b *testing.B) {
	lim := extract.DefaultLimits()
	for _, name := range benchFiles {
		b.Run(filepath.Base(name), func(b *testing.B) {
			data := benchData(b, name)
			var sc scan.Scratch
			var job scan.Job
			b.ReportAllocs()
			for b.Loop() {
				job.Init(lim, 0, &sc)
				if _, err := job.Read(extract.Bytes(data), int64(len(data))); err != nil {
					b.Fatal(err)
				}
				sc.Release()
			}
		})
	}
}

// BenchmarkLocateDecodeFile is BenchmarkLocateDecode reading an open file (an io.ReaderAt
// that is not in memory: every IFD table and value read is a system call).
func BenchmarkLocateDecodeFile(b *testing.B) {
	lim := extract.DefaultLimits()
	for _, name := range benchFiles {
		b.Run(filepath.Base(name), func(b *testing.B) {
			data := benchData(b, name)
			f, err := os.Open(filepath.Join(testcorpus.Dir(), name))
			if err != nil {
				b.Fatal(err)
			}
			defer f.Close()
			b.ReportAllocs()
			for b.Loop() {
				var ws extract.Warnings
				p, err := tiff.Locate(f, int64(len(data)), lim, &ws)
				if err != nil {
					b.Fatal(err)
				}
				for _, pl := range p.EXIF {
					_ = exif.Decode(pl, lim, &ws)
				}
			}
		})
	}
}
