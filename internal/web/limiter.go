package web

import (
	"sync"
	"time"
)

// limiter is a set of token buckets keyed by client address or account, to
// slow down password guessing. It lives in memory: with several replicas
// each enforces its own limit, which still bounds guessing to a small
// multiple of the rate.
type limiter struct {
	mu      sync.Mutex
	now     func() time.Time
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newLimiter(now func() time.Time) *limiter {
	return &limiter{now: now, buckets: map[string]*bucket{}}
}

// allow takes one token from key's bucket, which holds burst tokens and
// refills one every per. It reports whether a token was there and, if not,
// how long until one is.
func (l *limiter) allow(key string, burst int, per time.Duration) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if now.Sub(l.swept) > 10*time.Minute {
		for k, b := range l.buckets {
			if now.Sub(b.last) > time.Hour {
				delete(l.buckets, k)
			}
		}
		l.swept = now
	}
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{tokens: float64(burst), last: now}
		l.buckets[key] = b
	}
	b.tokens += now.Sub(b.last).Seconds() / per.Seconds()
	if b.tokens > float64(burst) {
		b.tokens = float64(burst)
	}
	b.last = now
	if b.tokens < 1 {
		return false, time.Duration((1 - b.tokens) * float64(per))
	}
	b.tokens--
	return true, 0
}
