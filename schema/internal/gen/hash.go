package gen

// keyHash and hashSeed are schema's (schema/hash.go): the generator lays the hash indexes out
// with the function the lookups probe them with. Keep the two copies identical.
func keyHash(s string, h uint64) uint64 {
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

const hashSeed = 0x243F6A8885A308D3

// hashIndex lays out an open-addressing (linear probing) index of the keys: a power-of-two
// table of at least twice as many slots as keys, each slot 0 (empty) or 1 + the key's
// position. hashes[i] is the hash of keys[i].
func hashIndex(hashes []uint64) []int {
	size := 1
	for size < 2*len(hashes) {
		size <<= 1
	}
	slots := make([]int, size)
	mask := uint64(size - 1)
	for i, h := range hashes {
		j := h & mask
		for slots[j] != 0 {
			j = (j + 1) & mask
		}
		slots[j] = i + 1
	}
	return slots
}
