// Package checksum holds the two sums the walkers compute, MD5 (RFC 1321: IPTC's
// CurrentIPTCDigest) and the CRC-32 of ISO 3309 / ITU-T V.42 (PNG chunks), without the
// standard library's crypto/md5 and hash/crc32: crypto/md5 links the crypto/internal/fips140
// packages, and both run package initialisers (hash/crc32 computes its table, the FIPS
// packages check the CPU and their settings), at every start of every process, whether or
// not it reads a PNG or an IPTC block (issue 16.3). Their tests compare the two with the
// standard library's.
package checksum

import (
	"encoding/binary"
	"math/bits"
	"sync"
)

// MD5 returns the MD5 digest of b (RFC 1321).
func MD5(b []byte) [16]byte {
	a0, b0, c0, d0 := uint32(0x67452301), uint32(0xefcdab89), uint32(0x98badcfe), uint32(0x10325476)
	n := len(b)
	// The message, a 0x80 byte, zeros to 56 mod 64, and the length in bits (little-endian).
	var tail [128]byte
	rest := n % 64
	copy(tail[:], b[n-rest:])
	tail[rest] = 0x80
	end := 64
	if rest >= 56 {
		end = 128
	}
	binary.LittleEndian.PutUint64(tail[end-8:], uint64(n)<<3)
	for _, blocks := range [][]byte{b[:n-rest], tail[:end]} {
		for ; len(blocks) >= 64; blocks = blocks[64:] {
			var m [16]uint32
			for i := range m {
				m[i] = binary.LittleEndian.Uint32(blocks[4*i:])
			}
			a, bb, c, d := a0, b0, c0, d0
			for i := range 64 {
				var f uint32
				var g int
				switch i / 16 {
				case 0:
					f, g = bb&c|^bb&d, i
				case 1:
					f, g = d&bb|^d&c, (5*i+1)%16
				case 2:
					f, g = bb^c^d, (3*i+5)%16
				default:
					f, g = c^(bb|^d), (7*i)%16
				}
				f += a + md5K[i] + m[g]
				a, d, c = d, c, bb
				bb += bits.RotateLeft32(f, int(md5S[i/16*4+i%4]))
			}
			a0, b0, c0, d0 = a0+a, b0+bb, c0+c, d0+d
		}
	}
	var sum [16]byte
	binary.LittleEndian.PutUint32(sum[0:], a0)
	binary.LittleEndian.PutUint32(sum[4:], b0)
	binary.LittleEndian.PutUint32(sum[8:], c0)
	binary.LittleEndian.PutUint32(sum[12:], d0)
	return sum
}

// md5S are the per-round shift amounts, four for each of the four rounds.
var md5S = [16]uint8{7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21}

// md5K are floor(abs(sin(i+1)) * 2^32) (RFC 1321 §3.4).
var md5K = [64]uint32{
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
	0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
	0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
	0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
	0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
	0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
	0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
	0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
}

// crcTables returns the slicing-by-8 tables of the reflected polynomial 0xedb88320, made at
// the first CRC32 call (8 KiB, a few microseconds) rather than at the start of the process.
// (A package-level sync.OnceValue would itself be made by a package initialiser.)
func crcTables() *[8][256]uint32 {
	crcOnce.Do(func() { crcTab = makeCRCTables() })
	return crcTab
}

var (
	crcOnce sync.Once
	crcTab  *[8][256]uint32
)

// makeCRCTables computes the tables crcTables returns.
func makeCRCTables() *[8][256]uint32 {
	t := new([8][256]uint32)
	for i := range 256 {
		c := uint32(i)
		for range 8 {
			c = c>>1 ^ 0xedb88320&-(c&1)
		}
		t[0][i] = c
	}
	for i := range 256 {
		c := t[0][i]
		for k := 1; k < 8; k++ {
			c = t[0][c&0xff] ^ c>>8
			t[k][i] = c
		}
	}
	return t
}

// CRC32 returns the CRC-32 of b as PNG computes it (hash/crc32's ChecksumIEEE).
func CRC32(b []byte) uint32 {
	t := crcTables()
	c := ^uint32(0)
	for ; len(b) >= 8; b = b[8:] {
		c ^= binary.LittleEndian.Uint32(b)
		c = t[7][c&0xff] ^ t[6][c>>8&0xff] ^ t[5][c>>16&0xff] ^ t[4][c>>24] ^
			t[3][b[4]] ^ t[2][b[5]] ^ t[1][b[6]] ^ t[0][b[7]]
	}
	for _, x := range b {
		c = t[0][byte(c)^x] ^ c>>8
	}
	return ^c
}
