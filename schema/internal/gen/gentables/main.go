// Command gentables writes schema/tables_gen.go from schema/data/exiftool.tsv and
// schema/data/overrides.tsv. It is run by `go generate ./schema` (from the schema directory)
// and needs no ExifTool.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/embedmeta/embedmeta/schema/internal/gen"
)

func main() {
	data := flag.String("data", "data/exiftool.tsv", "ExifTool facts (written by schema/internal/listx)")
	ovr := flag.String("overrides", "data/overrides.tsv", "hand-maintained spec decisions")
	out := flag.String("o", "tables_gen.go", "output Go file")
	flag.Parse()
	src, err := gen.File(*data, *ovr)
	if err == nil {
		err = os.WriteFile(*out, src, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gentables:", err)
		os.Exit(1)
	}
}
