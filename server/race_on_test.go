//go:build race

package server_test

// raceEnabled is true under the race detector, which slows the programs
// about tenfold on this 2-core machine.
const raceEnabled = true
