package embedmeta_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/embedmeta/embedmeta"
)

// TestStreamMatchesFile: every corpus file, damaged ones included, read as a stream that
// cannot seek gives the same embeddedMetadata and facts as the file read in place.
func TestStreamMatchesFile(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skip("shared corpus not present")
	}
	_ = filepath.WalkDir(corpusDir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".csv") || strings.HasSuffix(p, ".md") {
			return err
		}
		want, werr := embedmeta.ExtractFile(p)
		data, _ := os.ReadFile(p)
		got, gerr := embedmeta.ExtractReader(context.Background(), struct{ io.Reader }{bytes.NewReader(data)})
		if (werr == nil) != (gerr == nil) {
			t.Errorf("%s: file error %v, stream error %v", p, werr, gerr)
			return nil
		}
		if werr != nil {
			return nil
		}
		wj, _ := want.MarshalJSON()
		gj, _ := got.MarshalJSON()
		if !bytes.Equal(wj, gj) {
			t.Errorf("%s: stream JSON differs\n file:   %.300s\n stream: %.300s", p, wj, gj)
		}
		if want.Facts.MIME != got.Facts.MIME || want.Facts.Width != got.Facts.Width {
			t.Errorf("%s: facts differ: %+v vs %+v", p, want.Facts, got.Facts)
		}
		return nil
	})
}
