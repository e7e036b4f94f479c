package iptc

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/embedmeta/embedmeta/extract"
)

// ds builds one IIM dataset with a standard 2-octet length.
func ds(rec, num uint8, data []byte) []byte {
	b := []byte{tagMarker, rec, num, 0, 0}
	binary.BigEndian.PutUint16(b[3:], uint16(len(data)))
	return append(b, data...)
}

// dsExt builds one IIM dataset with an extended length of n octets (IIM §1.5.4).
func dsExt(rec, num uint8, n int, data []byte) []byte {
	b := []byte{tagMarker, rec, num, 0x80, byte(n)}
	size := make([]byte, 8)
	binary.BigEndian.PutUint64(size, uint64(len(data)))
	b = append(b, size[8-n:]...)
	return append(b, data...)
}

// res builds one image resource with signature sig, id, Pascal name and data, padded as
// Photoshop writes them.
func res(sig string, id uint16, name string, data []byte) []byte {
	b := []byte(sig)
	b = binary.BigEndian.AppendUint16(b, id)
	b = append(b, byte(len(name)))
	b = append(b, name...)
	if (1+len(name))%2 == 1 {
		b = append(b, 0)
	}
	b = binary.BigEndian.AppendUint32(b, uint32(len(data)))
	b = append(b, data...)
	if len(data)%2 == 1 {
		b = append(b, 0)
	}
	return b
}

func cat(parts ...[]byte) []byte {
	var b []byte
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

// key identifies an entry in assertions: "IPTC2 5" or "Photoshop 1028".
type key struct {
	Dir string
	ID  uint16
}

func keys(es []extract.RawEntry) []key {
	var out []key
	for _, e := range es {
		out = append(out, key{e.Dir, e.ID})
	}
	return out
}

func codes(ws *extract.Warnings) []string {
	var out []string
	for _, w := range ws.List {
		out = append(out, w.Code)
	}
	return out
}

const photoshopPrefix = "Photoshop 3.0\x00"

// app13IRB returns the Photoshop IRB of a JPEG (consecutive APP13 "Photoshop 3.0" segments
// joined, as the JPEG walker does) and the file offset of its first byte. It walks markers
// up to SOS; it is test scaffolding, not a JPEG parser.
func app13IRB(t testing.TB, jpg []byte) ([]byte, int64) {
	t.Helper()
	var irb []byte
	off := int64(-1)
	lastWasIRB := false
	for pos := 2; pos+4 <= len(jpg) && jpg[pos] == 0xFF; {
		marker := jpg[pos+1]
		if marker == 0xD9 || marker == 0xDA {
			break
		}
		n := int(binary.BigEndian.Uint16(jpg[pos+2:]))
		if n < 2 || pos+2+n > len(jpg) {
			break
		}
		seg := jpg[pos+4 : pos+2+n]
		isIRB := marker == 0xED && len(seg) >= len(photoshopPrefix) && string(seg[:len(photoshopPrefix)]) == photoshopPrefix
		if isIRB && (off < 0 || lastWasIRB) {
			if off < 0 {
				off = int64(pos + 4 + len(photoshopPrefix))
			}
			irb = append(irb, seg[len(photoshopPrefix):]...)
		}
		lastWasIRB = isIRB
		pos += 2 + n
	}
	return irb, off
}

// readFixture reads a file or skips the test when it is absent.
func readFixture(t testing.TB, path ...string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(path...))
	if err != nil {
		t.Skipf("fixture not available: %v", err)
	}
	return b
}
