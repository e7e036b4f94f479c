package iptc

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	goiptc "github.com/dsoprea/go-iptc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
	"github.com/embedmeta/embedmeta/schema"
)

// TestParseStreamOracle compares Decode with go-iptc's ParseStream, used as a differential
// oracle on trusted files: same datasets, same values, same order within each dataset.
// ParseStream is only given blocks Decode read without warnings, stripped of NUL padding
// (which makes it fail), since it allocates whatever size a header declares.
func TestParseStreamOracle(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "*.jpg"))
	paths = append(paths, referenceImage)
	if more, err := filepath.Glob(filepath.Join(testcorpus.Dir(), "jpeg", "*", "*.jp*g")); err == nil {
		paths = append(paths, more...)
	}
	compared := 0
	for _, path := range paths {
		file, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		irb, _ := app13IRB(t, file)
		es := DecodeIRB(extract.Payload{Data: irb}, extract.Limits{}, nil)
		for _, d := range es {
			if d.Type != schema.TypeDigest {
				continue
			}
			// The IIM block is the resource data starting at the digest entry's offset.
			res, err := readResource(irb, findResourceStart(irb, int(d.Offset)))
			require.NoError(t, err)
			block := irb[res.start:res.end]
			t.Run(filepath.Base(path), func(t *testing.T) {
				var ws extract.Warnings
				got := Decode(extract.Payload{Data: block}, extract.Limits{}, &ws)
				if len(ws.List) > 0 {
					t.Logf("damaged block, go-iptc cannot serve as the oracle: %v", ws.List)
					return
				}
				want, err := goiptc.ParseStream(bytes.NewReader(bytes.TrimRight(block, "\x00")))
				require.NoError(t, err)
				gotMap := map[goiptc.StreamTagKey][]goiptc.TagData{}
				for _, e := range got {
					k := goiptc.StreamTagKey{RecordNumber: e.Record, DatasetNumber: uint8(e.ID)}
					gotMap[k] = append(gotMap[k], goiptc.TagData(e.Bytes))
				}
				for k := range want {
					if k.RecordNumber < firstRecord || k.RecordNumber > lastRecord {
						delete(want, k)
					}
				}
				normalizeEmpty(want)
				normalizeEmpty(gotMap)
				assert.Equal(t, map[goiptc.StreamTagKey][]goiptc.TagData(want), gotMap)
			})
			compared++
		}
	}
	t.Logf("%d IIM blocks compared", compared)
}

// findResourceStart returns the start of the resource whose data begins at dataPos.
func findResourceStart(irb []byte, dataPos int) int {
	for pos := 0; pos < len(irb); {
		r, err := readResource(irb, pos)
		if err != nil || r.start == dataPos {
			return pos
		}
		pos = r.next
	}
	return 0
}

// normalizeEmpty makes nil and empty values compare equal.
func normalizeEmpty(m map[goiptc.StreamTagKey][]goiptc.TagData) {
	for _, v := range m {
		for i := range v {
			if len(v[i]) == 0 {
				v[i] = goiptc.TagData{}
			}
		}
	}
}
