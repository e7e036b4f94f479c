//go:build !race

package embedmeta_test

// raceSlowdown scales time guards under the race detector, which slows code 5–20×.
const raceSlowdown = 1
