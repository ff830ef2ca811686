package typemodel

import (
	"compress/gzip"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
)

// formatVersion changes whenever the saved layout or the features change;
// a model saved by another version is refused rather than misread.
const formatVersion = 4

// ErrFormat is returned by Load for a file that is not a model of this
// version.
var ErrFormat = errors.New("typemodel: not a type model of this version (retrain with chartroom classifier train)")

type saved struct {
	Version                      int
	Classes                      []string
	Vocab                        []string
	LogP                         []float32
	LengthPower, Scale           float64
	HintWeight, StrongHintWeight float64
	StrongHintAccuracy           float64
	Info                         Info
}

// Save writes the model, gzip-compressed.
func (m *Model) Save(w io.Writer) error {
	vocab := make([]string, len(m.vocab))
	for f, i := range m.vocab {
		vocab[i] = f
	}
	zw := gzip.NewWriter(w)
	s := saved{Version: formatVersion, Classes: m.Classes, Vocab: vocab, LogP: m.logp,
		LengthPower: m.LengthPower, Scale: m.Scale, HintWeight: m.HintWeight, StrongHintWeight: m.StrongHintWeight, StrongHintAccuracy: m.StrongHintAccuracy, Info: m.Info}
	if err := gob.NewEncoder(zw).Encode(&s); err != nil {
		return fmt.Errorf("save type model: %w", err)
	}
	return zw.Close()
}

// Load reads a model written by Save.
func Load(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	var s saved
	if err := gob.NewDecoder(zr).Decode(&s); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	if s.Version != formatVersion || len(s.Classes) < 2 || len(s.LogP) != len(s.Vocab)*len(s.Classes) {
		return nil, ErrFormat
	}
	m := &Model{Classes: s.Classes, vocab: make(map[string]int32, len(s.Vocab)), logp: s.LogP,
		LengthPower: s.LengthPower, Scale: s.Scale, HintWeight: s.HintWeight, StrongHintWeight: s.StrongHintWeight, StrongHintAccuracy: s.StrongHintAccuracy, Info: s.Info}
	for i, f := range s.Vocab {
		m.vocab[f] = int32(i)
	}
	return m, nil
}
