package scratch

import (
	"fmt"
	"os"
	"testing"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/exif"
	"github.com/embedmeta/embedmeta/extract/jpeg"
)

func TestX(t *testing.T) {
	for _, name := range []string{os.Getenv("F")} {
		f, _ := os.Open(name)
		st, _ := f.Stat()
		var ws extract.Warnings
		p, err := jpeg.Locate(f, st.Size(), extract.Limits{}, &ws)
		fmt.Println(err, len(p.EXIF), len(p.XMP), len(p.IRB), ws.List)
		for _, x := range p.XMP {
			fmt.Println("xmp", x.Offset, len(x.Data))
		}
		for _, x := range p.IRB {
			fmt.Println("irb", x.Offset, len(x.Data))
		}
		for _, pl := range p.EXIF {
			es := exif.Decode(pl, extract.Limits{}, &ws)
			for _, e := range es {
				fmt.Printf("%s 0x%04x %v %d %v %v %v %q off=%d\n", e.Dir, e.ID, e.Format, e.Count, e.Ints, e.Rats, e.Floats, e.Bytes, e.Offset)
			}
		}
		fmt.Println(ws.List)
	}
}
