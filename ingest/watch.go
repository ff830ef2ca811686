package ingest

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/chartroom/chartroom/ingest/pagefile"
	"github.com/fsnotify/fsnotify"
)

// Watcher finds complete batches in an inbox. Each folder directly in the
// inbox is a batch, and so is each page file lying directly in it (a
// multi-page TIFF or PDF). A batch is complete when a marker appears (READY
// or .done inside a folder; name.done or name.ready beside a file), or when
// nothing in it has changed for Quiet and every file opens as a page file.
//
// fsnotify makes new batches show up at once; Poll rescans the inbox for
// shares where inotify does not fire (SMB, NFS). Completion is always
// judged from the files themselves (names, sizes, times), never from events
// alone, so a missed event delays a batch but never hands over a half-written
// one.
type Watcher struct {
	Inbox string
	Quiet time.Duration // default 5s
	Poll  time.Duration // inbox rescan interval; default 10s
	// Stale is how long a batch that still does not open may sit unchanged
	// before it is handed over anyway, to fail with its reason rather than
	// wait forever. Default 2 minutes.
	Stale  time.Duration
	Limits pagefile.Limits
	// PollOnly skips fsnotify, for shares where it is known not to work
	// (and for testing the polling path).
	PollOnly bool
	// Busy reports batches already being processed.
	Busy   func(path string) bool
	Logger *slog.Logger
}

type candidate struct {
	sig        string
	lastChange time.Time
	handed     bool
	// unreadable: the files were opened (headers read) at this signature
	// and one did not open; they are not opened again until something
	// changes or the batch goes stale.
	unreadable bool
}

// Run sends the path of each complete batch to ready until ctx is done.
func (w *Watcher) Run(ctx context.Context, ready chan<- string) error {
	quiet, poll, stale := w.Quiet, w.Poll, w.Stale
	if quiet <= 0 {
		quiet = 5 * time.Second
	}
	if poll <= 0 {
		poll = 10 * time.Second
	}
	if stale <= 0 {
		stale = 2 * time.Minute
	}
	log := w.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if err := os.MkdirAll(w.Inbox, 0o750); err != nil {
		return fmt.Errorf("inbox: %w", err)
	}
	var events chan fsnotify.Event
	var errs chan error
	fw, err := fsnotify.NewWatcher()
	if w.PollOnly && err == nil {
		fw.Close()
		fw, err = nil, errors.New("polling only")
	}
	if err != nil {
		log.Info("not using change notification; polling the inbox", "every", poll, "reason", err)
	} else {
		defer fw.Close()
		events, errs = fw.Events, fw.Errors
		w.watchTree(fw, w.Inbox, log)
	}
	cands := map[string]*candidate{}
	scan := func() {
		entries, err := os.ReadDir(w.Inbox)
		if err != nil {
			log.Error("read inbox", "err", err)
			return
		}
		seen := map[string]bool{}
		for _, e := range entries {
			name := e.Name()
			if !isBatchName(name) {
				continue
			}
			seen[name] = true
			if _, ok := cands[name]; !ok {
				cands[name] = &candidate{lastChange: time.Now()}
			}
		}
		for name := range cands {
			if !seen[name] {
				delete(cands, name)
			}
		}
	}
	scan()
	tick := quiet / 5
	if tick > time.Second {
		tick = time.Second
	}
	check := time.NewTicker(tick)
	defer check.Stop()
	rescan := time.NewTicker(poll)
	defer rescan.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-errs:
			log.Warn("fsnotify", "err", err)
		case ev := <-events:
			rel, err := filepath.Rel(w.Inbox, ev.Name)
			if err != nil || rel == "." {
				continue
			}
			if ev.Op&fsnotify.Create != 0 {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					w.watchTree(fw, ev.Name, log)
				}
			}
			top := strings.SplitN(filepath.ToSlash(rel), "/", 2)[0]
			if batch, ok := markerTarget(top); ok && !strings.Contains(filepath.ToSlash(rel), "/") {
				top = batch
			}
			if !isBatchName(top) {
				continue
			}
			c, ok := cands[top]
			if !ok {
				c = &candidate{}
				cands[top] = c
			}
			c.lastChange = time.Now()
		case <-rescan.C:
			scan()
		case <-check.C:
			now := time.Now()
			for name, c := range cands {
				path := filepath.Join(w.Inbox, name)
				if w.Busy != nil && w.Busy(path) {
					continue
				}
				sig, err := Signature(path)
				if err != nil {
					delete(cands, name) // gone (moved to archive, or removed by the operator)
					continue
				}
				if sig != c.sig {
					c.sig, c.lastChange, c.handed, c.unreadable = sig, now, false, false
					continue
				}
				if c.handed {
					continue
				}
				isReady := HasMarker(path) || now.Sub(c.lastChange) >= stale
				if !isReady && now.Sub(c.lastChange) >= quiet && !c.unreadable {
					isReady = Check(path, w.Limits) == nil
					c.unreadable = !isReady
				}
				if !isReady {
					continue
				}
				c.handed = true
				select {
				case ready <- path:
				case <-ctx.Done():
					return nil
				}
			}
		}
	}
}

func (w *Watcher) watchTree(fw *fsnotify.Watcher, root string, log *slog.Logger) {
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			if err := fw.Add(p); err != nil {
				// The error names the folder, and batch folders are often
				// named after patients: log the cause only. Polling still
				// finds the batch.
				var pe *fs.PathError
				if errors.As(err, &pe) {
					err = pe.Err
				}
				log.Warn("cannot watch a batch folder for changes; polling covers it", "err", err)
			}
		}
		return nil
	})
}

// isBatchName reports whether a top-level inbox entry can be a batch.
func isBatchName(name string) bool {
	if strings.HasPrefix(name, ".") || isIgnored(name) || IsPartial(name) || IsMarker(name) {
		return false
	}
	_, isMarker := markerTarget(name)
	return !isMarker
}

// markerTarget recognises "x.tif.done" / "x.tif.ready" beside a batch file.
func markerTarget(name string) (string, bool) {
	l := strings.ToLower(name)
	for _, suf := range []string{".done", ".ready"} {
		if strings.HasSuffix(l, suf) && len(name) > len(suf) {
			return name[:len(name)-len(suf)], true
		}
	}
	return "", false
}

// HasMarker reports whether a batch (folder or file) carries a completion marker.
func HasMarker(path string) bool {
	fi, err := os.Stat(path)
	if err != nil {
		return false
	}
	if !fi.IsDir() {
		for _, suf := range []string{".done", ".ready", ".DONE", ".READY"} {
			if exists(path + suf) {
				return true
			}
		}
		return false
	}
	for _, m := range Markers {
		if exists(filepath.Join(path, m)) {
			return true
		}
	}
	return false
}

// Signature summarises a batch's files (names, sizes, modification times)
// so a change anywhere is noticed without reading contents.
func Signature(path string) (string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	if !fi.IsDir() {
		fmt.Fprintf(h, "%d %d", fi.Size(), fi.ModTime().UnixNano())
		return fmt.Sprintf("%x", h.Sum(nil)), nil
	}
	var lines []string
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		lines = append(lines, fmt.Sprintf("%s %d %d", p, info.Size(), info.ModTime().UnixNano()))
		return nil
	})
	if err != nil {
		return "", err
	}
	sort.Strings(lines)
	for _, l := range lines {
		fmt.Fprintln(h, l)
	}
	return fmt.Sprintf("%x", h.Sum(nil)), nil
}

// Check opens every page file of a batch (headers only) and returns the
// first problem: used to tell a complete batch from one still being
// written, and to give a failed batch its reason.
func Check(path string, lim pagefile.Limits) error {
	names, err := PageFiles(path)
	if err != nil {
		return err
	}
	for _, n := range names {
		if IsPartial(filepath.Base(n)) {
			return fmt.Errorf("%s is still being written", n)
		}
		f, err := pagefile.Open(FilePath(path, n), lim)
		if err != nil {
			return err
		}
		f.Close()
	}
	return nil
}
