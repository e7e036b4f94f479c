package isobmff

import "math"

// movie holds the facts gathered from moov and mdat.
type movie struct {
	timescale, duration uint64 // mvhd
	mdatBytes           int64  // media data bytes in all mdat boxes (payloads only)
	width, height       int    // tkhd of the first video track with a size
	videoCodec          string // stsd of the first video track
	audioCodec          string // stsd of the first sound track
	tracks              int
}

// track is what one trak says.
type track struct {
	width, height int
	handler       string // mdia/hdlr handler_type: "vide", "soun", ...
	codec         string // first stsd sample entry type
}

// moov walks the movie box (ISO/IEC 14496-12 §8.2.1) for the header, tracks, user data and,
// in CR3, Canon's metadata box.
func (w *walker) moov(b Box) {
	w.rd.Children(b.Data(), b.End(), 1, func(c Box) bool {
		switch c.Type {
		case "mvhd":
			w.mvhd(c)
		case "trak":
			if w.mov.tracks++; w.mov.tracks <= maxTracks {
				w.trak(c)
			}
		case "udta":
			w.udta(c)
		case "uuid":
			if c.UUID == uuidCanon && w.info.kind == kindCR3 {
				w.canon(c)
			} else {
				w.uuid(c)
			}
		}
		return true
	})
}

// udta walks moov/udta for XMP: the QuickTime "XMP_" atom and the XMP uuid box.
func (w *walker) udta(b Box) {
	w.rd.Children(b.Data(), b.End(), 2, func(c Box) bool {
		switch c.Type {
		case "XMP_":
			w.addXMP(c.Data(), c.Len())
		case "uuid":
			w.uuid(c)
		}
		return true
	})
}

// mvhd reads the movie timescale and duration (ISO/IEC 14496-12 §8.2.2).
func (w *walker) mvhd(b Box) {
	d, ok := w.rd.Payload(b, 128)
	if !ok {
		return
	}
	c := &cursor{b: d}
	if v, _ := c.fullBox(); v == 1 {
		c.u64()
		c.u64()
		w.mov.timescale = uint64(c.u32())
		w.mov.duration = c.u64()
	} else {
		c.u32()
		c.u32()
		w.mov.timescale = uint64(c.u32())
		w.mov.duration = uint64(c.u32())
	}
	if c.bad {
		w.mov.timescale, w.mov.duration = 0, 0
		w.rd.Warn(WarnBadBox, b.Offset, "mvhd too short")
	}
}

// trak reads one track: its header size, handler and first sample entry.
func (w *walker) trak(b Box) {
	var t track
	w.rd.Children(b.Data(), b.End(), 2, func(c Box) bool {
		switch c.Type {
		case "tkhd":
			t.width, t.height = w.tkhd(c)
		case "mdia":
			w.mdia(c, &t)
		}
		return true
	})
	switch t.handler {
	case "vide":
		if w.mov.width == 0 && w.mov.height == 0 {
			w.mov.width, w.mov.height = t.width, t.height
		}
		if w.mov.videoCodec == "" {
			w.mov.videoCodec = t.codec
		}
	case "soun":
		if w.mov.audioCodec == "" {
			w.mov.audioCodec = t.codec
		}
	}
}

// tkhd returns the track's width and height, 16.16 fixed point rounded down
// (ISO/IEC 14496-12 §8.3.2).
func (w *walker) tkhd(b Box) (int, int) {
	d, ok := w.rd.Payload(b, 128)
	if !ok {
		return 0, 0
	}
	c := &cursor{b: d}
	if v, _ := c.fullBox(); v == 1 {
		c.take(8 + 8 + 4 + 4 + 8)
	} else {
		c.take(4 + 4 + 4 + 4 + 4)
	}
	c.take(8 + 2 + 2 + 2 + 2 + 36)
	wd, ht := c.u32(), c.u32()
	if c.bad {
		w.rd.Warn(WarnBadBox, b.Offset, "tkhd too short")
		return 0, 0
	}
	return int(wd >> 16), int(ht >> 16)
}

// mdia reads the media handler and descends to the sample description.
func (w *walker) mdia(b Box, t *track) {
	w.rd.Children(b.Data(), b.End(), 3, func(c Box) bool {
		switch c.Type {
		case "hdlr":
			if d, ok := w.rd.Payload(c, 4096); ok {
				cc := &cursor{b: d}
				cc.fullBox()
				cc.u32() // pre_defined (QuickTime: component type)
				if h := cc.fourCC(); !cc.bad {
					t.handler = h
				}
			}
		case "minf":
			w.rd.Children(c.Data(), c.End(), 4, func(s Box) bool {
				if s.Type == "stbl" {
					w.rd.Children(s.Data(), s.End(), 5, func(d Box) bool {
						if d.Type == "stsd" {
							t.codec = w.stsd(d)
						}
						return true
					})
				}
				return true
			})
		}
		return true
	})
}

// stsd returns the type of the first sample entry (ISO/IEC 14496-12 §8.5.2).
func (w *walker) stsd(b Box) string {
	if b.Len() < 16 {
		return ""
	}
	d, ok := w.rd.ReadAt(b.Data(), 16)
	if !ok {
		return ""
	}
	c := &cursor{b: d}
	c.fullBox()
	if c.u32() == 0 {
		return ""
	}
	c.u32() // entry size
	return c.fourCC()
}

// finishFacts turns the gathered movie facts into Payloads.Facts.
func (w *walker) finishFacts() {
	f := &w.out.Facts
	if w.info.kind != kindHEIF && f.Width == 0 && f.Height == 0 {
		f.Width, f.Height = w.mov.width, w.mov.height
	}
	if w.info.image {
		return
	}
	f.VideoCodec, f.AudioCodec = w.mov.videoCodec, w.mov.audioCodec
	if w.mov.timescale == 0 {
		return
	}
	f.Duration = float64(w.mov.duration) / float64(w.mov.timescale)
	if f.Duration > 0 {
		f.BitRate = int64(math.Round(float64(w.mov.mdatBytes) * 8 / f.Duration))
	}
}
