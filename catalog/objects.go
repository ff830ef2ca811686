package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/chartroom/chartroom/storage"
)

// Record remembers an object Chartroom wrote: key, version, SHA-256 and
// size. It implements storage.Ledger.
func (c *Catalog) Record(ctx context.Context, o storage.ObjectInfo) error {
	_, err := c.db.ExecContext(ctx, `INSERT INTO objects (key, version_id, sha256, size, written_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (key, version_id) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, written_at = excluded.written_at`,
		o.Key, o.VersionID, o.SHA256, o.Size, ts(c.now()))
	if err != nil {
		return fmt.Errorf("record object %s: %w", o.Key, err)
	}
	return nil
}

// Recorded returns the last write Chartroom recorded for key. It
// implements storage.Ledger; ErrNotFound (wrapped) when there is none.
func (c *Catalog) Recorded(ctx context.Context, key string) (storage.ObjectInfo, error) {
	o := storage.ObjectInfo{Key: key}
	var at string
	err := c.db.QueryRowContext(ctx, `SELECT version_id, sha256, size, written_at FROM objects WHERE key = ? ORDER BY written_at DESC LIMIT 1`, key).
		Scan(&o.VersionID, &o.SHA256, &o.Size, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return o, fmt.Errorf("object %s: %w", key, storage.ErrNotRecorded)
	}
	o.Modified = parseTS(at)
	return o, err
}

// RecordedObjects calls fn for the last recorded write of every key that
// starts with prefix, in key order.
func (c *Catalog) RecordedObjects(ctx context.Context, prefix string, fn func(storage.ObjectInfo) error) error {
	rows, err := c.db.QueryContext(ctx, `SELECT o.key, o.version_id, o.sha256, o.size, o.written_at FROM objects o
		WHERE o.key LIKE ? AND o.written_at = (SELECT MAX(written_at) FROM objects WHERE key = o.key) ORDER BY o.key`, prefix+"%")
	if err != nil {
		return err
	}
	var all []storage.ObjectInfo
	for rows.Next() {
		var o storage.ObjectInfo
		var at string
		if err := rows.Scan(&o.Key, &o.VersionID, &o.SHA256, &o.Size, &at); err != nil {
			rows.Close()
			return err
		}
		o.Modified = parseTS(at)
		all = append(all, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, o := range all {
		if err := fn(o); err != nil {
			return err
		}
	}
	return nil
}

// Hold is a document's legal hold state.
type Hold struct {
	On     bool
	Reason string
}

// SetHold records a legal hold on a document (or lifts it), with the
// reason and who did it, in the audit trail.
func (c *Catalog) SetHold(ctx context.Context, docID string, on bool, reason, actor string) error {
	return c.tx(ctx, func(tx *sql.Tx) error {
		v := 0
		if on {
			v = 1
		}
		res, err := tx.ExecContext(ctx, `UPDATE documents SET legal_hold = ?, hold_reason = ? WHERE id = ?`, v, reason, docID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("document %s: %w", docID, ErrNotFound)
		}
		action := "document.hold.cleared"
		if on {
			action = "document.hold.set"
		}
		return audit(ctx, tx, c.now(), Event{Actor: actor, Action: action, Entity: "document", EntityID: docID, Detail: reason})
	})
}

// DocumentHold returns a document's hold state.
func (c *Catalog) DocumentHold(ctx context.Context, docID string) (Hold, error) {
	var h Hold
	var on int
	err := c.db.QueryRowContext(ctx, `SELECT legal_hold, hold_reason FROM documents WHERE id = ?`, docID).Scan(&on, &h.Reason)
	if errors.Is(err, sql.ErrNoRows) {
		return h, fmt.Errorf("document %s: %w", docID, ErrNotFound)
	}
	h.On = on == 1
	return h, err
}

// SetRetainUntil records the retention date applied to a document's object.
func (c *Catalog) SetRetainUntil(ctx context.Context, docID string, until time.Time) error {
	_, err := c.db.ExecContext(ctx, `UPDATE documents SET retain_until = ? WHERE id = ?`, ts(until), docID)
	return err
}
