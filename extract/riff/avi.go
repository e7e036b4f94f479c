package riff

import (
	"bytes"
	"encoding/binary"
	"io"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/schema"
)

// Warning codes reported by LocateAVI besides the Reader's ("avi.truncated-chunk", ...).
const (
	WarnAVIReadLimit = "avi.read-limit"      // Limits.MaxTotalRead reached
	WarnAVITooLarge  = "avi.chunk-too-large" // a metadata chunk above Limits.MaxSegment / MaxXMPBytes
	WarnAVIHeader    = "avi.bad-header"      // an avih, strh or strf chunk shorter than its fields
	WarnAVIExif      = "avi.exif-no-tiff"    // an EXIF chunk without a TIFF header
	WarnAVITooDeep   = "avi.too-deep"        // lists nested deeper than Limits.MaxDepth
	aviPrefix        = "avi"
	riffHeaderLen    = 12 // "RIFF", size, form type
	avihLen          = 40 // MicroSecPerFrame ... Width, Height (AVIMAINHEADER up to dwHeight)
	strhLen          = 36 // fccType, fccHandler ... dwLength (AVISTREAMHEADER up to dwLength)
	bihLen           = 12 // BITMAPINFOHEADER biSize, biWidth, biHeight
	casioJunkIFD     = 10 // Casio's JUNK chunk: "QVMI", then big-endian IFD0 at 10 (ExifTool)
)

// IsAVI reports whether head, the first bytes of a file, is a RIFF file of form type "AVI ".
func IsAVI(head []byte) bool {
	return len(head) >= riffHeaderLen && string(head[:4]) == "RIFF" && string(head[8:12]) == "AVI "
}

// aviDoc is what one AVI header list says: ExifTool adds the durations of the RIFF
// documents of a file, each with its own avih.
type aviDoc struct {
	usPerFrame, frames uint32 // avih
	rate, scale, count uint32 // the first video stream's strh
	video              bool   // a video strh was seen
}

// aviWalker is the state of one LocateAVI call.
type aviWalker struct {
	Reader
	lim     extract.Limits
	out     extract.Payloads
	docs    []aviDoc
	stream  string // the type of the last strh ("vids", "auds", ...)
	sizeSet bool   // width and height are known
}

// LocateAVI walks the chunks of an AVI file and returns its metadata payloads in file
// order and its facts, as ExifTool 12.57 reads them:
//
//   - XMP in the "_PMX" chunk (Adobe Bridge, often after the movie data) or an "XMP " chunk;
//   - EXIF in an "EXIF" chunk, and Casio's IFD0 in a JUNK chunk starting "QVMI";
//   - facts: MIME video/x-msvideo, FileType non-image, size from avih (else the first video
//     stream's BITMAPINFOHEADER), VideoCodec and AudioCodec from the first video and audio
//     stream headers, and Duration as ExifTool's composite: avih frames × microseconds per
//     frame, or the video stream's length when that is 2 to 3 times shorter, summed over the
//     RIFF documents of the file.
//
// The chunks are walked to the end of the file (the first RIFF chunk's size is not trusted:
// metadata and further RIFF documents follow it); the movie data is skipped. A file that is
// not RIFF AVI gives a *extract.FormatError wrapping extract.ErrUnsupportedFormat.
func LocateAVI(r io.ReaderAt, size int64, lim extract.Limits, ws *extract.Warnings) (extract.Payloads, error) {
	lim = lim.Resolved()
	w := &aviWalker{Reader: Reader{Budget: extract.Budget{R: r, End: extract.EndOf(r, size), Max: lim.MaxTotalRead, WS: ws, Code: WarnAVIReadLimit}, Prefix: aviPrefix}, lim: lim}
	head, ok := w.Read(0, riffHeaderLen)
	if !ok || !IsAVI(head) {
		return extract.Payloads{}, &extract.FormatError{Format: aviPrefix, Offset: 0, Msg: "missing RIFF AVI header", Err: extract.ErrUnsupportedFormat}
	}
	w.out.Facts = extract.Facts{FileType: "non-image", MIME: "video/x-msvideo"}
	w.Chunks(riffHeaderLen, -1, func(c Chunk) bool { return w.top(c, 0) })
	w.duration()
	return w.out, nil
}

// top handles a chunk of the top level or of a further RIFF document.
func (w *aviWalker) top(c Chunk, depth int) bool {
	switch c.ID {
	case "LIST":
		if typ, ok := w.listType(c); ok && typ == "hdrl" {
			w.docs = append(w.docs, aviDoc{})
			return w.list(c, depth, w.hdrl)
		}
	case "RIFF": // a further RIFF document (AVIX, or concatenated files): walked as the top level
		if c.Size >= 4 {
			return w.list(c, depth, func(c Chunk) bool { return w.top(c, depth+1) })
		}
	case "_PMX", "XMP ":
		if b, ok := w.payload(c, min(w.lim.MaxSegment, w.lim.MaxXMPBytes)); ok && len(b) > 0 {
			w.out.XMP = append(w.out.XMP, extract.Payload{Data: b, Offset: c.Data()})
		}
	case "EXIF":
		if b, ok := w.payload(c, w.lim.MaxSegment); ok {
			w.exif(b, c.Data())
		}
	case "JUNK":
		w.casio(c)
	}
	return true
}

// listType reads the form type of a LIST (or RIFF) chunk.
func (w *aviWalker) listType(c Chunk) (string, bool) {
	if c.Size < 4 {
		return "", false
	}
	b, ok := w.Read(c.Data(), 4)
	return string(b), ok
}

// list walks the chunks of a LIST or RIFF chunk with fn, nesting depth+1.
func (w *aviWalker) list(c Chunk, depth int, fn func(Chunk) bool) bool {
	if depth+1 > w.lim.MaxDepth {
		w.WS.Add(WarnAVITooDeep, 0, c.Offset, "lists nested deeper than %d", w.lim.MaxDepth)
		return true
	}
	return w.Chunks(c.Data()+4, c.Data()+c.Size, fn)
}

// hdrl handles a chunk of the AVI header list: avih and the stream lists.
func (w *aviWalker) hdrl(c Chunk) bool {
	doc := &w.docs[len(w.docs)-1]
	switch c.ID {
	case "avih":
		b, ok := w.head(c, avihLen)
		if !ok {
			break
		}
		doc.usPerFrame, doc.frames = binary.LittleEndian.Uint32(b), binary.LittleEndian.Uint32(b[16:])
		if width, height := binary.LittleEndian.Uint32(b[32:]), binary.LittleEndian.Uint32(b[36:]); !w.sizeSet && width > 0 && height > 0 {
			w.size(int64(width), int64(height))
		}
	case "LIST":
		if typ, ok := w.listType(c); ok && typ == "strl" {
			w.stream = ""
			return w.Chunks(c.Data()+4, c.Data()+c.Size, w.strl)
		}
	}
	return true
}

// strl handles a chunk of a stream list: the stream header and, for video, its format.
func (w *aviWalker) strl(c Chunk) bool {
	switch c.ID {
	case "strh":
		b, ok := w.head(c, strhLen)
		if !ok {
			break
		}
		w.stream = string(b[:4])
		codec := string(b[4:8])
		if i := bytes.IndexByte(b[4:8], 0); i >= 0 {
			codec = codec[:i]
		}
		switch doc := &w.docs[len(w.docs)-1]; w.stream {
		case "vids":
			if w.out.Facts.VideoCodec == "" {
				w.out.Facts.VideoCodec = codec
			}
			if !doc.video {
				doc.video = true
				doc.scale, doc.rate, doc.count = binary.LittleEndian.Uint32(b[20:]), binary.LittleEndian.Uint32(b[24:]), binary.LittleEndian.Uint32(b[32:])
			}
		case "auds":
			if w.out.Facts.AudioCodec == "" {
				w.out.Facts.AudioCodec = codec
			}
		}
	case "strf":
		if w.stream != "vids" || w.sizeSet {
			break
		}
		if b, ok := w.head(c, bihLen); ok {
			width, height := int64(int32(binary.LittleEndian.Uint32(b[4:]))), int64(int32(binary.LittleEndian.Uint32(b[8:])))
			if width > 0 && height != 0 {
				w.size(width, max(height, -height)) // a negative height is a top-down bitmap
			}
		}
	}
	return true
}

// size records the frame size.
func (w *aviWalker) size(width, height int64) {
	w.sizeSet = true
	w.out.Facts.Width, w.out.Facts.Height = int(width), int(height)
}

// duration sets Duration as ExifTool's RIFF composite computes it (CalcDuration).
func (w *aviWalker) duration() {
	total := 0.0
	for _, d := range w.docs {
		if d.usPerFrame == 0 {
			continue
		}
		dur := float64(d.frames) * float64(d.usPerFrame) / 1e6
		if d.rate != 0 && d.scale != 0 && d.count != 0 {
			dur2 := float64(d.count) * float64(d.scale) / float64(d.rate)
			if rat := dur / dur2; rat > 1.9 && rat < 3.1 {
				dur = dur2
			}
		}
		total += dur
	}
	w.out.Facts.Duration = total
}

// head reads the first n bytes of a header chunk, with a warning when it is shorter.
func (w *aviWalker) head(c Chunk, n int64) ([]byte, bool) {
	if c.Size < n {
		w.WS.Add(WarnAVIHeader, 0, c.Offset, "%q chunk of %d bytes, want %d", c.ID, c.Size, n)
		return nil, false
	}
	return w.Read(c.Data(), n)
}

// payload reads a metadata chunk's data, at most limit bytes.
func (w *aviWalker) payload(c Chunk, limit int64) ([]byte, bool) {
	if c.Size > limit {
		w.WS.Add(WarnAVITooLarge, 0, c.Offset, "chunk %q of %d bytes exceeds the limit", c.ID, c.Size)
		return nil, false
	}
	return w.Read(c.Data(), c.Size)
}

// exif records an EXIF chunk's TIFF structure ("Exif\0\0" before it is skipped, as
// ExifTool does with a minor warning).
func (w *aviWalker) exif(b []byte, off int64) {
	if bytes.HasPrefix(b, []byte("Exif\x00\x00")) {
		b, off = b[6:], off+6
	}
	if len(b) < 8 || (string(b[:4]) != "II*\x00" && string(b[:4]) != "MM\x00*") {
		w.WS.Add(WarnAVIExif, schema.SourceEXIF, off, "EXIF chunk of %d bytes without a TIFF header", len(b))
		return
	}
	w.out.EXIF = append(w.out.EXIF, extract.Payload{Data: b, Offset: off})
}

// casio reads the EXIF IFD0 Casio cameras (EX-S600) write in a JUNK chunk: "QVMI", then a
// big-endian IFD at offset 10 whose offsets count from the chunk's data. The payload is a
// copy of the data whose first 8 bytes are a TIFF header pointing at that IFD.
func (w *aviWalker) casio(c Chunk) {
	if c.Size < casioJunkIFD+2 {
		return
	}
	if b, ok := w.Read(c.Data(), 4); !ok || string(b) != "QVMI" {
		return
	}
	b, ok := w.payload(c, w.lim.MaxSegment)
	if !ok {
		return
	}
	d := append([]byte("MM\x00*\x00\x00\x00\x0a"), b[8:]...)
	w.out.EXIF = append(w.out.EXIF, extract.Payload{Data: d, Offset: c.Data()})
}
