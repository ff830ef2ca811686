package catalog

import (
	"context"
	"database/sql"
	"fmt"
)

// migrations are applied in order, each once, each in its own transaction.
// Never edit a migration that has shipped: append a new one.
var migrations = []string{
	// 1: the initial schema.
	`CREATE TABLE batches (
		id TEXT PRIMARY KEY,
		name TEXT NOT NULL,
		source TEXT NOT NULL,
		key TEXT NOT NULL UNIQUE,
		status TEXT NOT NULL,
		files TEXT NOT NULL,
		page_count INTEGER NOT NULL DEFAULT 0,
		error TEXT NOT NULL DEFAULT '',
		received_at TEXT NOT NULL,
		finished_at TEXT NOT NULL DEFAULT ''
	);
	CREATE INDEX batches_status ON batches (status);
	CREATE TABLE documents (
		id TEXT PRIMARY KEY,
		batch_id TEXT NOT NULL REFERENCES batches (id),
		seq INTEGER NOT NULL,
		patient_mrn TEXT,
		patient_confidence REAL NOT NULL DEFAULT 0,
		type_code TEXT NOT NULL,
		type_display TEXT NOT NULL,
		type_confidence REAL NOT NULL DEFAULT 0,
		status TEXT NOT NULL,
		reasons TEXT NOT NULL,
		flags TEXT NOT NULL,
		evidence TEXT NOT NULL,
		object TEXT NOT NULL DEFAULT '',
		sha256 TEXT NOT NULL DEFAULT '',
		size INTEGER NOT NULL DEFAULT 0,
		created_at TEXT NOT NULL,
		indexed_at TEXT NOT NULL DEFAULT '',
		UNIQUE (batch_id, seq)
	);
	CREATE INDEX documents_patient ON documents (patient_mrn);
	CREATE TABLE pages (
		id TEXT PRIMARY KEY,
		batch_id TEXT NOT NULL REFERENCES batches (id),
		seq INTEGER NOT NULL,
		file TEXT NOT NULL,
		file_index INTEGER NOT NULL,
		sha256 TEXT NOT NULL,
		object TEXT NOT NULL,
		width INTEGER NOT NULL,
		height INTEGER NOT NULL,
		dpi INTEGER NOT NULL,
		role TEXT NOT NULL,
		rotation INTEGER NOT NULL,
		skew REAL NOT NULL,
		text TEXT NOT NULL,
		words TEXT NOT NULL,
		confidence REAL NOT NULL,
		document_id TEXT REFERENCES documents (id),
		UNIQUE (batch_id, seq),
		UNIQUE (batch_id, file, file_index)
	);
	CREATE INDEX pages_document ON pages (document_id);
	CREATE TABLE patients (
		mrn TEXT PRIMARY KEY,
		last_name TEXT NOT NULL,
		first_name TEXT NOT NULL,
		middle_name TEXT NOT NULL,
		dob TEXT NOT NULL,
		sex TEXT NOT NULL,
		updated_at TEXT NOT NULL
	);
	CREATE INDEX patients_name ON patients (last_name, first_name);
	CREATE INDEX patients_dob ON patients (dob);
	CREATE TABLE review_items (
		id TEXT PRIMARY KEY,
		document_id TEXT NOT NULL REFERENCES documents (id),
		reasons TEXT NOT NULL,
		status TEXT NOT NULL,
		created_at TEXT NOT NULL,
		resolved_at TEXT NOT NULL DEFAULT '',
		resolved_by TEXT NOT NULL DEFAULT ''
	);
	CREATE INDEX review_items_status ON review_items (status, created_at);
	CREATE TABLE audit (
		seq INTEGER PRIMARY KEY,
		at TEXT NOT NULL,
		actor TEXT NOT NULL,
		action TEXT NOT NULL,
		entity TEXT NOT NULL,
		entity_id TEXT NOT NULL,
		detail TEXT NOT NULL
	);
	CREATE INDEX audit_entity ON audit (entity_id);`,

	// 2: every object Chartroom writes, with the SHA-256 computed while
	// writing it and the store's version id, so reads and scrubs can prove
	// that what comes back is what was written; legal holds on documents.
	`CREATE TABLE objects (
		key TEXT NOT NULL,
		version_id TEXT NOT NULL,
		sha256 TEXT NOT NULL,
		size INTEGER NOT NULL,
		written_at TEXT NOT NULL,
		PRIMARY KEY (key, version_id)
	);
	CREATE INDEX objects_written ON objects (key, written_at);
	ALTER TABLE documents ADD COLUMN object_version TEXT NOT NULL DEFAULT '';
	ALTER TABLE documents ADD COLUMN legal_hold INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE documents ADD COLUMN hold_reason TEXT NOT NULL DEFAULT '';
	ALTER TABLE documents ADD COLUMN retain_until TEXT NOT NULL DEFAULT '';`,

	// 3: page roles need the barcodes found on a page and its ink coverage.
	`ALTER TABLE pages ADD COLUMN barcodes TEXT NOT NULL DEFAULT '[]';
	ALTER TABLE pages ADD COLUMN ink REAL NOT NULL DEFAULT 0;`,

	// 4: document types corrected by QA reviewers: the record of who
	// changed what, and the labelled examples the type model is retrained
	// on.
	`CREATE TABLE type_corrections (
		seq INTEGER PRIMARY KEY,
		document_id TEXT NOT NULL REFERENCES documents (id),
		from_code TEXT NOT NULL,
		to_code TEXT NOT NULL,
		corrected_by TEXT NOT NULL,
		corrected_at TEXT NOT NULL
	);
	CREATE INDEX type_corrections_document ON type_corrections (document_id);`,

	// 5: identifier regions of a page read again on their own (label
	// boxes, stickers, header and footer bands).
	`ALTER TABLE pages ADD COLUMN regions TEXT NOT NULL DEFAULT '[]';`,
}

func (c *Catalog) migrate(ctx context.Context) error {
	if _, err := c.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	var have int
	if err := c.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if have > len(migrations) {
		return fmt.Errorf("migrate: catalog schema version %d is newer than this chartroom (%d): upgrade chartroom", have, len(migrations))
	}
	for v := have + 1; v <= len(migrations); v++ {
		err := c.tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, migrations[v-1]); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`, v, ts(c.now()))
			return err
		})
		if err != nil {
			return fmt.Errorf("migrate to version %d: %w", v, err)
		}
	}
	return nil
}

// SchemaVersion reports the applied schema version.
func (c *Catalog) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := c.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}
