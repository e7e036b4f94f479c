package embedmeta_test

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/embedmeta/embedmeta"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
	"github.com/embedmeta/embedmeta/schema"
)

// jsonType names the JSON type a value serializes to (spec J, T3): "string" (strings and
// dates), "number" (integers and numbers), with "[]" for an array.
func jsonType(v embedmeta.Value) string {
	t := "string"
	if v.Kind == schema.Integer || v.Kind == schema.Number {
		t = "number"
	}
	if v.List {
		t += "[]"
	}
	return t
}

// TestOneJSONTypePerKey reads every file of testdata/ and of the shared corpus and fails
// on any key seen with two element types, or as an array and a scalar where its shape class
// does not allow both (only a collapsing list is a scalar with one value and an array with
// several, L2). A key of the dictionary must also carry the kind and shape the dictionary
// declares for it (T1, T2, T3), whichever source filled it.
func TestOneJSONTypePerKey(t *testing.T) {
	type seen struct {
		kinds  map[string]string // element JSON type -> first file
		shapes map[bool]string   // list-ness -> first file
	}
	keys := map[string]*seen{}
	files := 0
	check := func(name string, md *embedmeta.Metadata) {
		files++
		for _, f := range md.Fields() {
			v := f.Value
			s := keys[f.Key]
			if s == nil {
				s = &seen{kinds: map[string]string{}, shapes: map[bool]string{}}
				keys[f.Key] = s
			}
			elem := strings.TrimSuffix(jsonType(v), "[]")
			if _, ok := s.kinds[elem]; !ok {
				s.kinds[elem] = name
			}
			if _, ok := s.shapes[v.List]; !ok {
				s.shapes[v.List] = name
			}
			if def, ok := schema.Lookup(f.Key); ok && !def.Omit {
				if v.Kind != def.Kind {
					t.Errorf("%s: %s is %s from %s (%s), the dictionary declares %s (%s)",
						name, f.Key, v.Kind, f.Source, f.Tag.Ref, def.Kind, def.Ref)
				}
				if v.List && def.Shape == schema.Scalar || !v.List && (def.Shape == schema.AlwaysList || def.Shape == schema.FixedVector) {
					t.Errorf("%s: %s list=%v from %s (%s), the dictionary declares a %s (%s)",
						name, f.Key, v.List, f.Source, f.Tag.Ref, def.Shape, def.Ref)
				}
			}
		}
	}
	roots := []string{"testdata"} // testdata/corpus included
	if testcorpus.Shared() {
		roots = append(roots, testcorpus.Dir())
	}
	for _, root := range roots {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(p, ".json") || strings.HasSuffix(p, ".md") ||
				strings.HasSuffix(p, ".tsv") || strings.HasSuffix(p, ".py") || strings.HasSuffix(p, ".sh") {
				return err
			}
			md, err := embedmeta.ExtractFile(p)
			if err == nil {
				check(p, md)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	names := make([]string, 0, len(keys))
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		s := keys[k]
		if len(s.kinds) > 1 {
			t.Errorf("%s has two JSON types: %v", k, describe(s.kinds))
		}
		if len(s.shapes) > 1 {
			if def, ok := schema.Lookup(k); !ok || def.Shape != schema.Collapsing {
				t.Errorf("%s is an array and a scalar but is not a collapsing list: %v", k, describe(s.shapes))
			}
		}
	}
	t.Logf("%d files, %d keys: one JSON type each", files, len(keys))
	if files < 20 {
		t.Errorf("only %d files read", files)
	}
}

func describe[K comparable](m map[K]string) string {
	var parts []string
	for k, f := range m {
		parts = append(parts, fmt.Sprintf("%v in %s", k, f))
	}
	sort.Strings(parts)
	return strings.Join(parts, "; ")
}

// TestOneKindT3 builds the T3 cases from synthetic XMP: a key typed by the dictionary keeps
// its kind whichever namespace carries it, and a value that cannot be that kind is left out
// with a warning.
func TestOneKindT3(t *testing.T) {
	const head = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
		`<rdf:Description rdf:about="" xmlns:aux="http://ns.adobe.com/exif/1.0/aux/" xmlns:crs="http://ns.adobe.com/camera-raw-settings/1.0/"` +
		` xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:my="http://example.com/my/"`
	const tail = `/></rdf:RDF></x:xmpmeta>`
	tests := []struct {
		name, attrs string
		want        string // the embeddedMetadata JSON
		warning     string // a warning code expected, if any
	}{
		{"T3 text read as the key's integer", ` aux:ImageNumber="42"`, `{"ImageNumber":42}`, ""},
		{"T3 text not a number: dropped with a warning", ` aux:ImageNumber="n/a"`, `{}`, "xmp.kind-mismatch"},
		{"T3 number read as the key's text", ` crs:Contrast="+25"`, `{"Contrast":"+25"}`, ""},
		{"T3 text split into the key's vector", ` aux:LensInfo="24/1 70/1 28/10 4/1"`, `{"LensInfo":[24,70,2.8,4]}`, ""},
		{"T3 + V3 vector with 0/0 absent", ` aux:LensInfo="15/1 85/1 0/0 0/0"`, `{}`, "xmp.kind-mismatch"},
		{"T3 dotted version split", ` exif:GPSVersionID="2.3.0.0"`, `{"GPSVersionID":[2,3,0,0]}`, ""},
		{"T3 unlisted property named like an integer key", ` my:ImageNumber="7"`, `{"ImageNumber":7}`, ""},
		{"T3 unlisted property named like a vector key", ` my:LensInfo="24 70 2.8 4"`, `{"LensInfo":[24,70,2.8,4]}`, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			md, err := embedmeta.ExtractBytes([]byte(head + tc.attrs + tail))
			if err != nil {
				t.Fatal(err)
			}
			js, _ := md.MarshalJSON()
			if string(js) != tc.want {
				t.Errorf("got %s, want %s", js, tc.want)
			}
			found := false
			for _, w := range md.Warnings {
				found = found || w.Code == tc.warning
			}
			if tc.warning != "" && !found {
				t.Errorf("no %s warning in %v", tc.warning, md.Warnings)
			}
		})
	}
}
