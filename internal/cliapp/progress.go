package cliapp

import (
	"fmt"
	"io"
	"os"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progressMin is how many files make a progress bar worth showing in auto mode.
const progressMin = 20

// progress is the bar the CLI draws on stderr while files are read (issue 6: a well-kept
// library, github.com/schollz/progressbar).
type progress struct {
	bar *progressbar.ProgressBar
	w   io.Writer
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
	return &progress{w: stderr, bar: progressbar.NewOptions(n,
		progressbar.OptionSetWriter(stderr),
		progressbar.OptionSetDescription("embedmeta"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("files"),
		progressbar.OptionThrottle(100_000_000),
		progressbar.OptionClearOnFinish(),
	)}
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// SetTotal sets the number of files once it is known.
func (p *progress) SetTotal(n int) { p.bar.ChangeMax(n) }

// Add counts n more files read.
func (p *progress) Add(n int) { _ = p.bar.Add(n) }

// Finish completes the bar and clears its line.
func (p *progress) Finish() {
	_ = p.bar.Finish()
	fmt.Fprintln(p.w)
}
