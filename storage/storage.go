// Package storage defines where Chartroom keeps its objects: page images,
// document PDFs and batch manifests. Implementations live in sub-packages
// (fsstore: the embedded filesystem default; an S3 store for deployments)
// and all pass the same conformance suite in storetest.
package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"time"
)

// ErrNotFound is returned (wrapped) by Get, Stat and Delete when no object
// has the key. Callers check it with errors.Is.
var ErrNotFound = errors.New("object not found")

// ErrInvalidKey is returned for keys that could escape the store or are
// not portable across backends.
var ErrInvalidKey = errors.New("invalid object key")

// ErrLocked is returned (wrapped) when an object cannot be deleted or
// replaced because it is under retention or a legal hold.
var ErrLocked = errors.New("object is under retention or legal hold")

// ErrLockUnsupported is returned by stores, or store configurations,
// without Object Lock when asked for a retention period or legal hold.
var ErrLockUnsupported = errors.New("this object store does not support retention or legal holds (S3 Object Lock)")

// ErrIntegrity is returned (wrapped) when an object read back is not what
// Chartroom wrote: its SHA-256, size or version differs from the record.
var ErrIntegrity = errors.New("object does not match what was written")

// ErrNotRecorded is returned (wrapped) by a Ledger for keys it never saw.
var ErrNotRecorded = errors.New("object not recorded")

// ErrUnavailable marks errors that may pass: timeouts, refused
// connections, server errors. Stores wrap such errors with it so callers
// (Retry) know a later attempt may succeed.
var ErrUnavailable = errors.New("object store unavailable")

// ObjectInfo describes one stored object.
type ObjectInfo struct {
	Key       string
	Size      int64
	SHA256    string // hex; always set by Put, set by Stat/List when the backend knows it
	VersionID string // the backend's version id, "" where there are no versions
	Modified  time.Time
}

// Store is an object store. Keys are slash-separated relative paths such as
// "documents/d_01H.../v1.pdf". Put is atomic: a reader never sees a
// half-written object, and a failed Put leaves any previous object intact.
type Store interface {
	// Put stores everything r yields under key, computing its SHA-256 while
	// streaming, and returns what was written.
	Put(ctx context.Context, key string, r io.Reader) (ObjectInfo, error)
	// Get opens the object for reading. The caller closes it.
	Get(ctx context.Context, key string) (io.ReadCloser, ObjectInfo, error)
	Stat(ctx context.Context, key string) (ObjectInfo, error)
	// List calls fn for every object whose key starts with prefix, in key
	// order. It stops at fn's first error and returns it.
	List(ctx context.Context, prefix string, fn func(ObjectInfo) error) error
	Delete(ctx context.Context, key string) error
}

// RetentionMode is the S3 Object Lock mode of a retention period.
type RetentionMode string

const (
	// Governance: privileged users can shorten or lift the retention.
	Governance RetentionMode = "GOVERNANCE"
	// Compliance: nobody can shorten or lift it until it expires.
	Compliance RetentionMode = "COMPLIANCE"
)

// Locker is the optional capability of stores that can keep an object
// version from being deleted or overwritten (S3 Object Lock). Find it by
// type assertion; a store may implement it and still return
// ErrLockUnsupported when its configuration has locking off.
type Locker interface {
	// SetRetention keeps the version until the given time.
	SetRetention(ctx context.Context, key, versionID string, mode RetentionMode, until time.Time) error
	// SetLegalHold puts (on) or lifts a legal hold on the version.
	SetLegalHold(ctx context.Context, key, versionID string, on bool) error
	// LegalHold reports whether the version is under a legal hold.
	LegalHold(ctx context.Context, key, versionID string) (bool, error)
}

// CheckKey reports whether key is a clean, relative, slash-separated key.
func CheckKey(key string) error {
	switch {
	case key == "", strings.HasPrefix(key, "/"), strings.Contains(key, "\\"),
		path.Clean(key) != key, key == "..", strings.HasPrefix(key, "../"),
		strings.ContainsRune(key, 0):
		return fmt.Errorf("%w: %q", ErrInvalidKey, key)
	}
	for _, part := range strings.Split(key, "/") {
		if strings.HasPrefix(part, ".tmp-") {
			// Reserved for in-progress writes of the filesystem store.
			return fmt.Errorf("%w: %q", ErrInvalidKey, key)
		}
	}
	return nil
}

// Keys used by the pipeline. One place, so the layout shows the model.
func PageKey(batchID, pageID, ext string) string {
	return "pages/" + batchID + "/" + pageID + "." + ext
}

// DocumentKey is the key of version v of a document's PDF.
func DocumentKey(docID string, version int) string {
	return fmt.Sprintf("documents/%s/v%d.pdf", docID, version)
}

// ManifestKey is the key of a batch's manifest (what arrived).
func ManifestKey(batchID string) string { return "batches/" + batchID + "/manifest.json" }
