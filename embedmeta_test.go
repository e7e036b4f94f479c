package embedmeta_test

import (
	"encoding/json"
	"os"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta"
)

const reference = "testdata/IPTC-PhotometadataRef-Std2019.1"

// TestGoldenReference is the product's acceptance case: the IPTC 2019.1 reference image must
// produce the golden JSON byte for byte (spec J1) ...
func TestGoldenReference(t *testing.T) {
	md, err := embedmeta.ExtractFile(reference + ".jpg")
	require.NoError(t, err)
	got, err := md.MarshalJSON()
	require.NoError(t, err)
	compareGolden(t, reference+".json", got, false) // the contract: never rewritten
	assert.Empty(t, md.Warnings)
}

// ... and every key must have the type `.types.json` lists, through the typed API (T1, T2).
func TestGoldenTypes(t *testing.T) {
	md, err := embedmeta.ExtractFile(reference + ".jpg")
	require.NoError(t, err)
	raw, err := os.ReadFile(reference + ".types.json")
	require.NoError(t, err)
	var types map[string]string
	require.NoError(t, json.Unmarshal(raw, &types))
	assert.Equal(t, len(types), md.Len())
	for key, typ := range types {
		v, ok := md.Get(key)
		if !assert.True(t, ok, key) {
			continue
		}
		assert.Equal(t, typ, v.TypeName(), key)
		switch typ {
		case "date":
			_, ok = md.Time(key)
		case "integer":
			_, ok = md.Int(key)
		case "number":
			_, ok = md.Float(key)
		case "string":
			_, ok = md.String(key)
		default:
			var items []string
			items, ok = md.Strings(key)
			ok = ok && len(items) > 0
		}
		assert.True(t, ok, "typed accessor for %s (%s)", key, typ)
		def, found := md.Lookup(key)
		if assert.True(t, found, key) {
			assert.Equal(t, v.Kind, def.Kind, key)
		}
	}
}

// TestMetadataConcurrentLookups: the key index is built lazily by the first lookup; lookups
// from many goroutines at once (run with -race) all see it.
func TestMetadataConcurrentLookups(t *testing.T) {
	md, err := embedmeta.ExtractFile(reference + ".jpg")
	require.NoError(t, err)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, f := range md.Fields() {
				v, ok := md.Get(f.Key)
				assert.True(t, ok, f.Key)
				assert.Equal(t, f.Value, v)
			}
		}()
	}
	wg.Wait()
}
