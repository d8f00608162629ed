package httpapi

import (
	"sync"
	"time"
)

// rateLimiter is a token bucket per account: burst equal to the rate, refilled
// continuously. It is per process; replicas each allow the rate.
type rateLimiter struct {
	mu      sync.Mutex
	rate    float64
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func (s *Server) limiterFor() *rateLimiter {
	s.limiterOnce.Do(func() {
		s.limiter = &rateLimiter{rate: s.RateLimit, buckets: map[string]*bucket{}}
	})
	return s.limiter
}

func (l *rateLimiter) allow(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{tokens: l.rate, last: now}
		l.buckets[key] = b
	}
	b.tokens = min(l.rate, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}
