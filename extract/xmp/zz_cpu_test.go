package xmp

import (
	"os"
	"runtime"
	"runtime/debug"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/embedmeta/embedmeta/extract"
)

func threadCPU() time.Duration {
	var ts syscall.Timespec
	syscall.Syscall(syscall.SYS_CLOCK_GETTIME, 3 /* CLOCK_THREAD_CPUTIME_ID */, uintptr(unsafe.Pointer(&ts)), 0)
	return time.Duration(ts.Nano())
}

func TestCPUTime(t *testing.T) {
	if os.Getenv("XMPCPU") == "" {
		t.Skip()
	}
	runtime.LockOSThread()
	pkt, off := referencePacket(t)
	p := extract.Payload{Data: pkt, Offset: off}
	measure := func(name string, f func()) {
		best := time.Hour
		for r := 0; r < 7; r++ {
			const n = 300
			runtime.GC()
			s := threadCPU()
			for i := 0; i < n; i++ {
				f()
			}
			if d := (threadCPU() - s) / n; d < best {
				best = d
			}
		}
		t.Logf("%-8s %v", name, best)
	}
	measure("bare", func() {
		s := string(pkt)
		n := 0
		for i := 0; i < len(s); i++ {
			if class[s[i]]&clsText != 0 {
				n++
			}
		}
	})
	measure("prepare", func() { prepare(pkt) })
	measure("build", func() { pk := prepare(pkt); build(pk.data, 64, func(string, int, string, ...any) {}) })
	measure("decode", func() { Decode(p, extract.Limits{}, nil) })
	old := debug.SetGCPercent(-1)
	measure("build-nogc", func() { pk := prepare(pkt); build(pk.data, 64, func(string, int, string, ...any) {}) })
	measure("decode-nogc", func() { Decode(p, extract.Limits{}, nil) })
	debug.SetGCPercent(old)
	measure("oracle", func() { decodeOracle(p, extract.Limits{}, nil) })
}

func BenchmarkBuild(b *testing.B) {
	pkt, _ := referencePacket(b)
	pk := prepare(pkt)
	b.ReportAllocs()
	for b.Loop() {
		build(pk.data, 64, func(string, int, string, ...any) {})
	}
}
