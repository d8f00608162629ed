package callbacks

import (
	"math"
	"time"
)

// MaxAttempts is the number of delivery attempts in all: the first one and
// up to nine retries, as the reference does.
const MaxAttempts = 10

// schedule[i] is the wait before attempt i+2. Its length is tied to
// MaxAttempts by its type, so the two cannot drift apart.
var schedule = [MaxAttempts - 1]time.Duration{
	1 * time.Minute,
	10 * time.Minute,
	30 * time.Minute,
	1 * time.Hour,
	3 * time.Hour,
	6 * time.Hour,
	12 * time.Hour,
	24 * time.Hour,
	48 * time.Hour,
}

// Schedule returns the reference retry schedule: element i is the wait after
// failed attempt i+1. It returns a copy, so callers cannot change the
// schedule of everybody else.
func Schedule() []time.Duration {
	s := schedule
	return s[:]
}

// NextDelay says how long to wait after attempt failed attempts before the
// next one, multiplied by scale (tests and demos use e.g. 0.001 to run the
// whole schedule in seconds). It returns false once MaxAttempts attempts
// have been made: the callback is then given up. attempt 0 (nothing tried
// yet) means "now".
//
// A scale that is zero, negative or NaN, as an unset configuration field
// would be, means the real schedule: never a tight retry loop against a
// failing receiver.
func NextDelay(attempt int, scale float64) (time.Duration, bool) {
	if attempt >= MaxAttempts {
		return 0, false
	}
	if attempt < 1 {
		return 0, true
	}
	return scaled(schedule[attempt-1], scale), true
}

// scaled multiplies d by scale, saturating instead of overflowing.
func scaled(d time.Duration, scale float64) time.Duration {
	if math.IsNaN(scale) || scale <= 0 {
		scale = 1
	}
	f := float64(d) * scale
	if f >= math.MaxInt64 {
		return time.Duration(math.MaxInt64)
	}
	return time.Duration(f)
}
