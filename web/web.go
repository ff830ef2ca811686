// Package web is Chartroom's HTTP face: health, Prometheus metrics, and the
// JSON API for search and export. Handlers return errors to one place that
// logs the detail (ids only) and shows the client a safe message.
package web

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/chartroom/chartroom/catalog"
	"github.com/chartroom/chartroom/export"
	"github.com/chartroom/chartroom/index"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Server serves the HTTP API.
type Server struct {
	Catalog  *catalog.Catalog
	Index    *index.Index
	Gatherer prometheus.Gatherer
	Logger   *slog.Logger
}

// Handler returns the routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.wrap(s.health))
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.Gatherer, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /api/v1/search", s.wrap(s.search))
	mux.HandleFunc("GET /api/v1/export", s.wrap(s.export))
	return mux
}

// httpError is an error with a status and a message safe to show.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

func (s *Server) wrap(h func(w http.ResponseWriter, r *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		var he *httpError
		if !errors.As(err, &he) {
			// Full detail to the log (it carries ids, never PHI); a plain
			// message to the client.
			s.Logger.Error("request failed", "path", r.URL.Path, "err", err)
			he = &httpError{status: http.StatusInternalServerError, msg: "internal error; see the service log"}
		}
		writeJSON(w, he.status, map[string]string{"error": he.msg})
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2e9)
	defer cancel()
	if _, err := s.Catalog.SchemaVersion(ctx); err != nil {
		return &httpError{http.StatusServiceUnavailable, "catalog unavailable"}
	}
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) search(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query().Get("q")
	if q == "" {
		return &httpError{http.StatusBadRequest, "missing query parameter q"}
	}
	size, _ := strconv.Atoi(r.URL.Query().Get("size"))
	from, _ := strconv.Atoi(r.URL.Query().Get("from"))
	res, err := s.Index.Search(r.Context(), index.Query{Text: q, Size: size, From: from, Highlight: "html"})
	if err != nil {
		return &httpError{http.StatusBadRequest, "the query could not be understood"}
	}
	// Searches are audited (who looked for what is part of HIPAA's audit
	// controls); the query itself may hold PHI, so it goes to the audit
	// table, not the log.
	s.Catalog.Audit(r.Context(), catalog.Event{Actor: "api", Action: "search", Entity: "index", Detail: q})
	return writeJSON(w, http.StatusOK, res)
}

func (s *Server) export(w http.ResponseWriter, r *http.Request) error {
	e, err := export.Build(r.Context(), s.Catalog, r.URL.Query().Get("batch"))
	if err != nil {
		return err
	}
	s.Catalog.Audit(r.Context(), catalog.Event{Actor: "api", Action: "export", Entity: "catalog", EntityID: r.URL.Query().Get("batch")})
	return writeJSON(w, http.StatusOK, e)
}
