package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestProgressBarDraws: the bar shows the count, the percentage and the rate, redraws over
// its own line, always draws the last file, and clears its line at the end.
func TestProgressBarDraws(t *testing.T) {
	var out bytes.Buffer
	p := newProgress(&config{progress: "always"}, 3, &out)
	require.NotNil(t, p)
	for range 3 {
		p.Add(1)
	}
	s := out.String()
	assert.Contains(t, s, "embedmeta  33% [======>")
	assert.Contains(t, s, "3/3")
	assert.Contains(t, s, "100% [====================]")
	assert.Contains(t, s, "files/s")
	assert.True(t, strings.HasPrefix(s, "\r"), "each line is drawn over the last")
	before := out.Len()
	p.Finish()
	cleared := out.String()[before:]
	assert.Equal(t, "\r"+strings.Repeat(" ", p.width)+"\r", cleared)
}

func TestIsTerminal(t *testing.T) {
	assert.False(t, isTerminal(&bytes.Buffer{}))
	f, err := os.Create(filepath.Join(t.TempDir(), "log"))
	require.NoError(t, err)
	defer f.Close()
	assert.False(t, isTerminal(f), "a regular file")
	assert.Nil(t, newProgress(&config{progress: "auto"}, 100, f))
	assert.Nil(t, newProgress(&config{progress: "never"}, 100, os.Stderr))
}
