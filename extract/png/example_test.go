package png_test

import (
	"fmt"
	"os"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/png"
)

// Locate finds an ImageMagick "Raw profile type 8bim" (Photoshop resources with IPTC), a
// "Raw profile type APP1" (Exif) and a compressed iTXt XMP packet, and reads the IHDR.
func ExampleLocate() {
	f, err := os.Open("testdata/gen-png-raw-profile-app1-8bim-compressed-itxt.png")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	st, _ := f.Stat()
	var ws extract.Warnings
	p, err := png.Locate(f, st.Size(), extract.Limits{}, &ws)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(p.EXIF), len(p.IRB), len(p.XMP), p.Facts.MIME, p.Facts.Width, p.Facts.Height)
	// Output: 1 1 1 image/png 64 48
}
