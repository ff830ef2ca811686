package storage

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"time"
)

// Ledger remembers what was written to a store: the catalog implements it.
type Ledger interface {
	Record(ctx context.Context, o ObjectInfo) error
	// Recorded returns the last recorded write of key, or an error
	// wrapping ErrNotRecorded.
	Recorded(ctx context.Context, key string) (ObjectInfo, error)
}

// Checked is a Store that proves what it reads is what it wrote: every
// Put is recorded in the ledger (key, version, SHA-256, size) and every Get
// is hashed while it is read and compared with the record. A mismatch —
// other bytes, another size, or a current version Chartroom did not write —
// is an ErrIntegrity error, reported to OnMismatch.
type Checked struct {
	Store  Store
	Ledger Ledger
	// OnMismatch is told of every integrity failure (for metrics, audit
	// and a log line carrying the key only).
	OnMismatch func(key string, err error)
}

var (
	_ Store  = (*Checked)(nil)
	_ Locker = (*Checked)(nil)
)

// Put implements Store.
func (c *Checked) Put(ctx context.Context, key string, r io.Reader) (ObjectInfo, error) {
	info, err := c.Store.Put(ctx, key, r)
	if err != nil {
		return info, err
	}
	if err := c.Ledger.Record(context.WithoutCancel(ctx), info); err != nil {
		return info, fmt.Errorf("put %s: %w", key, err)
	}
	return info, nil
}

// Get implements Store. The reader returns ErrIntegrity instead of io.EOF
// when the content turns out not to match the record.
func (c *Checked) Get(ctx context.Context, key string) (io.ReadCloser, ObjectInfo, error) {
	want, err := c.Ledger.Recorded(ctx, key)
	if err != nil {
		return nil, ObjectInfo{}, err
	}
	rc, info, err := c.Store.Get(ctx, key)
	if err != nil {
		return nil, info, err
	}
	if err := c.check(key, want, info, false); err != nil {
		rc.Close()
		return nil, info, err
	}
	return &verifyingReader{rc: rc, h: sha256.New(), want: want, onEnd: func(got ObjectInfo) error {
		return c.check(key, want, got, true)
	}}, info, nil
}

// check compares what the store says (and, at the end of a read, what was
// read) with the record.
func (c *Checked) check(key string, want, got ObjectInfo, read bool) error {
	var problem string
	switch {
	case want.VersionID != "" && got.VersionID != "" && got.VersionID != want.VersionID:
		problem = "its current version is not the one Chartroom wrote"
	case read && got.Size != want.Size:
		problem = fmt.Sprintf("%d bytes read, %d written", got.Size, want.Size)
	case read && got.SHA256 != want.SHA256:
		problem = "its SHA-256 differs from the one recorded when it was written"
	case !read && got.Size > 0 && want.Size > 0 && got.Size != want.Size:
		problem = fmt.Sprintf("the store holds %d bytes, %d were written", got.Size, want.Size)
	default:
		return nil
	}
	err := fmt.Errorf("%s: %w: %s", key, ErrIntegrity, problem)
	if c.OnMismatch != nil {
		c.OnMismatch(key, err)
	}
	return err
}

type verifyingReader struct {
	rc    io.ReadCloser
	h     hash.Hash
	n     int64
	want  ObjectInfo
	onEnd func(ObjectInfo) error
	err   error
}

func (v *verifyingReader) Read(p []byte) (int, error) {
	if v.err != nil {
		return 0, v.err
	}
	n, err := v.rc.Read(p)
	v.h.Write(p[:n])
	v.n += int64(n)
	if errors.Is(err, io.EOF) {
		if cerr := v.onEnd(ObjectInfo{Size: v.n, SHA256: hex.EncodeToString(v.h.Sum(nil))}); cerr != nil {
			v.err = cerr
			return n, cerr
		}
	}
	if err != nil {
		v.err = err
	}
	return n, err
}

func (v *verifyingReader) Close() error { return v.rc.Close() }

// Stat implements Store.
func (c *Checked) Stat(ctx context.Context, key string) (ObjectInfo, error) {
	return c.Store.Stat(ctx, key)
}

// List implements Store.
func (c *Checked) List(ctx context.Context, prefix string, fn func(ObjectInfo) error) error {
	return c.Store.List(ctx, prefix, fn)
}

// Delete implements Store.
func (c *Checked) Delete(ctx context.Context, key string) error { return c.Store.Delete(ctx, key) }

// SetRetention implements Locker when the wrapped store does.
func (c *Checked) SetRetention(ctx context.Context, key, versionID string, mode RetentionMode, until time.Time) error {
	if l, ok := c.Store.(Locker); ok {
		return l.SetRetention(ctx, key, versionID, mode, until)
	}
	return ErrLockUnsupported
}

// SetLegalHold implements Locker when the wrapped store does.
func (c *Checked) SetLegalHold(ctx context.Context, key, versionID string, on bool) error {
	if l, ok := c.Store.(Locker); ok {
		return l.SetLegalHold(ctx, key, versionID, on)
	}
	return ErrLockUnsupported
}

// LegalHold implements Locker when the wrapped store does.
func (c *Checked) LegalHold(ctx context.Context, key, versionID string) (bool, error) {
	if l, ok := c.Store.(Locker); ok {
		return l.LegalHold(ctx, key, versionID)
	}
	return false, ErrLockUnsupported
}

// Verify re-reads one recorded object in full and reports how it differs
// from the record: nil when it matches, an error wrapping ErrNotFound when
// it is gone, one wrapping ErrIntegrity when it differs.
func Verify(ctx context.Context, s Store, want ObjectInfo) error {
	info, err := s.Stat(ctx, want.Key)
	if err != nil {
		return err
	}
	if want.VersionID != "" && info.VersionID != "" && info.VersionID != want.VersionID {
		return fmt.Errorf("%s: %w: its current version is not the one Chartroom wrote", want.Key, ErrIntegrity)
	}
	rc, _, err := s.Get(ctx, want.Key)
	if err != nil {
		return err
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(h, rc)
	if err != nil {
		return err
	}
	if n != want.Size || hex.EncodeToString(h.Sum(nil)) != want.SHA256 {
		return fmt.Errorf("%s: %w: its content differs from what was written", want.Key, ErrIntegrity)
	}
	return nil
}
