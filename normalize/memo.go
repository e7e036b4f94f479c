package normalize

import (
	"hash/maphash"

	"github.com/embedmeta/embedmeta/schema"
)

// flatMemo remembers what the dictionary says of the flattened ids (N3) looked up so far, by
// namespace and id: the definition of a listed one, or that it is not listed. A pooled
// normalizer keeps it from file to file, so that a path shape costs one hash and one probe
// of a small table it has touched before instead of a search of the dictionary's tables.
// It refers to no file's memory: the ids are copied into ids, the definitions are the
// dictionary's (static data).
type flatMemo struct {
	seed  maphash.Seed
	slots []memoSlot // open addressing, a power of two long; nil until the first put
	used  int
	ids   []byte // the ids of the slots, one after the other
}

// memoSlot is one remembered flattened id.
type memoSlot struct {
	h      uint64 // maphash of the id
	ns     schema.XMPNS
	off, n int32       // the id is ids[off:off+n]
	tag    *schema.Tag // its definition; nil when the dictionary does not list it
	id     int32       // keyID of tag's key
	full   bool        // the slot is in use
}

// Bounds of a flatMemo: past them it starts again empty.
const (
	memoSlots = 1 << 12
	memoIDs   = 1 << 16
)

// hash returns the hash of a flattened id for get and put.
func (m *flatMemo) hash(flat []byte) uint64 {
	if m.slots == nil {
		m.seed = maphash.MakeSeed()
		m.slots = make([]memoSlot, 256)
	}
	return maphash.Bytes(m.seed, flat)
}

// get returns the slot of flat in namespace ns, whose hash is h, or nil.
func (m *flatMemo) get(h uint64, ns schema.XMPNS, flat []byte) *memoSlot {
	mask := uint64(len(m.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := &m.slots[i]
		if !s.full {
			return nil
		}
		if s.h == h && s.ns == ns && string(m.ids[s.off:s.off+s.n]) == string(flat) {
			return s
		}
	}
}

// put remembers that flat in namespace ns, whose hash is h, has the definition t (nil: not
// listed).
func (m *flatMemo) put(h uint64, ns schema.XMPNS, flat []byte, t *schema.Tag) {
	if 2*(m.used+1) > len(m.slots) { // at most half full
		if 2*len(m.slots) > memoSlots || len(m.ids)+len(flat) > memoIDs {
			clear(m.slots)
			m.used, m.ids = 0, m.ids[:0]
		} else {
			old := m.slots
			m.slots = make([]memoSlot, 2*len(old))
			m.used = 0
			for i := range old {
				if s := &old[i]; s.full {
					m.insert(*s)
				}
			}
		}
	}
	s := memoSlot{h: h, ns: ns, off: int32(len(m.ids)), n: int32(len(flat)), tag: t, full: true}
	if t != nil {
		s.id = int32(keyID(t.Name, t))
	}
	m.ids = append(m.ids, flat...)
	m.insert(s)
}

// insert places s in the first free slot of its probe sequence.
func (m *flatMemo) insert(s memoSlot) {
	mask := uint64(len(m.slots) - 1)
	i := s.h & mask
	for m.slots[i].full {
		i = (i + 1) & mask
	}
	m.slots[i] = s
	m.used++
}
