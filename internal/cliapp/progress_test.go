package cliapp

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

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
