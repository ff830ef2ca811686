package calibration

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

func TestTable(t *testing.T) {
	tab := New()
	// Ten predictions at 0.9, nine right: calibrated in that bin.
	for i := range 10 {
		tab.Add(0.9, i != 0)
	}
	// Four at 1.0 (the last bin includes 1.0), two right: over-confident.
	for i := range 4 {
		tab.Add(1.0, i < 2)
	}
	tab.Add(0.3, false)
	if tab.N() != 15 {
		t.Fatalf("N = %d, want 15", tab.N())
	}
	want := (10*math.Abs(0.9-0.9) + 4*math.Abs(1.0-0.5) + 1*math.Abs(0.3-0)) / 15
	if math.Abs(tab.ECE()-want) > 1e-9 {
		t.Fatalf("ECE = %.4f, want %.4f", tab.ECE(), want)
	}
	var buf bytes.Buffer
	tab.Print(&buf, "  ")
	out := buf.String()
	for _, s := range []string{"[0.90, 0.95)  n=10", "[0.99, 1.00)  n=4", "observed 0.500", "[0.00, 0.50)  n=1"} {
		if !strings.Contains(out, s) {
			t.Errorf("printed table lacks %q:\n%s", s, out)
		}
	}
	if strings.Contains(out, "[0.50, 0.60)") {
		t.Errorf("empty bins are printed:\n%s", out)
	}
}
