package gen

import "github.com/embedmeta/embedmeta/schema/internal/keyhash"

// keyHash and hashSeed are the hash schema's lookups probe the indexes with.
func keyHash(s string, h uint64) uint64 { return keyhash.Sum(s, h) }

const hashSeed = keyhash.Seed

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
