package cliapp

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestProgressBarDraws: the bar shows the description and the count of files.
func TestProgressBarDraws(t *testing.T) {
	var out bytes.Buffer
	p := newProgress(&config{progress: "always"}, 3, &out)
	require.NotNil(t, p)
	for range 3 {
		p.Add(1)
	}
	p.Finish()
	s := out.String()
	assert.Contains(t, s, "embedmeta")
	assert.Contains(t, s, "1/3") // later redraws are throttled (100 ms)
	assert.Contains(t, s, "files/s")
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

// TestProgressBarUnknownTotal: while a walk goes on the bar counts without a total, and
// takes the total once it is known; under "auto" a bar for an unknown number of files
// waits for progressMin of them (and a terminal).
func TestProgressBarUnknownTotal(t *testing.T) {
	var out bytes.Buffer
	p := newProgress(&config{progress: "always"}, -1, &out)
	require.NotNil(t, p)
	p.Add(1)
	assert.Contains(t, out.String(), "1/-")
	p.SetTotal(2)
	p.Add(1)
	p.Finish()
	assert.Nil(t, newProgress(&config{progress: "auto"}, -1, &out))
	assert.Nil(t, laterProgress(&config{progress: "auto"}, progressMin, &out), "not a terminal")
	assert.Nil(t, laterProgress(&config{progress: "never"}, progressMin, os.Stderr))
}

// TestProgressBarLine: the line the bar draws, its throttling and how Finish clears it.
func TestProgressBarLine(t *testing.T) {
	var out bytes.Buffer
	p := startProgress(3, &out)
	p.Add(1)
	line := out.String()
	assert.Regexp(t, `^\rembedmeta  33% \|█{13} {27}\| \(1/3, [0-9.]+ files/s\) \[0s:[0-9]+s\]$`, line)
	p.Add(1) // within progressEvery of the first draw: not drawn
	assert.Equal(t, line, out.String())
	p.drawn = p.drawn.Add(-progressEvery)
	p.Add(1)
	assert.Contains(t, out.String(), "100% |"+strings.Repeat("█", progressWidth)+"| (3/3,")
	out.Reset()
	p.Finish()
	assert.Equal(t, "\r"+strings.Repeat(" ", p.widest)+"\r\n", out.String())

	out.Reset()
	p = startProgress(-1, &out)
	p.Add(20)
	assert.Regexp(t, `^\r\| embedmeta \(20/-, [0-9.]+ files/s\) \[0s\]$`, out.String())
	p.SetTotal(40)
	p.drawn = time.Time{}
	p.Add(0)
	assert.Contains(t, out.String(), "\rembedmeta  50% |")
}
