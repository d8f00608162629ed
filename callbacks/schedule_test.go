package callbacks_test

import (
	"math"
	"testing"
	"time"

	"github.com/didstock/didstock/callbacks"
)

func TestNextDelay(t *testing.T) {
	tests := []struct {
		attempt int
		scale   float64
		want    time.Duration
		more    bool
	}{
		{0, 1, 0, true}, // nothing tried yet: go now
		{1, 1, time.Minute, true},
		{2, 1, 10 * time.Minute, true},
		{3, 1, 30 * time.Minute, true},
		{4, 1, time.Hour, true},
		{5, 1, 3 * time.Hour, true},
		{6, 1, 6 * time.Hour, true},
		{7, 1, 12 * time.Hour, true},
		{8, 1, 24 * time.Hour, true},
		{9, 1, 48 * time.Hour, true},
		{10, 1, 0, false}, // ten attempts made: give up
		{11, 1, 0, false},
		{1, 0.001, 60 * time.Millisecond, true},
		{9, 0.001, 48 * 3600 * time.Millisecond, true},
		{2, 2, 20 * time.Minute, true},
		{1, 0, time.Minute, true}, // unset scale: real schedule
		{1, -1, time.Minute, true},
		{1, math.NaN(), time.Minute, true},
		{9, math.Inf(1), time.Duration(math.MaxInt64), true}, // saturates
	}
	for _, tt := range tests {
		got, more := callbacks.NextDelay(tt.attempt, tt.scale)
		if got != tt.want || more != tt.more {
			t.Errorf("NextDelay(%d, %v) = %v, %v; want %v, %v", tt.attempt, tt.scale, got, more, tt.want, tt.more)
		}
	}
}

func TestScheduleMatchesMaxAttempts(t *testing.T) {
	s := callbacks.Schedule()
	if callbacks.MaxAttempts != 10 || len(s) != callbacks.MaxAttempts-1 {
		t.Fatalf("MaxAttempts = %d, %d retries; want 10 attempts, 9 retries", callbacks.MaxAttempts, len(s))
	}
	s[0] = 0 // a copy: must not change the package's schedule
	if d, _ := callbacks.NextDelay(1, 1); d != time.Minute {
		t.Fatalf("Schedule() exposes the package's schedule: NextDelay(1) = %v", d)
	}
}
