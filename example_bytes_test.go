package embedmeta_test

import (
	"fmt"
	"os"

	"github.com/embedmeta/embedmeta"
)

func ExampleExtractBytes() {
	// A file already in memory (downloaded, read from an archive, ...) is read in place.
	data, err := os.ReadFile("testdata/IPTC-PhotometadataRef-Std2019.1.jpg")
	if err != nil {
		fmt.Println(err)
		return
	}
	md, err := embedmeta.ExtractBytes(data, embedmeta.WithSources(embedmeta.SourceIPTC))
	if err != nil {
		fmt.Println(err)
		return
	}
	headline, _ := md.String("Headline")
	city, _ := md.String("City")
	fmt.Println(md.Format, md.Facts.MIME)
	fmt.Println(headline)
	fmt.Println(city)
	// Output:
	// jpeg image/jpeg
	// The Headline (ref2019.1)
	// City (Core) (ref2019.1)
}
