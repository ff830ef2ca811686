package web

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chartroom/chartroom/catalog"
	"github.com/chartroom/chartroom/chart"
	"github.com/chartroom/chartroom/export"
	"github.com/chartroom/chartroom/index"
	"github.com/prometheus/client_golang/prometheus"
)

func TestAPI(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	c, err := catalog.Open(ctx, filepath.Join(dir, "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	x, err := index.Open(filepath.Join(dir, "idx"))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	c.ClaimBatch(ctx, chart.Batch{ID: "b_1", Name: "ward4", Key: "k"})
	c.SavePage(ctx, chart.Page{ID: "p_1", BatchID: "b_1", Seq: 0, File: "0001.png", Text: "metoprolol", Confidence: 0.9})
	c.SaveDocuments(ctx, "b_1", []chart.Document{{ID: "d_1", PageIDs: []string{"p_1"}, Status: chart.StatusReview,
		Type: chart.TypeGuess{DocType: chart.Unknown}, Reasons: []chart.Reason{chart.ReasonTypeUnknown}}})
	x.Put(ctx, index.Entry{ID: "d_1", Batch: "b_1", Status: "review", Pages: []string{"metoprolol"}})

	reg := prometheus.NewRegistry()
	reg.MustRegister(prometheus.NewCounter(prometheus.CounterOpts{Name: "chartroom_test_total", Help: "t"}))
	srv := httptest.NewServer((&Server{Catalog: c, Index: x, Gatherer: reg, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler())
	defer srv.Close()

	get := func(path string) (int, string) {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	for _, tc := range []struct {
		name, path string
		status     int
		contains   string
	}{
		{"health", "/healthz", 200, `"ok"`},
		{"metrics", "/metrics", 200, "chartroom_test_total"},
		{"search hit", "/api/v1/search?q=metoprolol", 200, `"d_1"`},
		{"search highlights", "/api/v1/search?q=metoprolol", 200, `\u003cmark\u003emetoprolol`},
		{"search needs q", "/api/v1/search", 400, "missing query"},
		{"export", "/api/v1/export", 200, `"version": 1`},
		{"export one batch by name", "/api/v1/export?batch=ward4", 200, `"0001.png"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := get(tc.path)
			if status != tc.status || !strings.Contains(body, tc.contains) {
				t.Fatalf("GET %s = %d %s", tc.path, status, body)
			}
		})
	}
	if resp, err := http.Post(srv.URL+"/api/v1/export", "application/json", nil); err != nil || resp.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("POST export: %v %v", resp.Status, err)
	}
	_, body := get("/api/v1/export")
	var e export.Export
	if err := json.Unmarshal([]byte(body), &e); err != nil {
		t.Fatal(err)
	}
	d := e.Documents[0]
	if e.Version != 1 || len(e.Documents) != 1 || d.Patient != nil || d.Status != "review" || d.Batch != "ward4" ||
		d.Pages[0].Index != 0 || d.Pages[0].Text != "metoprolol" || d.Flags == nil {
		t.Fatalf("export = %+v", e)
	}
	if !strings.Contains(body, `"patient": null`) || !strings.Contains(body, `"flags": []`) {
		t.Fatalf("contract: patient must be null and flags a list:\n%s", body)
	}
}
