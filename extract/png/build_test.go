package png

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"strings"
)

// chunk is one PNG chunk with a correct CRC.
func chunk(typ string, data ...[]byte) []byte {
	d := bytes.Join(data, nil)
	b := binary.BigEndian.AppendUint32(nil, uint32(len(d)))
	b = append(b, typ...)
	b = append(b, d...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[4:]))
}

// ihdr is an IHDR chunk of the given size and colour type.
func ihdr(w, h uint32, colorType byte) []byte {
	d := binary.BigEndian.AppendUint32(nil, w)
	d = binary.BigEndian.AppendUint32(d, h)
	return chunk(typeIHDR, d, []byte{8, colorType, 0, 0, 0})
}

// pngOf joins the signature, an IHDR 4x3 truecolour, the parts, an IDAT and IEND.
func pngOf(parts ...[]byte) []byte {
	b := append([]byte{}, signature...)
	b = append(b, ihdr(4, 3, 2)...)
	for _, p := range parts {
		b = append(b, p...)
	}
	b = append(b, chunk("IDAT", []byte{1, 2, 3})...)
	return append(b, chunk(typeIEND)...)
}

// tiffBlob is a minimal little-endian TIFF structure: IFD0 with Orientation = v.
func tiffBlob(v byte) []byte {
	return []byte{'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, v, 0, 0, 0, 0, 0, 0, 0}
}

const packet = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>`

// zlibOf compresses b.
func zlibOf(b []byte) []byte {
	var buf bytes.Buffer
	zw := zlib.NewWriter(&buf)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return buf.Bytes()
}

// iTXt is an iTXt chunk with the given keyword and text, compressed or not.
func iTXt(keyword string, text []byte, compressed bool) []byte {
	flag := byte(0)
	if compressed {
		flag, text = 1, zlibOf(text)
	}
	return chunk(typeITXT, []byte(keyword), []byte{0, flag, 0}, []byte("en\x00\x00"), text)
}

func tEXt(keyword string, text []byte) []byte {
	return chunk(typeTEXT, []byte(keyword), []byte{0}, text)
}

func zTXt(keyword string, text []byte) []byte {
	return chunk(typeZTXT, []byte(keyword), []byte{0, 0}, zlibOf(text))
}

// rawProfile writes data as ImageMagick does: "\n<name>\n<length padded to 8>\n" and hex
// digits in lines of 72.
func rawProfile(name string, data []byte) []byte {
	h := hex.EncodeToString(data)
	var sb strings.Builder
	fmt.Fprintf(&sb, "\n%s\n%8d\n", name, len(data))
	for len(h) > 72 {
		sb.WriteString(h[:72] + "\n")
		h = h[72:]
	}
	sb.WriteString(h + "\n")
	return []byte(sb.String())
}
