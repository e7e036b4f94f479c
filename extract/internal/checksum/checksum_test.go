package checksum

import (
	"crypto/md5"
	"hash/crc32"
	"math/rand/v2"
	"testing"
)

// TestSameAsStandardLibrary: every length around the block and padding boundaries, and a
// few large inputs, sum as crypto/md5 and hash/crc32 sum them.
func TestSameAsStandardLibrary(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	buf := make([]byte, 1<<20+77)
	for i := range buf {
		buf[i] = byte(rng.Uint32())
	}
	lengths := []int{1 << 16, 1<<20 + 77}
	for n := range 300 {
		lengths = append(lengths, n)
	}
	for _, n := range lengths {
		b := buf[:n]
		if got, want := MD5(b), md5.Sum(b); got != want {
			t.Fatalf("MD5 of %d bytes: %x, want %x", n, got, want)
		}
		if got, want := CRC32(b), crc32.ChecksumIEEE(b); got != want {
			t.Fatalf("CRC32 of %d bytes: %08x, want %08x", n, got, want)
		}
	}
}

func FuzzSameAsStandardLibrary(f *testing.F) {
	f.Add([]byte("IHDR"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if MD5(b) != md5.Sum(b) || CRC32(b) != crc32.ChecksumIEEE(b) {
			t.Fatalf("%x", b)
		}
	})
}

func BenchmarkCRC32(b *testing.B) {
	buf := make([]byte, 64<<10)
	b.SetBytes(int64(len(buf)))
	for b.Loop() {
		CRC32(buf)
	}
}

func BenchmarkMD5(b *testing.B) {
	buf := make([]byte, 64<<10)
	b.SetBytes(int64(len(buf)))
	for b.Loop() {
		MD5(buf)
	}
}
