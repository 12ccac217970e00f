//go:build race

package filestore_test

// raceEnabled reports a -race build, whose children start and run several times slower.
const raceEnabled = true
