package gif

import (
	"bytes"
	"testing"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
)

// FuzzLocate: no panic, no error once the header is there, payloads within the input.
func FuzzLocate(f *testing.F) {
	testcorpus.AddFiles(f, "testdata/*.gif")
	f.Add(gifOf(appExt("NETSCAPE2.0", []byte{1, 0, 0}), gce(20), image([]byte{1}), comment("c"), xmpExt(packet)))
	f.Fuzz(func(t *testing.T, b []byte) {
		var ws extract.Warnings
		p, err := Locate(bytes.NewReader(b), int64(len(b)), extract.Limits{MaxXMPBytes: 1 << 16}, &ws)
		if err != nil {
			if len(b) >= screenLen && IsGIF(b) {
				t.Fatalf("error after the header: %v", err)
			}
			return
		}
		for _, q := range p.XMP {
			if q.Offset < 0 || q.Offset+int64(len(q.Data)) > int64(len(b)) || !bytes.Equal(q.Data, b[q.Offset:q.Offset+int64(len(q.Data))]) {
				t.Fatalf("payload at %d (%d bytes) is not the input's bytes", q.Offset, len(q.Data))
			}
		}
	})
}
