// Package keyhash is the hash of schema's static hash indexes (byKeyIndex, xmpIndex): the
// generator (schema/internal/gen) lays the indexes out with it and schema's lookups probe
// them with it, so both import this one definition.
package keyhash

// Seed starts every hash of the indexes.
const Seed = 0x243F6A8885A308D3

// Sum mixes s into h, eight bytes at a time. It works on a string or a byte slice alike,
// without allocating.
func Sum[S string | []byte](s S, h uint64) uint64 {
	const m = 0x9E3779B97F4A7C15
	for len(s) >= 8 {
		w := s[:8] // one bounds check; the compiler merges the eight loads into one
		c := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
			uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
		h = (h ^ c) * m
		h ^= h >> 32
		s = s[8:]
	}
	t := uint64(len(s)) << 56
	for i := 0; i < len(s); i++ {
		t |= uint64(s[i]) << (8 * i)
	}
	h = (h ^ t) * m
	return h ^ h>>32
}
