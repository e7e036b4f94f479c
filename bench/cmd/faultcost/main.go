//go:build linux

// Command faultcost measures what a first touch of fresh memory costs on this machine: it
// maps anonymous pages and writes one byte to each, so that every write is a page fault,
// and prints the time per page. bench/startup.sh prints it beside the start-up figures of
// embedmeta, since a short batch spends much of its time faulting in memory it touches
// for the first time.
//
//	go run ./bench/cmd/faultcost -pages 4096 -rounds 5
package main

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"syscall"
	"time"
)

func main() {
	pages := flag.Int("pages", 4096, "pages mapped and touched per round")
	rounds := flag.Int("rounds", 5, "rounds; the median is printed")
	flag.Parse()
	size := os.Getpagesize()
	var per []time.Duration
	for range *rounds {
		b, err := syscall.Mmap(-1, 0, *pages*size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
		if err != nil {
			fmt.Fprintln(os.Stderr, "faultcost:", err)
			os.Exit(1)
		}
		start := time.Now()
		for i := 0; i < len(b); i += size {
			b[i] = 1
		}
		per = append(per, time.Since(start)/time.Duration(*pages))
		_ = syscall.Munmap(b)
	}
	slices.Sort(per)
	fmt.Printf("page_size=%d pages=%d rounds=%d first_touch_per_page_ns=%d\n", size, *pages, *rounds, per[len(per)/2].Nanoseconds())
}
