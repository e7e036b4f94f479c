package isobmff

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/embedmeta/embedmeta/internal/streamtest"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
)

// streamDiff compares Locate over data as a stream (read as scan reads one: head first,
// settled and walked again when the stream ended before an answer it was given) with
// Locate over the same bytes in memory: payloads, facts, warnings and error. "" when they
// agree. again reports whether the stream needed the second walk.
func streamDiff(data []byte, seed int) (diff string, again bool) {
	return streamtest.Diff(Locate, data, seed)
}

// TestStreamMatchesBytes: over a stream, Locate gives what it gives over the same bytes in
// memory, for the fixtures, the corpus files and streamInputs, each cut at some 60 points.
func TestStreamMatchesBytes(t *testing.T) {
	inputs := streamInputs()
	for _, f := range testcorpus.Files(t, IsISOBMFF) {
		inputs[filepath.Join(testcorpus.Dir(), f.Name)] = f.Data
	}
	streamtest.AddFiles(t, inputs, "testdata/*")
	for name, data := range inputs {
		n := len(data)
		for _, cut := range streamtest.Cuts(n) {
			if d, _ := streamDiff(data[:cut], cut); d != "" {
				t.Errorf("%s cut at %d of %d: %s", name, cut, n, d)
				break
			}
		}
	}
}

// TestStreamOneWalk: an intact file is walked once as a stream, also when a large mdat is
// skipped, first or last, or has a 64-bit size; only a last box of size 0 ("to the end of
// the file") makes the stream walk again, once its end is known.
func TestStreamOneWalk(t *testing.T) {
	for name, data := range streamInputs() {
		d, again := streamDiff(data, 1)
		if d != "" {
			t.Errorf("%s: %s", name, d)
		}
		if again != strings.HasSuffix(name, "size-0") {
			t.Errorf("%s: walked twice %v", name, again)
		}
	}
}

// TestStreamBoxCount: a file of exactly maxBoxes box headers is walked without the
// too-many-boxes warning also as a stream, whose top level ends by failing to read one more
// header where the input ends (Locate reads the first header twice).
func TestStreamBoxCount(t *testing.T) {
	ftyp := box("ftyp", []byte("isom"), u32(0), []byte("isom"))
	for _, n := range []int{maxBoxes - 2, maxBoxes - 1} {
		data := cat(ftyp, bytes.Repeat(box("free"), n))
		if d, _ := streamDiff(data, n); d != "" {
			t.Errorf("%d boxes: %s", n+2, d)
		}
	}
}

// streamInputs are files larger than the stream's window (64 KiB), whose skipped parts a
// stream drops: media data before and after the metadata, 64-bit and to-the-end box sizes,
// HEIF items far into the file.
func streamInputs() map[string][]byte {
	big := make([]byte, 300<<10)
	moov := movieFile(movieOpts{brand: "isom", xmpUdta: true})[len(box("ftyp", []byte("isom"), u32(0), []byte("isom"))):]
	moov = moov[:len(moov)-8] // movieFile ends with an empty mdat
	ftyp := box("ftyp", []byte("isom"), u32(0), []byte("isom"))
	xmpUUID := box("uuid", uuidXMP[:], []byte(xmpPacket))
	size0 := func(typ string, body []byte) []byte { return cat(u32(0), []byte(typ), body) }
	large := func(typ string, body []byte) []byte {
		return cat(u32(1), []byte(typ), u64(uint64(16+len(body))), body)
	}
	return map[string][]byte{
		"mp4-moov-after-big-mdat": cat(ftyp, box("mdat", big), moov, xmpUUID),
		"mp4-mdat-size-0":         cat(ftyp, moov, xmpUUID, size0("mdat", big)),
		"mp4-mdat-largesize":      cat(ftyp, moov, large("mdat", big), xmpUUID),
		"mov-moov-size-0":         cat(box("mdat", big), size0("moov", moov[8:])),
		"mp4-big-xmp-uuid":        cat(ftyp, moov, box("uuid", uuidXMP[:], []byte(xmpPacket), bytes.Repeat([]byte(" "), 100<<10)), box("mdat", big)),
		"heif-items-far":          heifFar(heifLayout{pad: len(big)}),
		"heif-item-to-end":        heifFar(heifLayout{pad: len(big), toEnd: true}),
		"heif-items-out-of-order": heifFar(heifLayout{pad: 1000, gap: 100 << 10, reverse: true}),
	}
}

// heifLayout shapes heifFar.
type heifLayout struct {
	pad       int  // image data bytes before the items
	gap       int  // image data bytes between the XMP item and the Exif item
	reverse   bool // the XMP item's bytes first (the Exif item is read first)
	toEnd     bool // the last item's extent length is 0: to the end of the file
	mdatFirst bool // mdat before meta
}

// heifFar builds ftyp + meta + mdat(pad, Exif item, gap, XMP item) (XMP first when
// reverse; mdat first when mdatFirst), whose items lie far into the file.
func heifFar(o heifLayout) []byte {
	exif := cat(u32(6), []byte("Exif\x00\x00"), tiffII("Cam"))
	xmp := []byte(xmpPacket)
	ftyp := box("ftyp", []byte("heic"), u32(0), []byte("mif1heic"))
	infe := func(id uint16, typ string, extra ...[]byte) []byte {
		return box("infe", full(2, 0, u16(id), u16(0), []byte(typ), []byte("\x00"), cat(extra...)))
	}
	iinf := box("iinf", full(0, 0, u16(3), infe(1, "hvc1"), infe(2, "Exif"), infe(3, "mime", []byte("application/rdf+xml\x00"))))
	hdlr := box("hdlr", full(0, 0, u32(0), []byte("pict"), make([]byte, 12), []byte("\x00")))
	iprp := box("iprp", box("ipco", box("ispe", full(0, 0, u32(640), u32(480)))), box("ipma", full(0, 0, u32(1), u16(1), []byte{1, 0x81})))
	first, second := exif, xmp
	if o.reverse {
		first, second = xmp, exif
	}
	body := cat(make([]byte, o.pad), first, make([]byte, o.gap), second)
	meta := func(data int) []byte {
		exifAt, xmpAt := data+o.pad, data+o.pad+len(exif)+o.gap
		if o.reverse {
			xmpAt, exifAt = data+o.pad, data+o.pad+len(xmp)+o.gap
		}
		exifLen, xmpLen := uint32(len(exif)), uint32(len(xmp))
		if o.toEnd && o.reverse {
			exifLen = 0
		} else if o.toEnd {
			xmpLen = 0
		}
		iloc := box("iloc", full(1, 0, []byte{0x44, 0x00}, u16(3),
			cat(u16(1), u16(0), u16(0), u16(1), u32(uint32(data)), u32(uint32(o.pad))),
			cat(u16(2), u16(0), u16(0), u16(1), u32(uint32(exifAt)), u32(exifLen)),
			cat(u16(3), u16(0), u16(0), u16(1), u32(uint32(xmpAt)), u32(xmpLen))))
		return box("meta", full(0, 0, hdlr, box("pitm", full(0, 0, u16(1))), iinf, iloc, iprp))
	}
	if o.mdatFirst {
		return cat(ftyp, box("mdat", body), meta(len(ftyp)+8))
	}
	m := meta(0)
	m = meta(len(ftyp) + len(m) + 8)
	return cat(ftyp, m, box("mdat", body))
}
