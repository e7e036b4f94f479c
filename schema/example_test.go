package schema_test

import (
	"fmt"

	"github.com/embedmeta/embedmeta/schema"
)

func ExampleLookup() {
	for _, key := range []string{"DateTimeOriginal", "Keywords", "ImageRegionBoundaryH", "Caption"} {
		t, _ := schema.Lookup(key)
		fmt.Println(key, t.Kind, t.Shape, t.Conv, t.Ref)
	}
	// Output:
	// DateTimeOriginal date scalar exif-datetime EXIF 0x9003
	// Keywords string collapsing list none IIM 2:25
	// ImageRegionBoundaryH number always list none XMP Iptc4xmpExt:ImageRegionRegionBoundaryRbH
	// Caption string scalar none XMP acdsee:caption
}

func ExampleEXIF() {
	t := schema.EXIF(schema.TableExif, 0x0128)
	fmt.Println(t.Name, t.Kind, t.Conv, t.Labels[1])
	// Output: ResolutionUnit string label {2 inches}
}
