package embedmeta

import (
	"strconv"

	"github.com/embedmeta/embedmeta/normalize"
)

// RecordOptions shape the JSON record AppendRecord writes.
type RecordOptions struct {
	// Facts adds the "facts" member (the file facts, see Facts' JSON names).
	Facts bool
	// Groups prefixes every key with the group of its source: "EXIF:Make", "XMP:Creator".
	Groups bool
	// Keep, when set, selects the fields written (the CLI's -t/-x); nil writes every field.
	Keep func(Field) bool
}

// AppendRecord appends the JSON record of one file's outcome to dst, as the CLI prints it
// in NDJSON and pipelines store it:
//
//	{"file":"a.jpg","embeddedMetadata":{…},"facts":{…},"warnings":["…"]}
//	{"file":"b.txt","error":"…"}
//
// "file" is left out when file is "" (the HTTP service's answer); "embeddedMetadata" (and
// "facts" under o.Facts) when err is set; "warnings" when there are none. md may be nil
// (nothing read); its warnings are written beside an error too.
func AppendRecord(dst []byte, file string, md *Metadata, err error, o RecordOptions) []byte {
	dst = append(dst, '{')
	sep := false
	member := func(name string) {
		if sep {
			dst = append(dst, ',')
		}
		sep = true
		dst = append(dst, '"')
		dst = append(dst, name...)
		dst = append(dst, '"', ':')
	}
	if file != "" {
		member("file")
		dst = normalize.AppendString(dst, file)
	}
	if err == nil {
		member("embeddedMetadata")
		dst = md.AppendJSON(dst, o)
		if o.Facts && md != nil {
			member("facts")
			dst = appendFacts(dst, md.Facts)
		}
	}
	if md != nil && len(md.Warnings) > 0 {
		member("warnings")
		dst = append(dst, '[')
		for i, w := range md.Warnings {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = normalize.AppendString(dst, w.String())
		}
		dst = append(dst, ']')
	}
	if err != nil {
		member("error")
		dst = normalize.AppendString(dst, err.Error())
	}
	return append(dst, '}')
}

// AppendJSON appends the embeddedMetadata object to dst: every field (MarshalJSON's bytes),
// or those o.Keep selects, with group prefixes under o.Groups; "{}" for a nil Metadata.
// o.Facts does not apply (the facts are a member of the record, see AppendRecord).
func (m *Metadata) AppendJSON(dst []byte, o RecordOptions) []byte {
	if m == nil {
		return append(dst, "{}"...)
	}
	if o.Keep == nil && !o.Groups {
		return normalize.AppendJSON(dst, m.fields)
	}
	dst = append(dst, '{')
	first := true
	for _, f := range m.fields {
		if o.Keep != nil && !o.Keep(f) {
			continue
		}
		if !first {
			dst = append(dst, ',')
		}
		first = false
		key := f.Key
		if o.Groups {
			key = f.Source.String() + ":" + key
		}
		dst = normalize.AppendKey(dst, key) // "Group:" + key: still never escaped
		dst = append(dst, ':')
		dst = normalize.AppendValueJSON(dst, f.Value)
	}
	return append(dst, '}')
}

// RecordSize estimates the bytes of md's record, for sizing a buffer before AppendRecord.
func RecordSize(file string, md *Metadata) int {
	n := len(file) + 256 // the frame, an error or a few warnings
	if md != nil {
		n += normalize.JSONSize(md.fields) + len(md.Warnings)*96
	}
	return n
}

// appendFacts appends the file facts as a JSON object with Facts' JSON member names
// (fileType, mime, width, height, hasAlpha, duration, bitRate, videoCodec, audioCodec),
// leaving out what is unknown (empty strings, zero numbers, a nil HasAlpha).
func appendFacts(dst []byte, f Facts) []byte {
	dst = append(dst, '{')
	n := 0
	member := func(name string) {
		if n > 0 {
			dst = append(dst, ',')
		}
		n++
		dst = normalize.AppendString(dst, name)
		dst = append(dst, ':')
	}
	str := func(name, v string) {
		if v != "" {
			member(name)
			dst = normalize.AppendString(dst, v)
		}
	}
	num := func(name string, v int64) {
		if v > 0 {
			member(name)
			dst = strconv.AppendInt(dst, v, 10)
		}
	}
	str("fileType", f.FileType)
	str("mime", f.MIME)
	num("width", int64(f.Width))
	num("height", int64(f.Height))
	if f.HasAlpha != nil {
		member("hasAlpha")
		dst = strconv.AppendBool(dst, *f.HasAlpha)
	}
	if f.Duration > 0 {
		member("duration")
		dst = strconv.AppendFloat(dst, f.Duration, 'f', -1, 64)
	}
	num("bitRate", f.BitRate)
	str("videoCodec", f.VideoCodec)
	str("audioCodec", f.AudioCodec)
	return append(dst, '}')
}

// AppendJSONString appends s as a JSON string, escaped as the spec's J4 says (the escaping
// of every string embedmeta writes).
func AppendJSONString(dst []byte, s string) []byte { return normalize.AppendString(dst, s) }
