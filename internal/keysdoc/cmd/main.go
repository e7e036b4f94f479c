// Command keysdoc writes docs/keys.md (see package keysdoc). Run from the module root:
//
//	go run ./internal/keysdoc/cmd -o docs/keys.md
package main

import (
	"flag"

	"github.com/embedmeta/embedmeta"
	"github.com/embedmeta/embedmeta/internal/command"
	"github.com/embedmeta/embedmeta/internal/keysdoc"
)

func main() {
	testdata := flag.String("testdata", "testdata", "the folder of the bundled goldens (examples)")
	command.Main("keysdoc", "docs/keys.md", func() ([]byte, error) {
		ex, err := keysdoc.Examples(*testdata)
		if err != nil {
			return nil, err
		}
		return keysdoc.Render(embedmeta.Keys(), ex), nil
	})
}
