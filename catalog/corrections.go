package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/chartroom/chartroom/chart"
)

// CorrectType records a reviewer's correction of a document's type: the
// document takes the new type with confidence 1, the correction is kept
// (who, when, from what) and audited. Correcting to the type the
// document already has records a confirmation, which is a label too.
func (c *Catalog) CorrectType(ctx context.Context, docID string, t chart.DocType, by string) error {
	if t.Code == "" || by == "" {
		return errors.New("correct type: a type code and the reviewer are required")
	}
	return c.tx(ctx, func(tx *sql.Tx) error {
		var from string
		err := tx.QueryRowContext(ctx, `SELECT type_code FROM documents WHERE id = ?`, docID).Scan(&from)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("document %s: %w", docID, ErrNotFound)
		}
		if err != nil {
			return err
		}
		now := c.now()
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET type_code = ?, type_display = ?, type_confidence = 1, indexed_at = '' WHERE id = ?`,
			t.Code, t.Display, docID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO type_corrections (document_id, from_code, to_code, corrected_by, corrected_at) VALUES (?, ?, ?, ?, ?)`,
			docID, from, t.Code, by, ts(now)); err != nil {
			return err
		}
		return audit(ctx, tx, now, Event{Actor: by, Action: "document.type.corrected", Entity: "document", EntityID: docID,
			Detail: from + " -> " + t.Code})
	})
}

// TypeCorrection is a document's reviewed type with the document's text:
// one labelled example for the type model.
type TypeCorrection struct {
	DocumentID string
	From, To   string // type codes
	By         string
	At         time.Time
	Text       string // the document's page texts, in order
}

// TypeCorrections returns the latest correction of every corrected
// document, oldest first, with the document's text.
func (c *Catalog) TypeCorrections(ctx context.Context) ([]TypeCorrection, error) {
	rows, err := c.db.QueryContext(ctx, `SELECT t.document_id, t.from_code, t.to_code, t.corrected_by, t.corrected_at
		FROM type_corrections t
		WHERE t.seq = (SELECT MAX(seq) FROM type_corrections u WHERE u.document_id = t.document_id)
		ORDER BY t.seq`)
	if err != nil {
		return nil, fmt.Errorf("type corrections: %w", err)
	}
	var out []TypeCorrection
	for rows.Next() {
		var tc TypeCorrection
		var at string
		if err := rows.Scan(&tc.DocumentID, &tc.From, &tc.To, &tc.By, &at); err != nil {
			rows.Close()
			return nil, err
		}
		tc.At = parseTS(at)
		out = append(out, tc)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		pages, err := c.DocumentPages(ctx, out[i].DocumentID)
		if err != nil {
			return nil, err
		}
		var b strings.Builder
		for _, p := range pages {
			b.WriteString(p.Text)
			b.WriteByte('\n')
		}
		out[i].Text = b.String()
	}
	return out, nil
}
