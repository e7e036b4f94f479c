package embedmeta_test

import (
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta"
	"github.com/embedmeta/embedmeta/schema"
)

// TestKeys: the dictionary's keys, sorted, each with the kind and shape of every value it
// can have (T3) and its sources, the typing one first; left-out keys are not listed.
func TestKeys(t *testing.T) {
	keys := embedmeta.Keys()
	require.Greater(t, len(keys), 2000)
	assert.True(t, sort.SliceIsSorted(keys, func(i, j int) bool { return keys[i].Key < keys[j].Key }))
	byKey := map[string]embedmeta.KeyInfo{}
	for _, k := range keys {
		byKey[k.Key] = k
		def, ok := embedmeta.Lookup(k.Key)
		require.True(t, ok, k.Key)
		if !def.Omit {
			assert.Equal(t, def.Kind, k.Kind, k.Key)
			assert.Equal(t, def.Ref, k.Refs[0], k.Key)
		}
	}
	lens := byKey["LensInfo"]
	assert.Equal(t, schema.Number, lens.Kind)
	assert.Equal(t, schema.FixedVector, lens.Shape)
	assert.Equal(t, []string{"EXIF 0xA432", "XMP aux:LensInfo", "XMP exifEX:LensSpecification"}, lens.Refs)
	assert.Equal(t, []schema.Source{schema.SourceEXIF, schema.SourceXMP}, lens.Groups)
	assert.True(t, byKey["Contrast"].Labels)
	assert.Equal(t, "s", byKey["ExposureTime"].Unit)
	assert.Equal(t, []schema.Source{schema.SourceXMP, schema.SourceIPTC}, byKey["Keywords"].Groups)
	assert.Equal(t, []schema.Source{schema.SourceComposite}, byKey["DateTimeCreated"].Groups)
	_, padding := byKey["Padding"] // S5
	assert.False(t, padding)
}
