// Command keysdoc writes docs/keys.md (see package keysdoc). Run from the module root:
//
//	go run ./internal/keysdoc/cmd -o docs/keys.md
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/embedmeta/embedmeta"
	"github.com/embedmeta/embedmeta/internal/keysdoc"
)

func main() {
	out := flag.String("o", "docs/keys.md", "output file")
	testdata := flag.String("testdata", "testdata", "the folder of the bundled goldens (examples)")
	flag.Parse()
	ex, err := keysdoc.Examples(*testdata)
	if err == nil {
		err = os.WriteFile(*out, keysdoc.Render(embedmeta.Keys(), ex), 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "keysdoc:", err)
		os.Exit(1)
	}
}
