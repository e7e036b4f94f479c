package iptc

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/embedmeta/embedmeta/extract"
)

// res8BIM frames one "8BIM" resource with an empty name.
func res8BIM(id uint16, data string) []byte {
	n := len(data)
	b := []byte{'8', 'B', 'I', 'M', byte(id >> 8), byte(id), 0, 0, byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}
	b = append(b, data...)
	if n%2 == 1 {
		b = append(b, 0)
	}
	return b
}

func TestResources(t *testing.T) {
	two := append(res8BIM(0x0424, "<x/>"), res8BIM(0x0422, "MM\x00*x")...)
	tests := []struct {
		name  string
		data  []byte
		max   int
		ids   []uint16
		datas []string
		warns []string
	}{
		{"two", two, 0, []uint16{0x0424, 0x0422}, []string{"<x/>", "MM\x00*x"}, nil},
		{"padding", append(two, 0, 0, 0), 0, []uint16{0x0424, 0x0422}, []string{"<x/>", "MM\x00*x"}, nil},
		{"bad signature", append(res8BIM(1, "ab"), "XXXXxxxxxxxxxxx"...), 0, []uint16{1}, []string{"ab"}, []string{"irb.bad-signature"}},
		{"truncated", res8BIM(1, "abcd")[:14], 0, nil, nil, []string{"irb.truncated"}},
		{"bounded", two, 1, []uint16{0x0424}, []string{"<x/>"}, []string{"irb.too-many-resources"}},
		{"empty", nil, 0, nil, nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var ws extract.Warnings
			var ids []uint16
			var datas []string
			Resources(extract.Payload{Data: tc.data, Offset: 100}, tc.max, &ws, func(r Resource) bool {
				ids = append(ids, r.ID)
				datas = append(datas, string(r.Data.Data))
				assert.True(t, r.Standard)
				assert.Equal(t, string(tc.data[r.Data.Offset-100:r.Data.Offset-100+int64(len(r.Data.Data))]), string(r.Data.Data))
				return true
			})
			var codes []string
			for _, w := range ws.List {
				codes = append(codes, w.Code)
			}
			assert.Equal(t, tc.ids, ids)
			assert.Equal(t, tc.datas, datas)
			assert.Equal(t, tc.warns, codes)
		})
	}
	t.Run("stop", func(t *testing.T) {
		n := 0
		Resources(extract.Payload{Data: two}, 0, nil, func(Resource) bool { n++; return false })
		assert.Equal(t, 1, n)
	})
}
