package gif

import (
	"bytes"
	"encoding/binary"
)

// header is "GIF89a" and a logical screen descriptor of w x h with a 2-entry global table.
func header(w, h uint16) []byte {
	b := []byte("GIF89a")
	b = binary.LittleEndian.AppendUint16(b, w)
	b = binary.LittleEndian.AppendUint16(b, h)
	b = append(b, 0x80, 0, 0) // global colour table of 2 entries
	return append(b, 0, 0, 0, 255, 255, 255)
}

// subBlocks splits d into data sub-blocks and adds the terminator.
func subBlocks(d []byte) []byte {
	var b []byte
	for len(d) > 0 {
		n := min(len(d), 255)
		b = append(b, byte(n))
		b = append(b, d[:n]...)
		d = d[n:]
	}
	return append(b, 0)
}

// image is an image descriptor with a local colour table and LZW data.
func image(lzw []byte) []byte {
	b := []byte{blockImage, 0, 0, 0, 0, 1, 0, 1, 0, 0x80, 1, 2, 3, 4, 5, 6, 2}
	return append(b, subBlocks(lzw)...)
}

// gce is a graphic control extension with the given delay (1/100 s).
func gce(delay uint16) []byte {
	b := []byte{blockExtension, labelGCE, gceLen, 0}
	b = binary.LittleEndian.AppendUint16(b, delay)
	return append(b, 0, 0)
}

// gceTransparent is a graphic control extension naming transparent colour index 1.
func gceTransparent() []byte {
	b := []byte{blockExtension, labelGCE, gceLen, transparentFlag}
	b = binary.LittleEndian.AppendUint16(b, 0)
	return append(b, 1, 0)
}

// comment is a comment extension.
func comment(s string) []byte {
	return append([]byte{blockExtension, 0xFE}, subBlocks([]byte(s))...)
}

// magicTrailer is the XMP Part 3 trailer: 0x01, 0xFF ... 0x00, then the block terminator.
func magicTrailer() []byte {
	b := []byte{1}
	for i := 255; i >= 0; i-- {
		b = append(b, byte(i))
	}
	return append(b, 0)
}

// xmpExt is an XMP application extension holding packet verbatim.
func xmpExt(packet string) []byte {
	b := append([]byte{blockExtension, labelApp, appIDLen}, appIDXMP...)
	b = append(b, packet...)
	return append(b, magicTrailer()...)
}

// appExt is an application extension with another identifier.
func appExt(id string, d []byte) []byte {
	return append(append([]byte{blockExtension, labelApp, appIDLen}, id...), subBlocks(d)...)
}

// gifOf is a header, the blocks and the trailer.
func gifOf(blocks ...[]byte) []byte {
	return append(append(header(32, 24), bytes.Join(blocks, nil)...), blockTrailer)
}

const packet = `<?xpacket begin="` + "\uFEFF" + `" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"/><?xpacket end="w"?>`
