package bench

import (
	"bytes"
	"context"
	"io"
	"os"
	"testing"

	"github.com/embedmeta/embedmeta"
	"github.com/embedmeta/embedmeta/internal/hostile"
)

// BenchmarkStream measures the stream path (issue 12) beside the in-memory path of the same
// bytes: the reference image from memory and as a stream, the 40 KB files whose offsets claim
// 250 MiB, and a 64 MiB JPEG that never reaches its image data. Besides time and allocation
// it reports retained-B (the most bytes the stream held at once) and consumed-B per op.
func BenchmarkStream(b *testing.B) {
	ref, err := os.ReadFile(referenceFile)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("reference/bytes", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := embedmeta.ExtractBytes(ref); err != nil {
				b.Fatal(err)
			}
		}
	})
	stream := func(name string, open func() io.Reader) {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			var st embedmeta.ReadStats
			for b.Loop() {
				_, _ = embedmeta.ExtractReader(context.Background(), open(), embedmeta.WithStats(&st))
			}
			b.ReportMetric(float64(st.Retained), "retained-B")
			b.ReportMetric(float64(st.Consumed), "consumed-B")
		})
	}
	stream("reference/stream", func() io.Reader { return onlyReader{bytes.NewReader(ref)} })
	tiff, mp4 := hostile.FarTIFF(), hostile.FarMP4()
	stream("far-offset-tiff", func() io.Reader { return onlyReader{bytes.NewReader(tiff)} })
	stream("far-offset-mp4", func() io.Reader { return onlyReader{bytes.NewReader(mp4)} })
	stream("no-sos-64MiB", func() io.Reader { return hostile.NoSOS(64 << 20) })
}

// onlyReader hides every method but Read, so that ExtractReader streams.
type onlyReader struct{ io.Reader }
