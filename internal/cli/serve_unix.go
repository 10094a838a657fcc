//go:build unix

package cli

import (
	"syscall"

	"charm.land/log/v2"
)

// fileReserve is what the server keeps of its open-file limit for itself
// (the log, the store, the listener, the host key) besides connections.
const fileReserve = 64

// fitFileLimit raises the process's open-file limit to its hard limit and
// returns how many connections fit under it: near the limit, silent
// sockets would otherwise make accepting fail for everyone.
func fitFileLimit(maxConns int, logger *log.Logger) int {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		return maxConns
	}
	if rl.Cur < rl.Max {
		raised := rl
		raised.Cur = rl.Max
		if syscall.Setrlimit(syscall.RLIMIT_NOFILE, &raised) == nil {
			rl = raised
		}
	}
	if fit := int(rl.Cur) - fileReserve; fit < maxConns {
		fit = max(fit, 1)
		logger.Warn("open-file limit too low for --max-connections: lowered", "max_connections", fit,
			"nofile", rl.Cur)
		return fit
	}
	return maxConns
}
