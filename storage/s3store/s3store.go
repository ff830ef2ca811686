// Package s3store keeps Chartroom's objects in S3-compatible storage
// (MinIO, AWS S3, Ceph and others) with minio-go. The bucket is created
// with versioning and Object Lock so documents can be retained and put
// under legal hold; every object carries the SHA-256 Chartroom computed
// while uploading, and the server checks a SHA-256 checksum of each upload.
package s3store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/chartroom/chartroom/storage"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	"github.com/minio/minio-go/v7/pkg/encrypt"
)

// Config selects and configures the S3 store.
type Config struct {
	Endpoint  string // host:port
	Bucket    string
	Region    string
	AccessKey string
	SecretKey string
	TLS       bool
	PathStyle bool // path-style requests (MinIO, Ceph); virtual-host style otherwise
	// ObjectLock creates the bucket with versioning and Object Lock, which
	// legal holds and retention need. Turn it off for stores that lack it;
	// holds and retention are then refused with ErrLockUnsupported.
	ObjectLock bool
	// SSE is "" (none), "s3" (SSE-S3, keys managed by the server) or "c"
	// (SSE-C, a 32-byte key read from SSECKeyFile that the server never keeps).
	SSE         string
	SSECKeyFile string
	// PartSize is the multipart upload part size; uploads of unknown
	// length are streamed in parts of this size. Default 16 MiB.
	PartSize uint64
}

// Store is an S3 bucket.
type Store struct {
	c   *minio.Client
	cfg Config
	sse encrypt.ServerSide
}

var (
	_ storage.Store  = (*Store)(nil)
	_ storage.Locker = (*Store)(nil)
)

// metaSHA256 is the user metadata key holding the hex SHA-256 of the object.
const metaSHA256 = "Chartroom-Sha256"

// Open connects, creating the bucket (with versioning and, if configured,
// Object Lock) when it does not exist.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	if cfg.Endpoint == "" || cfg.Bucket == "" {
		return nil, errors.New("s3: endpoint and bucket are required")
	}
	if cfg.PartSize == 0 {
		cfg.PartSize = 16 << 20
	}
	lookup := minio.BucketLookupAuto
	if cfg.PathStyle {
		lookup = minio.BucketLookupPath
	}
	c, err := minio.New(cfg.Endpoint, &minio.Options{
		Creds:        credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure:       cfg.TLS,
		Region:       cfg.Region,
		BucketLookup: lookup,
		MaxRetries:   1, // retries with backoff are the caller's (storage.Retry)
		// Trailing headers carry the SHA-256 checksum of streamed uploads.
		TrailingHeaders: true,
	})
	if err != nil {
		return nil, fmt.Errorf("s3: %w", err)
	}
	s := &Store{c: c, cfg: cfg}
	switch cfg.SSE {
	case "":
	case "s3":
		s.sse = encrypt.NewSSE()
	case "c":
		key, err := os.ReadFile(cfg.SSECKeyFile)
		if err != nil {
			return nil, fmt.Errorf("s3: SSE-C key file: %w", err)
		}
		if s.sse, err = encrypt.NewSSEC([]byte(strings.TrimSpace(string(key)))); err != nil {
			return nil, fmt.Errorf("s3: SSE-C key must be 32 bytes: %w", err)
		}
	default:
		return nil, fmt.Errorf("s3: unknown server-side encryption %q (use s3 or c)", cfg.SSE)
	}
	if err := s.ensureBucket(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Store) ensureBucket(ctx context.Context) error {
	ok, err := s.c.BucketExists(ctx, s.cfg.Bucket)
	if err != nil {
		return fmt.Errorf("s3: bucket %s: %w", s.cfg.Bucket, err)
	}
	if !ok {
		err := s.c.MakeBucket(ctx, s.cfg.Bucket, minio.MakeBucketOptions{Region: s.cfg.Region, ObjectLocking: s.cfg.ObjectLock})
		if err != nil && minio.ToErrorResponse(err).Code != "BucketAlreadyOwnedByYou" {
			return fmt.Errorf("s3: create bucket %s: %w", s.cfg.Bucket, err)
		}
	}
	// Versioning keeps every version Chartroom wrote, so a corrected
	// document never replaces the one it corrects. Object Lock implies it.
	if err := s.c.EnableVersioning(ctx, s.cfg.Bucket); err != nil {
		return fmt.Errorf("s3: enable versioning on %s: %w", s.cfg.Bucket, err)
	}
	return nil
}

// Put implements storage.Store. The object's SHA-256 is computed before
// the upload (from a seekable reader directly, otherwise while spooling to
// a temporary file, so memory stays flat) and stored as object metadata in
// the same request; the upload itself is streamed, multipart for large
// objects, and the server verifies a SHA-256 checksum of what it received.
func (s *Store) Put(ctx context.Context, key string, r io.Reader) (storage.ObjectInfo, error) {
	if err := storage.CheckKey(key); err != nil {
		return storage.ObjectInfo{}, err
	}
	body, size, sum, done, err := hashed(r)
	if err != nil {
		return storage.ObjectInfo{}, fmt.Errorf("put %s: %w", key, err)
	}
	defer done()
	opts := minio.PutObjectOptions{
		ContentType:          contentType(key),
		PartSize:             s.cfg.PartSize,
		ServerSideEncryption: s.sse,
		UserMetadata:         map[string]string{metaSHA256: sum},
		Checksum:             minio.ChecksumSHA256,
	}
	info, err := s.c.PutObject(ctx, s.cfg.Bucket, key, body, size, opts)
	if err != nil {
		return storage.ObjectInfo{}, fmt.Errorf("put %s: %w", key, mapErr(err))
	}
	return storage.ObjectInfo{Key: key, Size: info.Size, SHA256: sum, VersionID: info.VersionID, Modified: info.LastModified}, nil
}

// hashed returns a reader positioned at the start of r's content, its size
// and hex SHA-256. A seekable r is hashed in place; anything else is
// spooled to a temporary file, which done removes.
func hashed(r io.Reader) (io.Reader, int64, string, func(), error) {
	h := sha256.New()
	if rs, ok := r.(io.ReadSeeker); ok {
		start, err := rs.Seek(0, io.SeekCurrent)
		if err != nil {
			return nil, 0, "", nil, err
		}
		n, err := io.Copy(h, rs)
		if err != nil {
			return nil, 0, "", nil, err
		}
		if _, err := rs.Seek(start, io.SeekStart); err != nil {
			return nil, 0, "", nil, err
		}
		return io.LimitReader(rs, n), n, hex.EncodeToString(h.Sum(nil)), func() {}, nil
	}
	f, err := os.CreateTemp("", "chartroom-upload-*")
	if err != nil {
		return nil, 0, "", nil, err
	}
	done := func() { f.Close(); os.Remove(f.Name()) }
	n, err := io.Copy(io.MultiWriter(f, h), r)
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		done()
		return nil, 0, "", nil, err
	}
	return f, n, hex.EncodeToString(h.Sum(nil)), done, nil
}

func (s *Store) copySrcSSE() encrypt.ServerSide {
	if s.cfg.SSE == "c" {
		return s.sse
	}
	return nil
}

func contentType(key string) string {
	switch {
	case strings.HasSuffix(key, ".pdf"):
		return "application/pdf"
	case strings.HasSuffix(key, ".png"):
		return "image/png"
	case strings.HasSuffix(key, ".jpg"):
		return "image/jpeg"
	case strings.HasSuffix(key, ".json"):
		return "application/json"
	}
	return "application/octet-stream"
}

// Get implements storage.Store.
func (s *Store) Get(ctx context.Context, key string) (io.ReadCloser, storage.ObjectInfo, error) {
	if err := storage.CheckKey(key); err != nil {
		return nil, storage.ObjectInfo{}, err
	}
	info, err := s.Stat(ctx, key)
	if err != nil {
		return nil, info, err
	}
	obj, err := s.c.GetObject(ctx, s.cfg.Bucket, key, minio.GetObjectOptions{VersionID: info.VersionID, ServerSideEncryption: s.copySrcSSE()})
	if err != nil {
		return nil, info, fmt.Errorf("get %s: %w", key, mapErr(err))
	}
	return obj, info, nil
}

// Stat implements storage.Store.
func (s *Store) Stat(ctx context.Context, key string) (storage.ObjectInfo, error) {
	if err := storage.CheckKey(key); err != nil {
		return storage.ObjectInfo{}, err
	}
	oi, err := s.c.StatObject(ctx, s.cfg.Bucket, key, minio.StatObjectOptions{ServerSideEncryption: s.copySrcSSE()})
	if err != nil {
		return storage.ObjectInfo{}, fmt.Errorf("stat %s: %w", key, mapErr(err))
	}
	return toInfo(oi), nil
}

func toInfo(oi minio.ObjectInfo) storage.ObjectInfo {
	sum := oi.UserMetadata[metaSHA256]
	if sum == "" {
		sum = oi.Metadata.Get("X-Amz-Meta-" + metaSHA256)
	}
	return storage.ObjectInfo{Key: oi.Key, Size: oi.Size, SHA256: sum, VersionID: oi.VersionID, Modified: oi.LastModified}
}

// List implements storage.Store. S3 lists in key order.
func (s *Store) List(ctx context.Context, prefix string, fn func(storage.ObjectInfo) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // stops the listing goroutine if fn returns early
	for oi := range s.c.ListObjects(ctx, s.cfg.Bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true, WithMetadata: true}) {
		if oi.Err != nil {
			return fmt.Errorf("list %q: %w", prefix, mapErr(oi.Err))
		}
		if err := fn(toInfo(oi)); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// Delete implements storage.Store: it removes the current version for good
// (not a delete marker), which the server refuses for a version under
// retention or legal hold.
func (s *Store) Delete(ctx context.Context, key string) error {
	info, err := s.Stat(ctx, key)
	if err != nil {
		return err
	}
	err = s.c.RemoveObject(ctx, s.cfg.Bucket, key, minio.RemoveObjectOptions{VersionID: info.VersionID})
	if err != nil {
		return fmt.Errorf("delete %s: %w", key, mapErr(err))
	}
	return nil
}

// SetRetention implements storage.Locker.
func (s *Store) SetRetention(ctx context.Context, key, versionID string, mode storage.RetentionMode, until time.Time) error {
	if !s.cfg.ObjectLock {
		return storage.ErrLockUnsupported
	}
	m := minio.RetentionMode(mode)
	if !m.IsValid() {
		return fmt.Errorf("retention mode %q: use GOVERNANCE or COMPLIANCE", mode)
	}
	err := s.c.PutObjectRetention(ctx, s.cfg.Bucket, key, minio.PutObjectRetentionOptions{Mode: &m, RetainUntilDate: &until, VersionID: versionID})
	if err != nil {
		return fmt.Errorf("retention on %s: %w", key, mapErr(err))
	}
	return nil
}

// SetLegalHold implements storage.Locker.
func (s *Store) SetLegalHold(ctx context.Context, key, versionID string, on bool) error {
	if !s.cfg.ObjectLock {
		return storage.ErrLockUnsupported
	}
	st := minio.LegalHoldDisabled
	if on {
		st = minio.LegalHoldEnabled
	}
	if err := s.c.PutObjectLegalHold(ctx, s.cfg.Bucket, key, minio.PutObjectLegalHoldOptions{VersionID: versionID, Status: &st}); err != nil {
		return fmt.Errorf("legal hold on %s: %w", key, mapErr(err))
	}
	return nil
}

// LegalHold implements storage.Locker.
func (s *Store) LegalHold(ctx context.Context, key, versionID string) (bool, error) {
	if !s.cfg.ObjectLock {
		return false, storage.ErrLockUnsupported
	}
	st, err := s.c.GetObjectLegalHold(ctx, s.cfg.Bucket, key, minio.GetObjectLegalHoldOptions{VersionID: versionID})
	if err != nil {
		if minio.ToErrorResponse(err).Code == "NoSuchObjectLockConfiguration" {
			return false, nil
		}
		return false, fmt.Errorf("legal hold on %s: %w", key, mapErr(err))
	}
	return st != nil && *st == minio.LegalHoldEnabled, nil
}

// mapErr turns S3 errors into the storage package's sentinels.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	r := minio.ToErrorResponse(err)
	var netErr net.Error
	switch {
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return err
	case errors.As(err, &netErr), errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, io.ErrUnexpectedEOF), r.StatusCode >= 500,
		r.Code == "SlowDown", r.Code == "ServiceUnavailable", r.Code == "InternalError", r.Code == "XMinioServerNotInitialized":
		return fmt.Errorf("%w: %v", storage.ErrUnavailable, err)
	case r.Code == "NoSuchKey" || r.Code == "NoSuchVersion" || r.StatusCode == http.StatusNotFound:
		return fmt.Errorf("%w: %v", storage.ErrNotFound, err)
	case strings.Contains(strings.ToLower(r.Message), "worm"), r.Code == "ObjectLocked",
		r.Code == "InvalidRequest" && strings.Contains(r.Message, "retention"):
		return fmt.Errorf("%w: %v", storage.ErrLocked, err)
	}
	return err
}
