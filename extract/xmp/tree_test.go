package xmp

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
)

// pointerFree reports whether values of type t hold no pointers (strings, slices, maps,
// pointers, interfaces), so that the garbage collector need not scan them.
func pointerFree(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Struct:
		for i := range t.NumField() {
			if !pointerFree(t.Field(i).Type) {
				return false
			}
		}
		return true
	case reflect.Array:
		return pointerFree(t.Elem())
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

// TestTreeIsPointerFree guards the representation of the element tree: elements and
// attributes refer to each other and to their strings by index, so the blocks that hold
// them are never scanned by the garbage collector.
func TestTreeIsPointerFree(t *testing.T) {
	for _, v := range []any{elem{}, attr{}, str{}} {
		assert.True(t, pointerFree(reflect.TypeOf(v)), "%T", v)
	}
	assert.False(t, pointerFree(reflect.TypeOf(binding{})))
}

func TestTreeStrings(t *testing.T) {
	tr := &tree{s: "hello world"}
	tests := []struct {
		name string
		x    str
		want string
	}{
		{"substring", sub(6, 5), "world"},
		{"empty", str{}, ""},
		{"decoded", tr.add("a&b"), "a&b"},
		{"empty decoded", tr.add(""), ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, tr.str(tc.x))
		})
	}
}
