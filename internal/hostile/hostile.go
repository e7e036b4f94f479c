// Package hostile makes the inputs that test the stream path's memory bounds (issue 12):
// small files whose offsets claim hundreds of megabytes, and an endless JPEG header. Tests,
// benchmarks and the load program share them.
package hostile

import (
	"bytes"
	"encoding/binary"
	"io"
)

// FarTIFF returns a 40 KB TIFF whose IFD0 offset claims 250 MiB.
func FarTIFF() []byte {
	b := make([]byte, 40<<10)
	copy(b, "II*\x00")
	binary.LittleEndian.PutUint32(b[4:], 250<<20)
	return b
}

// FarMP4 returns an MP4 whose mdat box claims 250 MiB, followed by 4 KB.
func FarMP4() []byte {
	var b bytes.Buffer
	b.Write([]byte{0, 0, 0, 20})
	b.WriteString("ftypisom\x00\x00\x02\x00isom")
	_ = binary.Write(&b, binary.BigEndian, uint32(250<<20))
	b.WriteString("mdat")
	b.Write(make([]byte, 4<<10))
	return b.Bytes()
}

// noSOSHead is SOI and a small Exif APP1 holding an empty IFD0.
const noSOSHead = "\xFF\xD8\xFF\xE1\x00\x16Exif\x00\x00II*\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00"

// NoSOS returns a reader of an n-byte JPEG that never reaches its image data: SOI, an Exif
// APP1, then APP15 segments of 65,535 bytes. It is generated as it is read, never held.
func NoSOS(n int64) io.Reader {
	seg := make([]byte, 65537)
	seg[0], seg[1], seg[2], seg[3] = 0xFF, 0xEF, 0xFF, 0xFF
	return &noSOS{n: n, seg: seg}
}

type noSOS struct {
	n, pos int64
	seg    []byte
}

func (z *noSOS) Read(p []byte) (int, error) {
	if z.pos >= z.n {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), z.n-z.pos)]
	done := 0
	for done < len(p) {
		at := z.pos + int64(done)
		if at < int64(len(noSOSHead)) {
			done += copy(p[done:], noSOSHead[at:])
			continue
		}
		i := (at - int64(len(noSOSHead))) % int64(len(z.seg))
		done += copy(p[done:], z.seg[i:])
	}
	z.pos += int64(done)
	return done, nil
}
