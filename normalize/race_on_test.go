//go:build race

package normalize

// raceEnabled reports a build with the race detector, under which sync.Pool drops items at
// random: allocation counts then say nothing about reuse.
const raceEnabled = true
