package png

import (
	"bytes"
	"io"
	"strings"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/internal/inflate"
)

// Keywords of the text chunks that carry metadata.
const (
	keywordXMP        = "XML:com.adobe.xmp" // XMP Part 3 §1.1.5
	keywordRawProfile = "Raw profile type " // ImageMagick: "Raw profile type <name>"
	maxKeyword        = 79                  // PNG spec §11.3.3.2: keywords are 1-79 bytes
	rawProfileSlack   = 1 << 10             // header bytes of a raw profile beyond its hex digits
)

// text handles a tEXt, zTXt or iTXt chunk whose data starts at file offset off (PNG spec
// §11.3.3.2-4). Only the XMP keyword and ImageMagick raw profiles are of interest; other
// text chunks are ignored without inflating them.
func (w *walker) text(typ string, data []byte, off int64) {
	k := bytes.IndexByte(data, 0)
	if k < 1 || k > maxKeyword {
		if len(data) > 0 {
			w.ws.Add(WarnBadText, 0, off, "%s chunk without a valid keyword", typ)
		}
		return
	}
	keyword := string(data[:k])
	profile, isProfile := strings.CutPrefix(keyword, keywordRawProfile)
	if keyword != keywordXMP && !isProfile {
		return
	}
	body, boff := data[k+1:], off+int64(k)+1
	compressed := false
	switch typ {
	case typeZTXT:
		if len(body) < 1 {
			w.ws.Add(WarnBadText, 0, off, "zTXt chunk %q without a compression method", keyword)
			return
		}
		body, boff, compressed = body[1:], boff+1, true
	case typeITXT:
		// compression flag, compression method, language tag\0, translated keyword\0
		if len(body) < 2 {
			w.ws.Add(WarnBadText, 0, off, "iTXt chunk %q cut short", keyword)
			return
		}
		compressed = body[0] != 0
		rest := body[2:]
		skip := 2
		for range 2 {
			z := bytes.IndexByte(rest, 0)
			if z < 0 {
				w.ws.Add(WarnBadText, 0, off, "iTXt chunk %q cut short", keyword)
				return
			}
			rest, skip = rest[z+1:], skip+z+1
		}
		body, boff = rest, boff+int64(skip)
	}
	limit := w.lim.MaxXMPBytes
	if isProfile {
		limit = 2*w.lim.MaxSegment + rawProfileSlack
	}
	if compressed {
		var ok bool
		if body, ok = w.inflate(body, limit, keyword, off); !ok {
			return
		}
	} else if int64(len(body)) > limit {
		w.ws.Add(WarnTooLarge, 0, off, "%s chunk %q of %d bytes exceeds the limit", typ, keyword, len(body))
		return
	}
	if isProfile {
		w.rawProfile(profile, body, boff)
		return
	}
	if len(body) == 0 {
		return
	}
	w.out.XMP = append(w.out.XMP, extract.Payload{Data: body, Offset: boff})
}

// inflate decompresses a zlib stream (PNG spec §10.3), keeping at most limit bytes; a
// longer output (a zip bomb) or a damaged stream gives a warning and false.
func (w *walker) inflate(comp []byte, limit int64, keyword string, off int64) ([]byte, bool) {
	zr, err := inflate.NewZlibReader(bytes.NewReader(comp))
	if err != nil {
		w.ws.Add(WarnBadZlib, 0, off, "%q: %v", keyword, err)
		return nil, false
	}
	defer zr.Close()
	out, err := io.ReadAll(io.LimitReader(zr, limit+1))
	switch {
	case int64(len(out)) > limit:
		w.ws.Add(WarnInflateSize, 0, off, "%q inflates to more than %d bytes", keyword, limit)
		return nil, false
	case err != nil:
		w.ws.Add(WarnBadZlib, 0, off, "%q: %v", keyword, err)
		return nil, false
	}
	return out, true
}
