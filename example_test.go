package embedmeta_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"

	"github.com/embedmeta/embedmeta"
)

func ExampleExtractFile() {
	md, err := embedmeta.ExtractFile("testdata/IPTC-PhotometadataRef-Std2019.1.jpg")
	if err != nil {
		fmt.Println(err)
		return
	}
	title, _ := md.String("Title")
	created, _ := md.Time("DateTimeOriginal")
	keywords, _ := md.Strings("Keywords")
	rating, _ := md.Float("Rating")
	fmt.Println(title)
	fmt.Println(created)
	fmt.Println(keywords)
	fmt.Println(rating)
	// Output:
	// The Title (ref2019.1)
	// 2019-10-16 19:01:03 +0000 UTC
	// [Keyword1ref2019.1 Keyword2ref2019.1 Keyword3ref2019.1]
	// 1
}

func ExampleExtract() {
	data, _ := os.ReadFile("testdata/IPTC-PhotometadataRef-Std2019.1.jpg")
	md, err := embedmeta.Extract(bytes.NewReader(data), int64(len(data)),
		embedmeta.WithSources(embedmeta.SourceEXIF))
	if err != nil {
		fmt.Println(err)
		return
	}
	js, _ := md.MarshalJSON()
	fmt.Println(md.Format, md.Len())
	fmt.Println(string(js[:60]))
	// Output:
	// jpeg 12
	// {"ExifVersion":"0232","ImageDescription":"The description ak
}

func ExampleExtractReader() {
	f, _ := os.Open("testdata/IPTC-PhotometadataRef-Std2019.1.jpg")
	defer f.Close()
	// Any io.Reader works (an HTTP body, a pipe); only the bytes up to the metadata are read.
	md, err := embedmeta.ExtractReader(context.Background(), io.LimitReader(f, 1<<30))
	if err != nil {
		fmt.Println(err)
		return
	}
	city, _ := md.String("City")
	fmt.Println(city, md.Facts.MIME, md.Facts.Width, md.Facts.Height)
	// Output: City (Core) (ref2019.1) image/jpeg 1000 500
}

func ExampleNewTee() {
	f, _ := os.Open("testdata/IPTC-PhotometadataRef-Std2019.1.jpg")
	defer f.Close()
	var storage bytes.Buffer // stands for the upload to object storage
	tee := embedmeta.NewTee(context.Background(), &storage)
	n, _ := io.Copy(tee, f)
	_ = tee.Close()
	md, _ := tee.Metadata()
	headline, _ := md.String("Headline")
	fmt.Println(n == int64(storage.Len()), headline)
	// Output: true The Headline (ref2019.1)
}

func ExampleLookup() {
	def, _ := embedmeta.Lookup("DateTimeOriginal")
	fmt.Println(def.Kind, def.Shape, def.Source)
	def, _ = embedmeta.Lookup("Keywords")
	fmt.Println(def.Kind, def.Shape, def.Source)
	// Output:
	// date scalar EXIF
	// string collapsing list IPTC
}

func ExampleMetadata_Get() {
	md, _ := embedmeta.ExtractFile("testdata/IPTC-PhotometadataRef-Std2019.1.jpg")
	v, _ := md.Get("ImageRegionBoundaryX")
	fmt.Println(v.TypeName(), v.Strings())
	// Output: number[] [0.31 0.59]
}

// An Extractor reads many files into memory it reuses: each result is used (here, printed)
// before the next file is read. Copy what must outlive the next call.
func ExampleExtractor() {
	x := embedmeta.NewExtractor(embedmeta.WithSources(embedmeta.SourceIPTC))
	defer x.Reset()
	for _, path := range []string{
		"testdata/IPTC-PhotometadataRef-Std2019.1.jpg",
		"testdata/absent.jpg",
	} {
		md, err := x.ExtractFile(path)
		if err != nil {
			fmt.Println("skipped:", err)
			continue
		}
		city, _ := md.String("City")
		fmt.Println(md.Format, md.Len(), city)
	}
	// Output:
	// jpeg 28 City (Core) (ref2019.1)
	// skipped: open testdata/absent.jpg: no such file or directory
}
