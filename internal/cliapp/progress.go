package cliapp

import (
	"io"
	"os"
	"strconv"
	"strings"
	"time"
)

// progressMin is how many files make a progress bar worth showing in auto mode.
const progressMin = 20

// Progress bar drawing: a redraw at most every progressEvery (the first draw is at once),
// a bar of progressWidth cells, and the spinner shown while the total is unknown.
const (
	progressEvery = 100 * time.Millisecond
	progressWidth = 40
	progressSpin  = `|/-\`
)

// progress is the bar the CLI draws on stderr while files are read (issue 6), one line
// redrawn in place:
//
//	embedmeta  33% |█████████████                           | (1/3, 12 files/s) [0s:1s]
//	| embedmeta (25/-, 12 files/s) [2s]          while a walk has not counted the files yet
//
// It was github.com/schollz/progressbar until issue 16.3: that module imports net/http and
// github.com/mitchellh/colorstring (a regexp compiled at init), whose package initialisers
// cost every start of embedmeta more than the whole start-up budget left for them; this
// draws the same line (the same description, count, rate and times) with no init work.
// It is used by one goroutine, the one printing the records.
type progress struct {
	w       io.Writer
	total   int // < 0: not known yet
	done    int
	start   time.Time
	drawn   time.Time // last draw; zero: none yet
	shown   [2]int    // done and total at the last draw
	widest  int       // the longest line drawn, blanked when the bar is cleared
	spins   int
	scratch []byte
}

// newProgress returns a progress bar on stderr for n files (n < 0: not known yet), or nil
// when none is wanted: under "auto" only when stderr is a terminal and there are many
// files (for an unknown number, laterProgress decides as the files come).
func newProgress(cfg *config, n int, stderr io.Writer) *progress {
	switch cfg.progress {
	case "never":
		return nil
	case "auto":
		if n < progressMin || !isTerminal(stderr) {
			return nil
		}
	}
	return startProgress(n, stderr)
}

// laterProgress is newProgress for a run whose number of files is not known yet (a
// directory being walked), asked after each printed file: under "auto" the bar appears
// when the run reaches progressMin files, counting those.
func laterProgress(cfg *config, done int, stderr io.Writer) *progress {
	if cfg.progress != "auto" || done != progressMin || !isTerminal(stderr) {
		return nil
	}
	p := startProgress(-1, stderr)
	p.Add(done - 1) // the caller adds the last one
	return p
}

// startProgress draws a bar for n files (n < 0: a count without a total, until SetTotal).
func startProgress(n int, stderr io.Writer) *progress {
	return &progress{w: stderr, total: n, start: time.Now()}
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && terminal(f.Fd())
}

// SetTotal sets the number of files once it is known.
func (p *progress) SetTotal(n int) { p.total = n }

// Add counts n more files read, and redraws the bar unless it was drawn less than
// progressEvery ago.
func (p *progress) Add(n int) {
	p.done += n
	if now := time.Now(); p.drawn.IsZero() || now.Sub(p.drawn) >= progressEvery {
		p.drawn = now
		p.draw(now)
	}
}

// Finish draws the last count if a draw skipped it (a total set, or files added, less than
// progressEvery after the last draw), then clears the bar's line and ends it.
func (p *progress) Finish() {
	if !p.drawn.IsZero() && p.shown != [2]int{p.done, p.total} {
		p.draw(time.Now())
	}
	if p.widest > 0 {
		p.put("\r" + strings.Repeat(" ", p.widest) + "\r")
	}
	p.put("\n")
}

// draw writes the bar's line for the count at now, over the previous one.
func (p *progress) draw(now time.Time) {
	p.shown = [2]int{p.done, p.total}
	elapsed := now.Sub(p.start)
	b := append(p.scratch[:0], '\r')
	start := len(b)
	if p.total < 0 {
		b = append(b, progressSpin[p.spins%len(progressSpin)], ' ')
		p.spins++
		b = append(b, "embedmeta ("...)
	} else {
		frac := 1.0
		if p.total > 0 {
			frac = min(float64(p.done)/float64(p.total), 1)
		}
		b = append(b, "embedmeta "...)
		pct := strconv.Itoa(int(frac * 100))
		b = append(b, "   "[len(pct):]...)
		b = append(b, pct...)
		b = append(b, "% |"...)
		full := int(frac * progressWidth)
		b = append(b, strings.Repeat("█", full)...)
		b = append(b, strings.Repeat(" ", progressWidth-full)...)
		b = append(b, "| ("...)
	}
	// "(done/total, rate files/s) [elapsed:left]", "-" and no left while the total is unknown.
	b = strconv.AppendInt(b, int64(p.done), 10)
	b = append(b, '/')
	if p.total < 0 {
		b = append(b, '-')
	} else {
		b = strconv.AppendInt(b, int64(p.total), 10)
	}
	b = append(b, ", "...)
	b = appendRate(b, p.done, elapsed)
	b = append(b, " files/s) ["...)
	b = appendSeconds(b, elapsed)
	if p.total >= 0 {
		b = append(b, ':')
		var left time.Duration
		if p.done > 0 && p.done < p.total {
			left = time.Duration(float64(elapsed) * float64(p.total-p.done) / float64(p.done))
		}
		b = appendSeconds(b, left)
	}
	b = append(b, ']')
	width := len([]rune(string(b[start:])))
	if width < p.widest { // blank what is left of a longer line
		b = append(b, strings.Repeat(" ", p.widest-width)...)
	}
	p.widest = max(p.widest, width)
	p.scratch = b
	_, _ = p.w.Write(b)
}

// put writes s to the bar's writer; like the bar, it ignores write errors.
func (p *progress) put(s string) { _, _ = io.WriteString(p.w, s) }

// appendRate appends n files over d as a rate per second: whole above 10, else one decimal.
func appendRate(b []byte, n int, d time.Duration) []byte {
	if d <= 0 {
		return append(b, '0')
	}
	r := float64(n) / d.Seconds()
	if r >= 10 {
		return strconv.AppendFloat(b, r, 'f', 0, 64)
	}
	return strconv.AppendFloat(b, r, 'f', 1, 64)
}

// appendSeconds appends d rounded to the second, as time.Duration prints it ("0s", "1m5s").
func appendSeconds(b []byte, d time.Duration) []byte {
	return append(b, d.Round(time.Second).String()...)
}
