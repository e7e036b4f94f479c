package normalize

import (
	"fmt"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
)

// arenaInputs are entry sets with every kind of output memory: EXIF and IIM text (UTF-8
// and Windows-1252), lists, dates, numbers and XMP values.
func arenaInputs() [][]extract.RawEntry {
	var sets [][]extract.RawEntry
	for i := range 6 {
		set := []extract.RawEntry{
			ascii(extract.DirIFD0, 0x010F, fmt.Sprintf("Make %d", i)),
			ascii(extract.DirExifIFD, 0x9003, "2019:10:16 19:01:02"),
			short(extract.DirIFD0, 0x0112, int64(1+i%8)),
			iim(1, 90, "\x1b%G"),
			iim(2, 120, fmt.Sprintf("caption %d with some words", i)),
			xmpv(fmt.Sprintf("%d", i), st(nsXMP, "Rating")),
		}
		for k := range 3 + 40*(i%2) { // a file with many keywords now and then: the arena grows
			set = append(set, iim(2, 25, fmt.Sprintf("keyword %d.%d", i, k)))
		}
		if i%3 == 2 { // no coded character set: Windows-1252
			set = append(set[:3], set[4:]...)
			set = append(set, iim(2, 5, "K\xf6ln"))
		}
		sets = append(sets, set)
	}
	return sets
}

// TestNormalizeInMatchesNormalizeWith: output made in a reused Arena equals output made in
// new memory, file after file, and outputs made between two Resets stay intact until the
// second.
func TestNormalizeInMatchesNormalizeWith(t *testing.T) {
	var a Arena
	for round := range 3 {
		var kept []string
		var outs [][]Field
		for _, set := range arenaInputs() {
			want := string(AppendJSON(nil, NormalizeWith(set, &extract.Warnings{}, Options{})))
			got := NormalizeIn(&a, set, &extract.Warnings{}, Options{})
			require.Equal(t, want, string(AppendJSON(nil, got)), "round %d", round)
			kept, outs = append(kept, want), append(outs, got)
		}
		for i, out := range outs { // every output of the round is still what it was
			assert.Equal(t, kept[i], string(AppendJSON(nil, out)), "round %d, output %d", round, i)
		}
		a.Reset()
	}
}

// TestNormalizeInReusesMemory: once an Arena has grown to a file's output, normalizing the
// file again in it allocates less than making the output in new memory.
func TestNormalizeInReusesMemory(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts mean nothing under the race detector")
	}
	set := arenaInputs()[1]
	var a Arena
	NormalizeIn(&a, set, nil, Options{})
	a.Reset()
	in := testing.AllocsPerRun(50, func() {
		NormalizeIn(&a, set, nil, Options{})
		a.Reset()
	})
	fresh := testing.AllocsPerRun(50, func() { NormalizeWith(set, nil, Options{}) })
	assert.Less(t, in, fresh)
	assert.LessOrEqual(t, in, 1.0)
}

// TestN3DefinitionsFollowThePath: N3 definitions are kept from file to file, so one made
// for a path must not serve another path with the same flattened id but another shape:
// an unlisted property that is a simple value in one file and a Bag in the next is a
// scalar in the first and a list in the second, whatever the order.
func TestN3DefinitionsFollowThePath(t *testing.T) {
	simple := []extract.RawEntry{xmpv("x", st(nsUnknown, "prop"))}
	bag := []extract.RawEntry{
		xmpv("a", item(nsUnknown, "prop", extract.Bag, 1)),
		xmpv("b", item(nsUnknown, "prop", extract.Bag, 2)),
	}
	for range 2 {
		assert.Equal(t, `{"Prop":"x"}`, render(t, simple...))
		assert.Equal(t, `{"Prop":["a","b"]}`, render(t, bag...))
		assert.Equal(t, `{"Prop":"x"}`, render(t, simple...))
	}
}

// TestNormalizeWithOutputOwnsItsText: output made in new memory does not change when the
// memory the entries were decoded from is overwritten afterwards, as a reused packet is
// (the text of EXIF, IIM and XMP values is collected as views of the entries and copied
// when the output is made): every kind of text, as a part of an entry or made by a
// conversion.
func TestNormalizeWithOutputOwnsItsText(t *testing.T) {
	var mem [][]byte // every byte an entry refers to, to be overwritten
	own := func(e extract.RawEntry) extract.RawEntry {
		if e.Bytes != nil {
			mem = append(mem, e.Bytes)
		}
		if e.Text != "" {
			b := []byte(e.Text)
			e.Text = unsafe.String(&b[0], len(b))
			mem = append(mem, b)
		}
		return e
	}
	set := []extract.RawEntry{
		ascii(extract.DirIFD0, 0x010F, "Make of the camera  "),         // V1, trimmed
		ascii(extract.DirIFD0, 0x8298, "Photographer \x00Editor \x00"), // Copyright, joined
		ascii(extract.DirIFD0, 0x013B, "Artist name"),                  // V1
		undef(extract.DirExifIFD, 0x9000, []byte("0232")),              // V4 ASCII bytes
		undef(extract.DirExifIFD, 0x9101, []byte{1, 2, 3, 0}),          // V2b joined labels
		ascii(extract.DirExifIFD, 0x9003, "2019:10:16 19:01:02"),       // D1
		iim(1, 90, "\x1b%G"),                          // record 2 in UTF-8
		iim(2, 120, "caption with some words"),        // V1
		iim(2, 60, "190102+0100"),                     // D3 time, made
		iim(2, 25, "keyword"),                         // a list
		xmpv("  spaced  title  ", st(nsDC, "source")), // V6
		xmpv("480/1", item(nsExt, "LocationCreated", extract.Bag, 1), st(nsEXIF, "GPSAltitude")), // V7a, made
		xmpLang("x-default title", "x-default", item(nsDC, "title", extract.Alt, 1)),             // X3
		xmpv("Keyword one", item(nsDC, "subject", extract.Bag, 1)),                               // L1
		xmpv("Keyword two", item(nsDC, "subject", extract.Bag, 2)),                               // L1
		xmpv("Unlisted", st(nsUnknown, "custom")),                                                // N3
	}
	for i := range set {
		set[i] = own(set[i])
	}
	fields := NormalizeWith(set, &extract.Warnings{}, Options{})
	want := string(AppendJSON(nil, fields))
	for _, b := range mem {
		for i := range b {
			b[i] = 'X'
		}
	}
	assert.Equal(t, want, string(AppendJSON(nil, fields)))
	for _, key := range []string{"Make", "Copyright", "ExifVersion", "ComponentsConfiguration", "CaptionAbstract", "TimeCreated", "LocationCreatedGPSAltitude", "Title", "Subject", "Custom"} {
		assert.Contains(t, want, `"`+key+`"`)
	}
	for _, value := range []string{`"480 m"`, `"19:01:02+01:00"`, `"Y,Cb,Cr,-"`, `"Photographer\nEditor"`, `"0232"`} {
		assert.Contains(t, want, value)
	}
}
