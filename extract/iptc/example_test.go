package iptc_test

import (
	"encoding/hex"
	"fmt"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/iptc"
	"github.com/embedmeta/embedmeta/schema"
)

func ExampleDecodeIRB() {
	iim := []byte{
		0x1C, 2, 0, 0, 2, 0, 4, // 2:00 ApplicationRecordVersion = 4
		0x1C, 2, 5, 0, 5, 'T', 'i', 't', 'l', 'e', // 2:05 ObjectName
		0, // NUL padding, skipped silently
	}
	irb := append([]byte("8BIM\x04\x04\x00\x00"), 0, 0, 0, byte(len(iim)))
	irb = append(irb, iim...)

	var ws extract.Warnings
	for _, e := range iptc.DecodeIRB(extract.Payload{Data: irb}, extract.Limits{}, &ws) {
		if e.Type == schema.TypeDigest {
			fmt.Printf("%s 0x%04X MD5 %s\n", e.Dir, e.ID, hex.EncodeToString(e.Bytes))
			continue
		}
		fmt.Printf("%s:%d %q at %d\n", e.Dir, e.ID, e.Bytes, e.Offset)
	}
	fmt.Println(len(ws.List), "warnings")
	// Output:
	// Photoshop 0x0404 MD5 2e1469890abb0d9d2f16ecb19bbb6dde
	// IPTC2:0 "\x00\x04" at 17
	// IPTC2:5 "Title" at 24
	// 0 warnings
}
