//go:build !unix

package cli

import "charm.land/log/v2"

// fitFileLimit is a no-op where there is no RLIMIT_NOFILE.
func fitFileLimit(maxConns int, _ *log.Logger) int { return maxConns }
