package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"time"
)

// Retry is a Store that retries operations failing with ErrUnavailable
// (timeouts, refused connections, server errors) with exponential backoff
// and full jitter, until MaxElapsed has passed or the context ends. A Put
// is retried only when its reader can be rewound (io.Seeker); callers that
// need retried uploads hand it a file or a bytes.Reader.
type Retry struct {
	Store
	Base       time.Duration // first wait; default 200ms
	Max        time.Duration // longest wait; default 30s
	MaxElapsed time.Duration // give up after; default 10 minutes
	// OnRetry is told of each failed attempt before the wait.
	OnRetry func(op, key string, attempt int, err error)
}

func (r *Retry) do(ctx context.Context, op, key string, fn func() error) error {
	base, max, total := r.Base, r.Max, r.MaxElapsed
	if base <= 0 {
		base = 200 * time.Millisecond
	}
	if max <= 0 {
		max = 30 * time.Second
	}
	if total <= 0 {
		total = 10 * time.Minute
	}
	start := time.Now()
	for attempt := 1; ; attempt++ {
		err := fn()
		if err == nil || !errors.Is(err, ErrUnavailable) || ctx.Err() != nil {
			return err
		}
		if time.Since(start) > total {
			return fmt.Errorf("gave up after %d attempts over %s: %w", attempt, time.Since(start).Round(time.Second), err)
		}
		if r.OnRetry != nil {
			r.OnRetry(op, key, attempt, err)
		}
		wait := base << min(attempt-1, 20)
		if wait > max || wait <= 0 {
			wait = max
		}
		wait = time.Duration(rand.Int64N(int64(wait)) + 1) // full jitter
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
	}
}

// Put implements Store.
func (r *Retry) Put(ctx context.Context, key string, body io.Reader) (ObjectInfo, error) {
	var info ObjectInfo
	seeker, canRewind := body.(io.Seeker)
	var start int64
	if canRewind {
		var err error
		if start, err = seeker.Seek(0, io.SeekCurrent); err != nil {
			canRewind = false
		}
	}
	first := true
	err := r.do(ctx, "put", key, func() error {
		if !first {
			if !canRewind {
				return fmt.Errorf("put %s: the upload cannot be repeated from a stream", key)
			}
			if _, err := seeker.Seek(start, io.SeekStart); err != nil {
				return err
			}
		}
		first = false
		var err error
		info, err = r.Store.Put(ctx, key, body)
		return err
	})
	return info, err
}

// Get implements Store (the open is retried; a failure while reading is
// the reader's).
func (r *Retry) Get(ctx context.Context, key string) (io.ReadCloser, ObjectInfo, error) {
	var rc io.ReadCloser
	var info ObjectInfo
	err := r.do(ctx, "get", key, func() error {
		var err error
		rc, info, err = r.Store.Get(ctx, key)
		return err
	})
	return rc, info, err
}

// Stat implements Store.
func (r *Retry) Stat(ctx context.Context, key string) (ObjectInfo, error) {
	var info ObjectInfo
	err := r.do(ctx, "stat", key, func() error {
		var err error
		info, err = r.Store.Stat(ctx, key)
		return err
	})
	return info, err
}

// Delete implements Store.
func (r *Retry) Delete(ctx context.Context, key string) error {
	return r.do(ctx, "delete", key, func() error { return r.Store.Delete(ctx, key) })
}

// SetRetention implements Locker when the wrapped store does.
func (r *Retry) SetRetention(ctx context.Context, key, versionID string, mode RetentionMode, until time.Time) error {
	l, ok := r.Store.(Locker)
	if !ok {
		return ErrLockUnsupported
	}
	return r.do(ctx, "retention", key, func() error { return l.SetRetention(ctx, key, versionID, mode, until) })
}

// SetLegalHold implements Locker when the wrapped store does.
func (r *Retry) SetLegalHold(ctx context.Context, key, versionID string, on bool) error {
	l, ok := r.Store.(Locker)
	if !ok {
		return ErrLockUnsupported
	}
	return r.do(ctx, "hold", key, func() error { return l.SetLegalHold(ctx, key, versionID, on) })
}

// LegalHold implements Locker when the wrapped store does.
func (r *Retry) LegalHold(ctx context.Context, key, versionID string) (bool, error) {
	l, ok := r.Store.(Locker)
	if !ok {
		return false, ErrLockUnsupported
	}
	var on bool
	err := r.do(ctx, "hold", key, func() error {
		var err error
		on, err = l.LegalHold(ctx, key, versionID)
		return err
	})
	return on, err
}
