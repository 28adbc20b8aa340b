//go:build unix

package screen_test

import (
	"syscall"
	"time"
)

// cpuTime is the processor time the process has used, user and system:
// on a machine shared with other work, throughput varies with the load,
// while the processor time a check costs varies much less.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
