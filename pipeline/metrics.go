package pipeline

import "github.com/prometheus/client_golang/prometheus"

// Metrics are the pipeline's Prometheus metrics.
type Metrics struct {
	PagesIngested prometheus.Counter
	OCRSeconds    prometheus.Histogram
	Failures      *prometheus.CounterVec // by stage
	Batches       *prometheus.CounterVec // by outcome
	Documents     *prometheus.CounterVec // by status (filed/review)
	// IntegrityFailures counts objects read back different from what was
	// written; StoreRetries counts object-store calls repeated after a
	// transient failure.
	PageRoles         *prometheus.CounterVec // by role: content, blank, cover, separator
	IntegrityFailures prometheus.Counter
	StoreRetries      *prometheus.CounterVec // by operation
}

// NewMetrics creates the metrics and registers them (and queue-depth gauges
// read from p) with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		PagesIngested: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "chartroom_pages_ingested_total", Help: "Pages recognised and recorded in the catalog."}),
		OCRSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "chartroom_ocr_seconds", Help: "Time to orient, deskew and recognise one page.",
			Buckets: []float64{0.25, 0.5, 1, 2, 4, 8, 16, 32}}),
		Failures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "chartroom_failures_total", Help: "Failures by pipeline stage."}, []string{"stage"}),
		Batches: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "chartroom_batches_total", Help: "Batches finished, by outcome."}, []string{"outcome"}),
		Documents: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "chartroom_documents_total", Help: "Documents created, by status."}, []string{"status"}),
		PageRoles: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "chartroom_pages_by_role_total", Help: "Pages recorded, by role (content, blank, cover, separator)."}, []string{"role"}),
		IntegrityFailures: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "chartroom_integrity_failures_total", Help: "Objects read back that differ from what Chartroom wrote."}),
		StoreRetries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "chartroom_store_retries_total", Help: "Object-store calls repeated after a transient failure."}, []string{"op"}),
	}
	if reg != nil {
		reg.MustRegister(m.PagesIngested, m.OCRSeconds, m.Failures, m.Batches, m.Documents, m.PageRoles, m.IntegrityFailures, m.StoreRetries)
	}
	return m
}

func (p *Pipeline) registerQueueGauges(reg prometheus.Registerer) {
	if reg == nil {
		return
	}
	for name, ch := range map[string]func() int{
		"intake":   func() int { return len(p.submitted) },
		"decode":   func() int { return len(p.claimed) },
		"ocr":      func() int { return len(p.pages) },
		"document": func() int { return len(p.recognised) },
		"render":   func() int { return len(p.docs) },
		"index":    func() int { return len(p.stored) },
	} {
		reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "chartroom_queue_depth", Help: "Items waiting in front of a pipeline stage.",
			ConstLabels: prometheus.Labels{"stage": name}}, func() float64 { return float64(ch()) }))
	}
}
