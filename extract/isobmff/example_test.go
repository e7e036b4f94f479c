package isobmff_test

import (
	"fmt"
	"os"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/isobmff"
)

// Locate finds the Exif and XMP items of a HEIC file and reads its facts.
func ExampleLocate() {
	f, err := os.Open("testdata/gen-heic-exif-xmp.heic")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	st, _ := f.Stat()
	var ws extract.Warnings
	p, err := isobmff.Locate(f, st.Size(), extract.DefaultLimits(), &ws)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(p.EXIF), len(p.XMP), p.Facts.MIME, p.Facts.Width, p.Facts.Height, *p.Facts.HasAlpha)
	// Output: 1 1 image/heic 64 48 false
}
