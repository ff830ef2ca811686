package main

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/chartroom/chartroom/catalog"
	"github.com/chartroom/chartroom/chart"
	"github.com/chartroom/chartroom/filing"
)

// liveMatcher is the patient matcher over an in-memory MPI index that is
// rebuilt when the catalog's MPI changes (a `patients import` while serve
// runs). Matching never waits for a rebuild: the old index serves until the
// new one is ready.
type liveMatcher struct {
	catalog *catalog.Catalog
	policy  filing.Policy // the matching limits

	log *slog.Logger

	mu      sync.RWMutex
	m       filing.MPIMatcher
	version string
	checked time.Time
}

var _ filing.Matcher = (*liveMatcher)(nil)

func newLiveMatcher(ctx context.Context, c *catalog.Catalog, policy filing.Policy, log *slog.Logger) (*liveMatcher, error) {
	l := &liveMatcher{catalog: c, policy: policy, log: log}
	if err := l.refresh(ctx); err != nil {
		return nil, err
	}
	return l, nil
}

// refresh rebuilds the index if the MPI changed since it was built.
func (l *liveMatcher) refresh(ctx context.Context) error {
	v, err := l.catalog.MPIVersion(ctx)
	if err != nil {
		return err
	}
	l.mu.RLock()
	same := v == l.version
	l.mu.RUnlock()
	if same {
		return nil
	}
	start := time.Now()
	ix, err := filing.NewMPIIndex(func(fn func(chart.Patient) error) error { return l.catalog.Patients(ctx, fn) })
	if err != nil {
		return fmt.Errorf("build MPI index: %w", err)
	}
	// The policy's limits: probabilistic matches without a known MRN stay
	// below the auto-file threshold, so such documents are reviewed.
	m := l.policy.Matcher(ix)
	l.mu.Lock()
	l.m, l.version = m, v
	l.mu.Unlock()
	l.log.Info("MPI index built", "patients", ix.Len(), "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// Match implements filing.Matcher, checking at most once a minute whether
// the MPI changed.
func (l *liveMatcher) Match(ctx context.Context, pages []chart.Page) (filing.Match, error) {
	l.mu.Lock()
	stale := time.Since(l.checked) > time.Minute
	if stale {
		l.checked = time.Now()
	}
	l.mu.Unlock()
	if stale {
		if err := l.refresh(ctx); err != nil {
			l.log.Warn("MPI index not refreshed; matching on the previous one", "err", err)
		}
	}
	l.mu.RLock()
	m := l.m
	l.mu.RUnlock()
	return m.Match(ctx, pages)
}

// MatchIdentifiers implements filing.IdentifierMatcher.
func (l *liveMatcher) MatchIdentifiers(ids []filing.Found) filing.Match {
	l.mu.RLock()
	m := l.m
	l.mu.RUnlock()
	return m.MatchIdentifiers(ids)
}

var _ filing.IdentifierMatcher = (*liveMatcher)(nil)
