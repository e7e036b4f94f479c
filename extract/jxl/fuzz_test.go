package jxl

import (
	"bytes"
	"testing"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
)

// FuzzLocate: no panic, no error once the signature is there, payloads bounded.
func FuzzLocate(f *testing.F) {
	testcorpus.AddFiles(f, "testdata/*.jxl")
	f.Add(container(box("brob", []byte("Exif"), compress(exifBox())), box("jxlp", []byte{0, 0, 0, 0}, codestream(0, 720, 5))))
	f.Add(codestream(300, 200, 0))
	f.Fuzz(func(t *testing.T, b []byte) {
		var ws extract.Warnings
		lim := extract.Limits{MaxSegment: 1 << 20, MaxXMPBytes: 1 << 20}
		p, err := Locate(bytes.NewReader(b), int64(len(b)), lim, &ws)
		if err != nil {
			if IsJXL(b) {
				t.Fatalf("error after signature: %v", err)
			}
			return
		}
		for _, ps := range [][]extract.Payload{p.EXIF, p.XMP} {
			for _, q := range ps {
				if int64(len(q.Data)) > 1<<20 || q.Offset < 0 || q.Offset > int64(len(b)) {
					t.Fatalf("payload of %d bytes at %d from %d input bytes", len(q.Data), q.Offset, len(b))
				}
			}
		}
	})
}
