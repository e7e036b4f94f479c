package cliapp

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/term"
)

// TestTerminalAsXTerm: terminal answers as golang.org/x/term's IsTerminal for a pseudo
// terminal (the master of /dev/ptmx), a regular file and a pipe.
func TestTerminalAsXTerm(t *testing.T) {
	var files []*os.File
	if f, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0); err == nil {
		defer f.Close()
		files = append(files, f)
		assert.True(t, terminal(f.Fd()), "/dev/ptmx")
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "log"))
	require.NoError(t, err)
	defer f.Close()
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	defer w.Close()
	files = append(files, f, r, w)
	for _, f := range files {
		assert.Equal(t, term.IsTerminal(int(f.Fd())), terminal(f.Fd()), f.Name())
	}
}
