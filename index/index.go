// Package index is Chartroom's full-text search over documents, on Bleve.
// It is derived data: everything in it can be rebuilt from the catalog
// (chartroom reindex), so losing it loses nothing.
//
// One index entry per document. The page texts are indexed as an array
// field, so a hit's array position says on which page of the document the
// words were found.
package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/highlight/highlighter/ansi"
	"github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
)

// Entry is what is indexed for one document.
type Entry struct {
	ID          string    `json:"id"`
	Batch       string    `json:"batch"`
	MRN         string    `json:"mrn"`
	PatientName string    `json:"patient"`
	DOB         string    `json:"dob"`
	TypeCode    string    `json:"type"`
	TypeDisplay string    `json:"type_display"`
	Status      string    `json:"status"`
	Flags       []string  `json:"flags"`
	Created     time.Time `json:"created"`
	Pages       []string  `json:"pages"` // text of each page, in document order
}

// Index is a Bleve index on disk.
type Index struct {
	b bleve.Index
}

// ErrBusy is returned when another process (a running chartroom serve)
// holds the index.
var ErrBusy = errors.New("the search index is in use by another chartroom process")

// Open opens the index at dir, creating it when it does not exist. It
// waits at most two seconds for another process holding the index.
func Open(dir string) (*Index, error) {
	cfg := map[string]interface{}{"bolt_timeout": "2s"}
	b, err := bleve.OpenUsing(dir, cfg)
	if errors.Is(err, bleve.ErrorIndexPathDoesNotExist) {
		b, err = bleve.NewUsing(dir, newMapping(), bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, cfg)
	}
	if err != nil {
		if strings.Contains(err.Error(), "timeout") {
			return nil, fmt.Errorf("open index: %w", ErrBusy)
		}
		return nil, fmt.Errorf("open index: %w", err)
	}
	return &Index{b: b}, nil
}

// Recreate deletes the index at dir and creates an empty one (for reindex).
func Recreate(dir string) (*Index, error) {
	if err := os.RemoveAll(dir); err != nil {
		return nil, fmt.Errorf("recreate index: %w", err)
	}
	return Open(dir)
}

func newMapping() mapping.IndexMapping {
	text := bleve.NewTextFieldMapping()
	text.Analyzer = en.AnalyzerName // English with stemming
	text.IncludeTermVectors = true  // locations: which page, for highlighting
	text.Store = true

	kw := bleve.NewTextFieldMapping()
	kw.Analyzer = keyword.Name
	kw.Store = true

	name := bleve.NewTextFieldMapping() // names: standard analysis, no stemming
	name.Store = true

	stored := bleve.NewTextFieldMapping()
	stored.Index = false
	stored.Store = true

	doc := bleve.NewDocumentMapping()
	doc.AddFieldMappingsAt("pages", text)
	doc.AddFieldMappingsAt("mrn", kw)
	doc.AddFieldMappingsAt("type", kw)
	doc.AddFieldMappingsAt("status", kw)
	doc.AddFieldMappingsAt("flags", kw)
	doc.AddFieldMappingsAt("batch", kw)
	doc.AddFieldMappingsAt("dob", kw)
	doc.AddFieldMappingsAt("patient", name)
	doc.AddFieldMappingsAt("type_display", stored)
	doc.AddFieldMappingsAt("created", bleve.NewDateTimeFieldMapping())

	m := bleve.NewIndexMapping()
	m.DefaultMapping = doc
	m.DefaultAnalyzer = en.AnalyzerName
	m.DefaultField = "pages"
	return m
}

// Put indexes (or re-indexes) one document.
func (x *Index) Put(ctx context.Context, e Entry) error {
	if err := x.b.Index(e.ID, e); err != nil {
		return fmt.Errorf("index %s: %w", e.ID, err)
	}
	return nil
}

// Delete removes a document from the index.
func (x *Index) Delete(ctx context.Context, id string) error {
	return x.b.Delete(id)
}

// Count returns the number of indexed documents.
func (x *Index) Count() (uint64, error) { return x.b.DocCount() }

// Close closes the index.
func (x *Index) Close() error { return x.b.Close() }

// Query is a search request. Text uses Bleve's query-string syntax, so
// records staff can write `metoprolol mrn:00012345 type:18842-5`.
type Query struct {
	Text string
	Size int // default 20
	From int
	// Highlight is "html" (<mark>), "ansi" (terminal colours) or "" (plain
	// fragments with the hit between [[ and ]]).
	Highlight string
}

// Hit is one matching document.
type Hit struct {
	ID          string   `json:"id"`
	Score       float64  `json:"score"`
	Batch       string   `json:"batch"`
	MRN         string   `json:"mrn"`
	PatientName string   `json:"patient"`
	TypeCode    string   `json:"type"`
	TypeDisplay string   `json:"type_display"`
	Status      string   `json:"status"`
	Pages       []int    `json:"pages"` // 1-based page numbers in the document where the text matched
	Fragments   []string `json:"fragments"`
}

// Results of a search.
type Results struct {
	Total uint64 `json:"total"`
	Hits  []Hit  `json:"hits"`
}

// Search runs a query.
func (x *Index) Search(ctx context.Context, q Query) (Results, error) {
	if q.Size <= 0 {
		q.Size = 20
	}
	req := bleve.NewSearchRequestOptions(bleve.NewQueryStringQuery(q.Text), q.Size, q.From, false)
	req.Fields = []string{"batch", "mrn", "patient", "type", "type_display", "status"}
	req.IncludeLocations = true
	switch q.Highlight {
	case "html":
		req.Highlight = bleve.NewHighlightWithStyle(html.Name)
	case "ansi":
		req.Highlight = bleve.NewHighlightWithStyle(ansi.Name)
	default:
		req.Highlight = bleve.NewHighlightWithStyle(plainHighlighter)
	}
	req.Highlight.AddField("pages")
	res, err := x.b.SearchInContext(ctx, req)
	if err != nil {
		return Results{}, fmt.Errorf("search: %w", err)
	}
	out := Results{Total: res.Total}
	for _, h := range res.Hits {
		hit := Hit{ID: h.ID, Score: h.Score}
		str := func(f string) string { s, _ := h.Fields[f].(string); return s }
		hit.Batch, hit.MRN, hit.PatientName = str("batch"), str("mrn"), str("patient")
		hit.TypeCode, hit.TypeDisplay, hit.Status = str("type"), str("type_display"), str("status")
		pages := map[int]bool{}
		for _, locs := range h.Locations["pages"] {
			for _, l := range locs {
				if len(l.ArrayPositions) > 0 {
					pages[int(l.ArrayPositions[0])+1] = true
				}
			}
		}
		for p := range pages {
			hit.Pages = append(hit.Pages, p)
		}
		sort.Ints(hit.Pages)
		hit.Fragments = h.Fragments["pages"]
		out.Hits = append(out.Hits, hit)
	}
	return out, nil
}
