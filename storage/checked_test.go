package storage_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chartroom/chartroom/storage"
	"github.com/chartroom/chartroom/storage/fsstore"
)

type memLedger struct {
	mu sync.Mutex
	m  map[string]storage.ObjectInfo
}

func (l *memLedger) Record(ctx context.Context, o storage.ObjectInfo) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.m[o.Key] = o
	return nil
}

func (l *memLedger) Recorded(ctx context.Context, key string) (storage.ObjectInfo, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	o, ok := l.m[key]
	if !ok {
		return o, fmt.Errorf("%s: %w", key, storage.ErrNotRecorded)
	}
	return o, nil
}

func TestCheckedDetectsChangesBehindItsBack(t *testing.T) {
	dir := t.TempDir()
	fs, _ := fsstore.New(dir)
	var mismatches []string
	c := &storage.Checked{Store: fs, Ledger: &memLedger{m: map[string]storage.ObjectInfo{}},
		OnMismatch: func(key string, err error) { mismatches = append(mismatches, key) }}
	ctx := context.Background()
	read := func(key string) ([]byte, error) {
		rc, _, err := c.Get(ctx, key)
		if err != nil {
			return nil, err
		}
		defer rc.Close()
		return io.ReadAll(rc)
	}
	for _, tc := range []struct {
		name   string
		tamper func(path string)
		ok     bool
	}{
		{"untouched", func(string) {}, true},
		{"same size, other bytes", func(p string) { os.WriteFile(p, []byte("%PDF-1.7 tampered!"), 0o600) }, false},
		{"truncated", func(p string) { os.WriteFile(p, []byte("%PDF"), 0o600) }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			key := "documents/" + strings.ReplaceAll(tc.name, " ", "-") + "/v1.pdf"
			if _, err := c.Put(ctx, key, strings.NewReader("%PDF-1.7 original!")); err != nil {
				t.Fatal(err)
			}
			tc.tamper(filepath.Join(dir, filepath.FromSlash(key)))
			got, err := read(key)
			if tc.ok {
				if err != nil || string(got) != "%PDF-1.7 original!" {
					t.Fatalf("read = %q, %v", got, err)
				}
				if err := storage.Verify(ctx, fs, mustRecorded(t, c, key)); err != nil {
					t.Fatalf("Verify = %v", err)
				}
				return
			}
			if !errors.Is(err, storage.ErrIntegrity) {
				t.Fatalf("read of a tampered object: %q, %v; want ErrIntegrity", got, err)
			}
			if len(mismatches) == 0 || mismatches[len(mismatches)-1] != key {
				t.Fatalf("mismatch not reported: %v", mismatches)
			}
			if err := storage.Verify(ctx, fs, mustRecorded(t, c, key)); !errors.Is(err, storage.ErrIntegrity) {
				t.Fatalf("Verify = %v, want ErrIntegrity", err)
			}
		})
	}
	if _, _, err := c.Get(ctx, "never/written"); !errors.Is(err, storage.ErrNotRecorded) {
		t.Fatalf("unrecorded key: %v", err)
	}
	if err := c.SetLegalHold(ctx, "k", "", true); !errors.Is(err, storage.ErrLockUnsupported) {
		t.Fatalf("hold on the filesystem store: %v", err)
	}
}

func mustRecorded(t *testing.T, c *storage.Checked, key string) storage.ObjectInfo {
	t.Helper()
	o, err := c.Ledger.Recorded(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// flaky fails the first n calls with ErrUnavailable.
type flaky struct {
	storage.Store
	n     int
	calls int
}

func (f *flaky) Put(ctx context.Context, key string, r io.Reader) (storage.ObjectInfo, error) {
	f.calls++
	if f.calls <= f.n {
		io.CopyN(io.Discard, r, 3) // a partial upload before the failure
		return storage.ObjectInfo{}, fmt.Errorf("connection refused: %w", storage.ErrUnavailable)
	}
	return f.Store.Put(ctx, key, r)
}

func TestRetryRewindsAndGivesUp(t *testing.T) {
	fs, _ := fsstore.New(t.TempDir())
	ctx := context.Background()
	for _, tc := range []struct {
		name     string
		failures int
		body     io.Reader
		wantErr  bool
	}{
		{"passes after transient failures", 3, bytes.NewReader([]byte("page image")), false},
		{"a stream cannot be repeated", 1, io.MultiReader(strings.NewReader("page image")), true},
		{"gives up eventually", 1000, bytes.NewReader([]byte("page image")), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &flaky{Store: fs, n: tc.failures}
			r := &storage.Retry{Store: f, Base: time.Millisecond, Max: 5 * time.Millisecond, MaxElapsed: 200 * time.Millisecond}
			info, err := r.Put(ctx, "pages/b/p.png", tc.body)
			if (err != nil) != tc.wantErr {
				t.Fatalf("Put = %+v, %v", info, err)
			}
			if !tc.wantErr {
				rc, _, _ := fs.Get(ctx, "pages/b/p.png")
				b, _ := io.ReadAll(rc)
				rc.Close()
				if string(b) != "page image" || f.calls != tc.failures+1 {
					t.Fatalf("stored %q after %d calls", b, f.calls)
				}
			}
		})
	}
}
