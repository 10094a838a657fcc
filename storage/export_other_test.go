//go:build !linux

package storage

import "testing"

// ForceTempFallback does nothing here: without Linux's O_TMPFILE every save
// takes the fallback (a named hidden temp file) anyway.
func ForceTempFallback(testing.TB) {}

// TmpfileWorks is false: O_TMPFILE is used on Linux only.
func TmpfileWorks(string) bool { return false }
