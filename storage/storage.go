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

// ObjectInfo describes one stored object.
type ObjectInfo struct {
	Key      string
	Size     int64
	SHA256   string // hex; always set by Put, set by Stat/List when the backend knows it
	Modified time.Time
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
