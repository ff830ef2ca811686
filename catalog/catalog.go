// Package catalog is Chartroom's system of record: batches and their
// manifests, pages and their OCR, documents and where their PDFs are stored,
// the master patient index, the QA review queue and the audit trail.
//
// It runs on SQLite (WAL mode) as the embedded default. The SQL is kept to
// the portable subset (TEXT/INTEGER/REAL columns, ISO-8601 timestamps as
// text, no SQLite-only functions) so a PostgreSQL catalog is a change of
// driver and placeholder style, not a rewrite.
package catalog

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/chartroom/chartroom/chart"
	"github.com/chartroom/chartroom/storage"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// ErrNotFound is returned (wrapped) when a requested row does not exist.
var ErrNotFound = errors.New("not found")

// Catalog is the system of record. It is safe for concurrent use.
type Catalog struct {
	db  *sql.DB
	now func() time.Time
}

// Open opens (creating if needed) the SQLite catalog at path and brings its
// schema up to date.
func Open(ctx context.Context, path string) (*Catalog, error) {
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open catalog: %w", err)
	}
	// SQLite allows one writer; a single connection avoids SQLITE_BUSY
	// between our own goroutines and costs nothing at our write rate.
	db.SetMaxOpenConns(1)
	c := &Catalog{db: db, now: func() time.Time { return time.Now().UTC() }}
	if err := c.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return c, nil
}

// Close closes the database.
func (c *Catalog) Close() error { return c.db.Close() }

func ts(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func parseTS(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

// tx runs fn in a transaction.
func (c *Catalog) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := c.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// ---- batches ----

// ClaimBatch records a batch before any work on it starts. If a batch with
// the same key (name + content hashes) is already recorded, that batch is
// returned with created=false and nothing is written: the caller resumes it
// (status processing) or recognises a duplicate delivery (done).
func (c *Catalog) ClaimBatch(ctx context.Context, b chart.Batch) (chart.Batch, bool, error) {
	var out chart.Batch
	created := false
	err := c.tx(ctx, func(tx *sql.Tx) error {
		existing, err := scanBatch(tx.QueryRowContext(ctx, batchSelect+` WHERE key = ?`, b.Key))
		if err == nil {
			out = existing
			return nil
		}
		if !errors.Is(err, ErrNotFound) {
			return err
		}
		files, _ := json.Marshal(b.Files)
		if b.ReceivedAt.IsZero() {
			b.ReceivedAt = c.now()
		}
		if b.Status == "" {
			b.Status = chart.BatchProcessing
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO batches (id, name, source, key, status, files, page_count, error, received_at, finished_at)
			VALUES (?, ?, ?, ?, ?, ?, 0, '', ?, '')`,
			b.ID, b.Name, b.Source, b.Key, string(b.Status), string(files), ts(b.ReceivedAt))
		if err != nil {
			return fmt.Errorf("insert batch %s: %w", b.ID, err)
		}
		if err := audit(ctx, tx, c.now(), Event{Actor: "system", Action: "batch.claimed", Entity: "batch", EntityID: b.ID}); err != nil {
			return err
		}
		out, created = b, true
		return nil
	})
	if err != nil {
		return chart.Batch{}, false, fmt.Errorf("claim batch: %w", err)
	}
	return out, created, nil
}

const batchSelect = `SELECT id, name, source, key, status, files, page_count, error, received_at, finished_at FROM batches`

type rowScanner interface{ Scan(...any) error }

func scanBatch(r rowScanner) (chart.Batch, error) {
	var b chart.Batch
	var status, files, rec, fin string
	err := r.Scan(&b.ID, &b.Name, &b.Source, &b.Key, &status, &files, &b.PageCount, &b.Error, &rec, &fin)
	if errors.Is(err, sql.ErrNoRows) {
		return b, ErrNotFound
	}
	if err != nil {
		return b, err
	}
	b.Status = chart.BatchStatus(status)
	b.ReceivedAt, b.FinishedAt = parseTS(rec), parseTS(fin)
	if err := json.Unmarshal([]byte(files), &b.Files); err != nil {
		return b, fmt.Errorf("batch %s manifest: %w", b.ID, err)
	}
	return b, nil
}

// Batch returns one batch by id.
func (c *Catalog) Batch(ctx context.Context, id string) (chart.Batch, error) {
	b, err := scanBatch(c.db.QueryRowContext(ctx, batchSelect+` WHERE id = ?`, id))
	if err != nil {
		return b, fmt.Errorf("batch %s: %w", id, err)
	}
	return b, nil
}

// Batches lists batches, newest first; status "" lists all.
func (c *Catalog) Batches(ctx context.Context, status chart.BatchStatus) ([]chart.Batch, error) {
	q, args := batchSelect, []any{}
	if status != "" {
		q += ` WHERE status = ?`
		args = append(args, string(status))
	}
	rows, err := c.db.QueryContext(ctx, q+` ORDER BY received_at DESC, id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("list batches: %w", err)
	}
	defer rows.Close()
	var out []chart.Batch
	for rows.Next() {
		b, err := scanBatch(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// SetBatchPageCount records how many pages the batch holds.
func (c *Catalog) SetBatchPageCount(ctx context.Context, id string, n int) error {
	_, err := c.db.ExecContext(ctx, `UPDATE batches SET page_count = ? WHERE id = ?`, n, id)
	return err
}

// SetBatchSource records where the batch's files are now (after a move).
func (c *Catalog) SetBatchSource(ctx context.Context, id, source string) error {
	_, err := c.db.ExecContext(ctx, `UPDATE batches SET source = ? WHERE id = ?`, source, id)
	return err
}

// ReopenBatch puts a failed batch back to processing (the same content was
// delivered again) and records where it is now.
func (c *Catalog) ReopenBatch(ctx context.Context, id, source string) error {
	return c.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE batches SET status = ?, error = '', finished_at = '', source = ? WHERE id = ?`,
			string(chart.BatchProcessing), source, id); err != nil {
			return err
		}
		return audit(ctx, tx, c.now(), Event{Actor: "system", Action: "batch.reopened", Entity: "batch", EntityID: id})
	})
}

// FinishBatch marks a batch done or failed. errText must be free of PHI: it
// names files and pages, never their content.
func (c *Catalog) FinishBatch(ctx context.Context, id string, status chart.BatchStatus, errText string) error {
	return c.tx(ctx, func(tx *sql.Tx) error {
		now := c.now()
		res, err := tx.ExecContext(ctx, `UPDATE batches SET status = ?, error = ?, finished_at = ? WHERE id = ?`,
			string(status), errText, ts(now), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("batch %s: %w", id, ErrNotFound)
		}
		return audit(ctx, tx, now, Event{Actor: "system", Action: "batch." + string(status), Entity: "batch", EntityID: id, Detail: errText})
	})
}

// ---- pages ----

// SavePage records a page after it was stored and recognised. Saving the
// same (batch, seq) again replaces it, so a resumed batch never holds a
// page twice.
func (c *Catalog) SavePage(ctx context.Context, p chart.Page) error {
	words, err := json.Marshal(p.Words)
	if err != nil {
		return err
	}
	codes, err := json.Marshal(nonNil(p.Barcodes))
	if err != nil {
		return err
	}
	regions, err := json.Marshal(nonNil(p.Regions))
	if err != nil {
		return err
	}
	_, err = c.db.ExecContext(ctx, `INSERT INTO pages (id, batch_id, seq, file, file_index, sha256, object, width, height, dpi, role, rotation, skew, text, words, confidence, barcodes, ink, regions, document_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
		ON CONFLICT (batch_id, seq) DO UPDATE SET sha256 = excluded.sha256, object = excluded.object,
		  width = excluded.width, height = excluded.height, dpi = excluded.dpi, role = excluded.role,
		  rotation = excluded.rotation, skew = excluded.skew, text = excluded.text, words = excluded.words,
		  confidence = excluded.confidence, barcodes = excluded.barcodes, ink = excluded.ink,
		  regions = excluded.regions`,
		p.ID, p.BatchID, p.Seq, p.File, p.Index, p.SHA256, p.Object, p.Width, p.Height, p.DPI, string(p.Role),
		p.Rotation, p.Skew, p.Text, string(words), p.Confidence, string(codes), p.Ink, string(regions))
	if err != nil {
		return fmt.Errorf("save page %s: %w", p.ID, err)
	}
	return nil
}

const pageSelect = `SELECT id, batch_id, seq, file, file_index, sha256, object, width, height, dpi, role, rotation, skew, text, words, confidence, barcodes, ink, regions, COALESCE(document_id, '') FROM pages`

func scanPages(rows *sql.Rows) ([]chart.Page, error) {
	defer rows.Close()
	var out []chart.Page
	for rows.Next() {
		var p chart.Page
		var role, words, codes, regions string
		if err := rows.Scan(&p.ID, &p.BatchID, &p.Seq, &p.File, &p.Index, &p.SHA256, &p.Object, &p.Width, &p.Height,
			&p.DPI, &role, &p.Rotation, &p.Skew, &p.Text, &words, &p.Confidence, &codes, &p.Ink, &regions, &p.DocumentID); err != nil {
			return nil, err
		}
		p.Role = chart.PageRole(role)
		if err := json.Unmarshal([]byte(words), &p.Words); err != nil {
			return nil, fmt.Errorf("page %s words: %w", p.ID, err)
		}
		if err := json.Unmarshal([]byte(codes), &p.Barcodes); err != nil {
			return nil, fmt.Errorf("page %s barcodes: %w", p.ID, err)
		}
		if err := json.Unmarshal([]byte(regions), &p.Regions); err != nil {
			return nil, fmt.Errorf("page %s regions: %w", p.ID, err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Pages returns a batch's recorded pages in batch order.
func (c *Catalog) Pages(ctx context.Context, batchID string) ([]chart.Page, error) {
	rows, err := c.db.QueryContext(ctx, pageSelect+` WHERE batch_id = ? ORDER BY seq`, batchID)
	if err != nil {
		return nil, fmt.Errorf("pages of %s: %w", batchID, err)
	}
	return scanPages(rows)
}

// DocumentPages returns a document's pages in order.
func (c *Catalog) DocumentPages(ctx context.Context, docID string) ([]chart.Page, error) {
	rows, err := c.db.QueryContext(ctx, pageSelect+` WHERE document_id = ? ORDER BY seq`, docID)
	if err != nil {
		return nil, fmt.Errorf("pages of %s: %w", docID, err)
	}
	return scanPages(rows)
}

// ---- documents ----

// SaveDocuments records the documents a batch was split into, assigns
// their pages, opens a review item for each document in review, and audits
// it all, in one transaction. If the batch already has documents (a resumed
// batch) nothing is written and the existing ones stay authoritative.
func (c *Catalog) SaveDocuments(ctx context.Context, batchID string, docs []chart.Document) (saved bool, err error) {
	err = c.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM documents WHERE batch_id = ?`, batchID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		now := c.now()
		for _, d := range docs {
			if d.Created.IsZero() {
				d.Created = now
			}
			var mrn sql.NullString
			var pconf float64
			if d.Patient != nil {
				mrn = sql.NullString{String: d.Patient.MRN, Valid: true}
				pconf = d.Patient.Confidence
			}
			reasons, _ := json.Marshal(nonNil(d.Reasons))
			flags, _ := json.Marshal(nonNil(d.Flags))
			evidence, _ := json.Marshal(d.Evidence)
			if _, err := tx.ExecContext(ctx, `INSERT INTO documents (id, batch_id, seq, patient_mrn, patient_confidence, type_code, type_display, type_confidence, status, reasons, flags, evidence, object, sha256, size, created_at, indexed_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', 0, ?, '')`,
				d.ID, batchID, d.Seq, mrn, pconf, d.Type.Code, d.Type.Display, d.Type.Confidence, string(d.Status),
				string(reasons), string(flags), string(evidence), ts(d.Created)); err != nil {
				return fmt.Errorf("insert document %s: %w", d.ID, err)
			}
			for _, pid := range d.PageIDs {
				res, err := tx.ExecContext(ctx, `UPDATE pages SET document_id = ? WHERE id = ? AND batch_id = ? AND document_id IS NULL`, d.ID, pid, batchID)
				if err != nil {
					return err
				}
				if n, _ := res.RowsAffected(); n != 1 {
					return fmt.Errorf("document %s: page %s is not an unassigned page of batch %s", d.ID, pid, batchID)
				}
			}
			if d.Status == chart.StatusReview {
				if _, err := tx.ExecContext(ctx, `INSERT INTO review_items (id, document_id, reasons, status, created_at, resolved_at, resolved_by)
					VALUES (?, ?, ?, 'open', ?, '', '')`, chart.NewID("r"), d.ID, string(reasons), ts(now)); err != nil {
					return err
				}
			}
			if err := audit(ctx, tx, now, Event{Actor: "system", Action: "document.created", Entity: "document", EntityID: d.ID,
				Detail: fmt.Sprintf("status=%s type=%s reasons=%s", d.Status, d.Type.Code, reasons)}); err != nil {
				return err
			}
		}
		saved = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("save documents of %s: %w", batchID, err)
	}
	return saved, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

const docSelect = `SELECT d.id, d.batch_id, d.seq, COALESCE(d.patient_mrn, ''), d.patient_confidence, d.type_code, d.type_display, d.type_confidence,
	d.status, d.reasons, d.flags, d.evidence, d.object, d.object_version, d.sha256, d.size, d.created_at FROM documents d`

func scanDocs(ctx context.Context, c *Catalog, rows *sql.Rows) ([]chart.Document, error) {
	var out []chart.Document
	for rows.Next() {
		var d chart.Document
		var mrn, status, reasons, flags, evidence, created string
		var pconf float64
		if err := rows.Scan(&d.ID, &d.BatchID, &d.Seq, &mrn, &pconf, &d.Type.Code, &d.Type.Display, &d.Type.Confidence,
			&status, &reasons, &flags, &evidence, &d.Object, &d.ObjectVersion, &d.SHA256, &d.Size, &created); err != nil {
			rows.Close()
			return nil, err
		}
		if mrn != "" {
			d.Patient = &chart.PatientMatch{MRN: mrn, Confidence: pconf}
		}
		d.Status = chart.Status(status)
		d.Created = parseTS(created)
		json.Unmarshal([]byte(reasons), &d.Reasons)
		json.Unmarshal([]byte(flags), &d.Flags)
		json.Unmarshal([]byte(evidence), &d.Evidence)
		out = append(out, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Page ids in a second pass: one connection, so rows must be closed first.
	for i := range out {
		prow, err := c.db.QueryContext(ctx, `SELECT id FROM pages WHERE document_id = ? ORDER BY seq`, out[i].ID)
		if err != nil {
			return nil, err
		}
		for prow.Next() {
			var id string
			if err := prow.Scan(&id); err != nil {
				prow.Close()
				return nil, err
			}
			out[i].PageIDs = append(out[i].PageIDs, id)
		}
		prow.Close()
	}
	return out, nil
}

// DocumentFilter selects documents; zero values select all.
type DocumentFilter struct {
	BatchID   string
	Unindexed bool // only documents stored but not yet in the search index
	Unstored  bool // only documents whose PDF is not stored yet
}

// Documents lists documents in batch order.
func (c *Catalog) Documents(ctx context.Context, f DocumentFilter) ([]chart.Document, error) {
	var where []string
	var args []any
	if f.BatchID != "" {
		where = append(where, "d.batch_id = ?")
		args = append(args, f.BatchID)
	}
	if f.Unindexed {
		where = append(where, "d.indexed_at = '' AND d.object <> ''")
	}
	if f.Unstored {
		where = append(where, "d.object = ''")
	}
	q := docSelect + ` JOIN batches b ON b.id = d.batch_id`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := c.db.QueryContext(ctx, q+` ORDER BY b.received_at, d.batch_id, d.seq`, args...)
	if err != nil {
		return nil, fmt.Errorf("list documents: %w", err)
	}
	return scanDocs(ctx, c, rows)
}

// Document returns one document by id.
func (c *Catalog) Document(ctx context.Context, id string) (chart.Document, error) {
	rows, err := c.db.QueryContext(ctx, docSelect+` WHERE d.id = ?`, id)
	if err != nil {
		return chart.Document{}, err
	}
	docs, err := scanDocs(ctx, c, rows)
	if err != nil {
		return chart.Document{}, err
	}
	if len(docs) == 0 {
		return chart.Document{}, fmt.Errorf("document %s: %w", id, ErrNotFound)
	}
	return docs[0], nil
}

// SetDocumentObject points a document at its stored PDF. Called only after
// the object is written, so the catalog never points at a missing object.
func (c *Catalog) SetDocumentObject(ctx context.Context, id string, o storage.ObjectInfo) error {
	return c.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET object = ?, object_version = ?, sha256 = ?, size = ? WHERE id = ?`,
			o.Key, o.VersionID, o.SHA256, o.Size, id); err != nil {
			return err
		}
		return audit(ctx, tx, c.now(), Event{Actor: "system", Action: "document.stored", Entity: "document", EntityID: id, Detail: o.Key})
	})
}

// MarkIndexed records that a document is in the search index.
func (c *Catalog) MarkIndexed(ctx context.Context, id string) error {
	_, err := c.db.ExecContext(ctx, `UPDATE documents SET indexed_at = ? WHERE id = ?`, ts(c.now()), id)
	return err
}

// ClearIndexed forgets which documents are indexed (before a rebuild).
func (c *Catalog) ClearIndexed(ctx context.Context) error {
	_, err := c.db.ExecContext(ctx, `UPDATE documents SET indexed_at = ''`)
	return err
}

// ---- patients ----

// UpsertPatients loads MPI rows, replacing existing rows with the same MRN.
func (c *Catalog) UpsertPatients(ctx context.Context, ps []chart.Patient) error {
	return c.tx(ctx, func(tx *sql.Tx) error {
		now := ts(c.now())
		for _, p := range ps {
			if _, err := tx.ExecContext(ctx, `INSERT INTO patients (mrn, last_name, first_name, middle_name, dob, sex, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (mrn) DO UPDATE SET last_name = excluded.last_name, first_name = excluded.first_name,
				  middle_name = excluded.middle_name, dob = excluded.dob, sex = excluded.sex, updated_at = excluded.updated_at`,
				p.MRN, p.Last, p.First, p.Middle, p.DOB, p.Sex, now); err != nil {
				return fmt.Errorf("upsert patient: %w", err)
			}
		}
		return audit(ctx, tx, c.now(), Event{Actor: "system", Action: "mpi.import", Entity: "mpi", Detail: fmt.Sprintf("%d rows", len(ps))})
	})
}

// Patient returns the MPI entry for an MRN.
func (c *Catalog) Patient(ctx context.Context, mrn string) (chart.Patient, error) {
	var p chart.Patient
	err := c.db.QueryRowContext(ctx, `SELECT mrn, last_name, first_name, middle_name, dob, sex FROM patients WHERE mrn = ?`, mrn).
		Scan(&p.MRN, &p.Last, &p.First, &p.Middle, &p.DOB, &p.Sex)
	if errors.Is(err, sql.ErrNoRows) {
		return p, fmt.Errorf("patient: %w", ErrNotFound) // no MRN in the message: it is PHI
	}
	return p, err
}

// Patients calls fn for every MPI entry, in MRN order (to build a
// matcher's in-memory index).
func (c *Catalog) Patients(ctx context.Context, fn func(chart.Patient) error) error {
	rows, err := c.db.QueryContext(ctx, `SELECT mrn, last_name, first_name, middle_name, dob, sex FROM patients ORDER BY mrn`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var p chart.Patient
		if err := rows.Scan(&p.MRN, &p.Last, &p.First, &p.Middle, &p.DOB, &p.Sex); err != nil {
			return err
		}
		if err := fn(p); err != nil {
			return err
		}
	}
	return rows.Err()
}

// MPIVersion changes whenever the MPI does (rows added or updated), so an
// in-memory index knows when to rebuild.
func (c *Catalog) MPIVersion(ctx context.Context) (string, error) {
	var n int
	var last string
	err := c.db.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MAX(updated_at), '') FROM patients`).Scan(&n, &last)
	return fmt.Sprintf("%d@%s", n, last), err
}

// PatientCount returns the number of MPI entries.
func (c *Catalog) PatientCount(ctx context.Context) (int, error) {
	var n int
	err := c.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM patients`).Scan(&n)
	return n, err
}

// ---- review queue ----

// ReviewItem is one document waiting for (or resolved by) a QA reviewer.
type ReviewItem struct {
	ID         string
	DocumentID string
	Reasons    []chart.Reason
	Status     string // open | resolved
	Created    time.Time
}

// OpenReviewItems lists the QA queue, oldest first.
func (c *Catalog) OpenReviewItems(ctx context.Context) ([]ReviewItem, error) {
	rows, err := c.db.QueryContext(ctx, `SELECT id, document_id, reasons, status, created_at FROM review_items WHERE status = 'open' ORDER BY created_at, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ReviewItem
	for rows.Next() {
		var r ReviewItem
		var reasons, created string
		if err := rows.Scan(&r.ID, &r.DocumentID, &reasons, &r.Status, &created); err != nil {
			return nil, err
		}
		json.Unmarshal([]byte(reasons), &r.Reasons)
		r.Created = parseTS(created)
		out = append(out, r)
	}
	return out, rows.Err()
}

// ---- audit ----

// Event is one audit entry. Detail must not hold PHI beyond ids and codes.
type Event struct {
	At       time.Time
	Actor    string // user id, or "system"
	Action   string // e.g. "batch.claimed", "document.created", "search"
	Entity   string
	EntityID string
	Detail   string
}

// Audit appends an event to the append-only audit table.
func (c *Catalog) Audit(ctx context.Context, e Event) error {
	return audit(ctx, c.db, c.now(), e)
}

type execer interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
}

func audit(ctx context.Context, x execer, now time.Time, e Event) error {
	if e.At.IsZero() {
		e.At = now
	}
	_, err := x.ExecContext(ctx, `INSERT INTO audit (at, actor, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?, ?)`,
		ts(e.At), e.Actor, e.Action, e.Entity, e.EntityID, e.Detail)
	if err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	return nil
}

// AuditEvents returns the audit trail for one entity, oldest first.
func (c *Catalog) AuditEvents(ctx context.Context, entityID string) ([]Event, error) {
	rows, err := c.db.QueryContext(ctx, `SELECT at, actor, action, entity, entity_id, detail FROM audit WHERE entity_id = ? ORDER BY seq`, entityID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		var at string
		if err := rows.Scan(&at, &e.Actor, &e.Action, &e.Entity, &e.EntityID, &e.Detail); err != nil {
			return nil, err
		}
		e.At = parseTS(at)
		out = append(out, e)
	}
	return out, rows.Err()
}
