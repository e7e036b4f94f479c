package iptc

import (
	"bytes"
	"errors"
	"math"
	"slices"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/schema"
)

// IIM framing (IPTC-NAA Information Interchange Model 4.2, §1.5.2-§1.5.4).
const (
	tagMarker      = 0x1C   // first octet of every dataset header
	stdHeaderLen   = 5      // marker, record, dataset, 2-octet length
	extendedFlag   = 0x8000 // length MSB set: the low 15 bits count the octets of the real length
	maxExtendedLen = 8      // longest length-of-length accepted (ExifTool accepts up to 8)
	firstRecord    = 1      // envelope record
	lastRecord     = 9      // pre-object data (7), object data (8), post-object data (9)
)

// tagHeader is one IIM dataset header (IIM §1.5.2-§1.5.4).
type tagHeader struct {
	record, dataset uint8
	size            uint64
	headerLen       int // bytes of the header: marker, record, dataset, length field(s)
}

// recordDirs are the RawEntry.Dir names "IPTC<record>" for records 0..9, shared so that
// building an entry does not allocate a string.
var recordDirs = [...]string{"IPTC0", "IPTC1", "IPTC2", "IPTC3", "IPTC4", "IPTC5", "IPTC6", "IPTC7", "IPTC8", "IPTC9"}

// Decode decodes the IIM block p.Data (the data of Photoshop resource 0x0404, the value of
// TIFF tag 0x83BB, ...) into one raw entry per dataset of records 1 to 9, in stored order:
// Source IPTC, Dir "IPTC<record>", Record, ID = dataset number, Type TypeIIM, Count =
// data length, Bytes = the data (a sub-slice of p.Data, not a copy) and Offset = file offset
// of the data. Values are not interpreted: normalize applies 1:90 CodedCharacterSet.
//
// Damage never loses what was read before it: a truncated header or data, an invalid
// extended length or a byte other than 0x1C where a dataset should start ends the walk with
// a warning ("iptc.truncated", "iptc.bad-length", "iptc.bad-marker"). Non-zero bytes after
// the last dataset give "iptc.trailing-bytes"; NUL padding, which real writers append, is
// skipped silently. A dataset larger than lim.MaxValueBytes is skipped
// ("iptc.value-too-large"), as is one of a record outside 1..9 ("iptc.unknown-record").
// ws may be nil.
func Decode(p extract.Payload, lim extract.Limits, ws *extract.Warnings) []extract.RawEntry {
	return DecodeAppend(nil, p, lim, ws)
}

// DecodeAppend is Decode appending the entries to dst.
func DecodeAppend(dst []extract.RawEntry, p extract.Payload, lim extract.Limits, ws *extract.Warnings) []extract.RawEntry {
	lim = lim.Resolved()
	return appendIIM(dst, p, lim, ws, lim.MaxEntries, nil)
}

// headerCheck decodes the dataset header at the start of rest a second way and reports how
// it disagrees with h, the header readHeader read and the walk already bounded. A non-nil
// error ends the walk with "iptc.decoder". Only the differential tests set one (go-iptc's
// DecodeTag, see goiptc_oracle_test.go); production decoding passes nil.
type headerCheck func(rest []byte, h tagHeader) error

// appendIIM is Decode appending to entries, with an explicit budget of new entries shared
// by the IIM blocks of one IRB. check is nil outside the differential tests.
func appendIIM(entries []extract.RawEntry, p extract.Payload, lim extract.Limits, ws *extract.Warnings, budget int, check headerCheck) []extract.RawEntry {
	data := p.Data
	if int64(len(data)) > lim.MaxSegment {
		warn(ws, "iptc.too-large", schema.SourceIPTC, p.Offset,
			"IIM block of %d bytes exceeds the limit of %d; the rest is ignored", len(data), lim.MaxSegment)
		data = data[:lim.MaxSegment]
	}
	if len(data) == 0 || budget <= 0 {
		return entries
	}
	entries = slices.Grow(entries, min(countDatasets(data), budget))
	limit := len(entries) + budget
	unknownRecord := false
	for pos := 0; pos < len(data); {
		rest := data[pos:]
		at := fileOffset(p.Offset, pos)
		if rest[0] != tagMarker {
			reportJunk(ws, rest, at)
			break
		}
		// Read the header without trusting it, then check it against the bytes that exist
		// and the limits.
		h, err := readHeader(rest)
		if err != nil {
			code := "iptc.truncated"
			if errors.Is(err, errBadLength) {
				code = "iptc.bad-length"
			}
			warn(ws, code, schema.SourceIPTC, at, "dataset %d:%d: %v", h.record, h.dataset, err)
			break
		}
		if avail := uint64(len(rest) - h.headerLen); h.size > avail {
			warn(ws, "iptc.truncated", schema.SourceIPTC, at,
				"dataset %d:%d declares %d bytes, %d remain in the block", h.record, h.dataset, h.size, avail)
			break
		}
		next := pos + h.headerLen + int(h.size)
		if h.size > uint64(lim.MaxValueBytes) || h.size > math.MaxUint32 {
			warn(ws, "iptc.value-too-large", schema.SourceIPTC, at,
				"dataset %d:%d of %d bytes exceeds the limit of %d; skipped", h.record, h.dataset, h.size, lim.MaxValueBytes)
			pos = next
			continue
		}
		if check != nil {
			if err := check(rest, h); err != nil {
				warn(ws, "iptc.decoder", schema.SourceIPTC, at, "dataset %d:%d: %v", h.record, h.dataset, err)
				return entries
			}
		}
		if h.record < firstRecord || h.record > lastRecord {
			if !unknownRecord {
				warn(ws, "iptc.unknown-record", schema.SourceIPTC, at, "record %d is not an IIM record; its datasets are skipped", h.record)
				unknownRecord = true
			}
			pos = next
			continue
		}
		if len(entries) >= limit {
			warn(ws, "iptc.too-many-entries", schema.SourceIPTC, at, "more than %d datasets; the rest is ignored", budget)
			break
		}
		start := pos + h.headerLen
		entries = append(entries, extract.RawEntry{
			Source: schema.SourceIPTC,
			Dir:    recordDirs[h.record],
			ID:     uint16(h.dataset),
			Record: h.record,
			Type:   schema.TypeIIM,
			Count:  uint32(h.size),
			Bytes:  data[start:next:next],
			Offset: fileOffset(p.Offset, start),
		})
		pos = next
	}
	return entries
}

// Header pre-check failures.
var (
	errShortHeader = errors.New("dataset header cut short by the end of the block")
	errBadLength   = errors.New("extended length field longer than 8 octets")
)

// readHeader reads the dataset header at the start of b (b[0] is the marker) without
// trusting any of it: the returned size is not yet checked against the bytes that follow.
// On error h holds what could be read (record and dataset numbers) for the warning.
func readHeader(b []byte) (h tagHeader, err error) {
	if len(b) >= 3 {
		h.record, h.dataset = b[1], b[2]
	}
	if len(b) < stdHeaderLen {
		return h, errShortHeader
	}
	n := uint16(b[3])<<8 | uint16(b[4])
	if n&extendedFlag == 0 {
		h.size, h.headerLen = uint64(n), stdHeaderLen
		return h, nil
	}
	octets := int(n &^ extendedFlag)
	if octets > maxExtendedLen {
		return h, errBadLength
	}
	if len(b) < stdHeaderLen+octets {
		return h, errShortHeader
	}
	for _, c := range b[stdHeaderLen : stdHeaderLen+octets] {
		h.size = h.size<<8 | uint64(c)
	}
	h.headerLen = stdHeaderLen + octets
	return h, nil
}

// countDatasets counts the well-formed dataset headers from the start of data, so that the
// entry slice is allocated once. It reads headers only and allocates nothing.
func countDatasets(data []byte) int {
	n := 0
	for pos := 0; pos < len(data) && data[pos] == tagMarker; n++ {
		h, err := readHeader(data[pos:])
		if err != nil || h.size > uint64(len(data)-pos-h.headerLen) {
			break
		}
		pos += h.headerLen + int(h.size)
	}
	return n
}

// reportJunk handles bytes that do not start a dataset: NUL padding is normal and passes
// silently; anything else is reported as trailing junk or, when more 0x1C markers follow,
// as a bad marker inside the block.
func reportJunk(ws *extract.Warnings, rest []byte, at int64) {
	if allZero(rest) {
		return
	}
	if bytes.IndexByte(rest, tagMarker) < 0 {
		warn(ws, "iptc.trailing-bytes", schema.SourceIPTC, at, "%d bytes after the last dataset are not a dataset", len(rest))
		return
	}
	warn(ws, "iptc.bad-marker", schema.SourceIPTC, at, "byte 0x%02x where a dataset marker 0x1C should be; the rest of the block is ignored", rest[0])
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// fileOffset returns base+pos, or -1 when the payload's offset is unknown.
func fileOffset(base int64, pos int) int64 {
	if base < 0 {
		return -1
	}
	return base + int64(pos)
}

// warn adds a warning to ws, which may be nil.
func warn(ws *extract.Warnings, code string, src schema.Source, off int64, format string, args ...any) {
	if ws != nil {
		ws.Add(code, src, off, format, args...)
	}
}
