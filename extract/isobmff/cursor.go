package isobmff

import (
	"bytes"
	"encoding/binary"
)

// cursor reads big-endian fields from a box payload held in memory; every read past the end
// sets bad and yields zero, so parsers check bad once after a group of fields.
type cursor struct {
	b   []byte
	p   int
	bad bool
}

func (c *cursor) take(n int) []byte {
	if c.bad || n < 0 || n > len(c.b)-c.p {
		c.bad = true
		return nil
	}
	s := c.b[c.p : c.p+n]
	c.p += n
	return s
}

func (c *cursor) u8() uint8 {
	if s := c.take(1); s != nil {
		return s[0]
	}
	return 0
}

func (c *cursor) u16() uint16 {
	if s := c.take(2); s != nil {
		return binary.BigEndian.Uint16(s)
	}
	return 0
}

func (c *cursor) u32() uint32 {
	if s := c.take(4); s != nil {
		return binary.BigEndian.Uint32(s)
	}
	return 0
}

// u16or32 reads a field that later versions of its box widen from 16 to 32 bits (item ids
// and counts of ISO/IEC 14496-12 and 23008-12): 16 bits when short.
func (c *cursor) u16or32(short bool) uint32 {
	n := 4
	if short {
		n = 2
	}
	return uint32(c.uint(n))
}

func (c *cursor) u64() uint64 {
	if s := c.take(8); s != nil {
		return binary.BigEndian.Uint64(s)
	}
	return 0
}

// uint reads an unsigned integer of n bytes (0, 4 or 8 in iloc, 2 or 4 for u16or32; 0 reads
// nothing).
func (c *cursor) uint(n int) uint64 {
	switch n {
	case 0:
		return 0
	case 2:
		return uint64(c.u16())
	case 4:
		return uint64(c.u32())
	case 8:
		return c.u64()
	}
	c.bad = true
	return 0
}

// fourCC reads a four-character code.
func (c *cursor) fourCC() string { return string(c.take(4)) }

// fullBox reads the version and flags of a FullBox (ISO/IEC 14496-12 §4.2).
func (c *cursor) fullBox() (version uint8, flags uint32) {
	v := c.u32()
	return uint8(v >> 24), v & 0xFFFFFF
}

// cstring reads a NUL-terminated UTF-8 string; a missing terminator ends it at the payload end.
func (c *cursor) cstring() string {
	if c.bad {
		return ""
	}
	rest := c.b[c.p:]
	if i := bytes.IndexByte(rest, 0); i >= 0 {
		c.p += i + 1
		return string(rest[:i])
	}
	c.p = len(c.b)
	return string(rest)
}

// left returns how many bytes remain.
func (c *cursor) left() int {
	if c.bad {
		return 0
	}
	return len(c.b) - c.p
}
