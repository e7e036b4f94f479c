// Command gentables writes schema/tables_gen.go from schema/data/exiftool.tsv and
// schema/data/overrides.tsv. It is run by `go generate ./schema` (from the schema directory)
// and needs no ExifTool.
package main

import (
	"flag"

	"github.com/embedmeta/embedmeta/internal/command"
	"github.com/embedmeta/embedmeta/schema/internal/gen"
)

func main() {
	data := flag.String("data", "data/exiftool.tsv", "ExifTool facts (written by schema/internal/listx)")
	ovr := flag.String("overrides", "data/overrides.tsv", "hand-maintained spec decisions")
	command.Main("gentables", "tables_gen.go", func() ([]byte, error) { return gen.File(*data, *ovr) })
}
