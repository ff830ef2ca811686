package pipeline

import (
	"encoding/json"
	"io"
	"time"

	"github.com/chartroom/chartroom/chart"
)

// manifest is what arrived in a batch, stored beside its pages so the
// object store alone can say what a batch held.
type manifest struct {
	Batch    string       `json:"batch"`
	Name     string       `json:"name"`
	Received time.Time    `json:"received"`
	Files    []chart.File `json:"files"`
}

func writeManifest(w io.Writer, b chart.Batch) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(manifest{Batch: b.ID, Name: b.Name, Received: b.ReceivedAt, Files: b.Files})
}
