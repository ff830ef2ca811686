package pipeline

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"image"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chartroom/chartroom/chart"
	"github.com/chartroom/chartroom/ocr"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// pngHeaderClaiming is a PNG signature and IHDR claiming w×h pixels, with
// a valid CRC, followed by nothing: a decompression bomb must be refused
// from this header alone.
func pngHeaderClaiming(w, h uint32) []byte {
	var b bytes.Buffer
	b.Write([]byte("\x89PNG\r\n\x1a\n"))
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 0 // 8-bit grayscale
	binary.Write(&b, binary.BigEndian, uint32(len(ihdr)))
	chunk := append([]byte("IHDR"), ihdr...)
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

func imagePDF(t *testing.T, pngBytes []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	imp := pdfcpu.DefaultImportConfig()
	if err := api.ImportImages(nil, &out, []io.Reader{bytes.NewReader(pngBytes)}, imp, nil); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// syncLog is a log sink safe for the pipeline's goroutines.
type syncLog struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (l *syncLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *syncLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func TestBadInputFailsBatchKeepsFilesAndServiceGoesOn(t *testing.T) {
	cases := []struct {
		name    string
		make    func(t *testing.T, batch string) // writes the batch folder
		removed bool                             // the folder vanishes mid-intake
		want    string                           // words the explanation must hold
	}{
		{"zero-byte file", func(t *testing.T, b string) {
			writePNG(t, filepath.Join(b, "0001.png"), 210, 297)
			os.WriteFile(filepath.Join(b, "0002.png"), nil, 0o644)
		}, false, "0002.png"},
		{"truncated PNG", func(t *testing.T, b string) {
			data := writePNG(t, filepath.Join(b, "0001.png"), 211, 297)
			os.WriteFile(filepath.Join(b, "0001.png"), data[:len(data)/2], 0o644)
		}, false, "0001.png"},
		{"text file named .png", func(t *testing.T, b string) {
			os.MkdirAll(b, 0o755)
			os.WriteFile(filepath.Join(b, "0001.png"), []byte("this is a note, not a scan\n"), 0o644)
		}, false, "0001.png"},
		{"corrupt PDF", func(t *testing.T, b string) {
			os.MkdirAll(b, 0o755)
			os.WriteFile(filepath.Join(b, "scan.pdf"), []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage\n"), 0o644)
		}, false, "scan.pdf"},
		{"encrypted PDF", func(t *testing.T, b string) {
			src := writePNG(t, filepath.Join(t.TempDir(), "p.png"), 212, 297)
			plain := imagePDF(t, src)
			var enc bytes.Buffer
			conf := model.NewAESConfiguration("secret", "owner", 256)
			if err := api.Encrypt(bytes.NewReader(plain), &enc, conf); err != nil {
				t.Fatal(err)
			}
			os.MkdirAll(b, 0o755)
			os.WriteFile(filepath.Join(b, "locked.pdf"), enc.Bytes(), 0o644)
		}, false, "locked.pdf"},
		{"decompression bomb", func(t *testing.T, b string) {
			os.MkdirAll(b, 0o755)
			os.WriteFile(filepath.Join(b, "huge.png"), pngHeaderClaiming(60000, 60000), 0o644)
		}, false, "huge.png"},
		{"folder disappears mid-intake", func(t *testing.T, b string) {
			writePNG(t, filepath.Join(b, "0001.png"), 213, 297)
		}, true, "disappeared"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := ocr.NewFake()
			f.SetText(image.Pt(400, 500), "PROGRESS NOTE\nName: TESTPERSON, ADA\nMRN: 00012345")
			e := newEnv(t, f, 2)
			inbox := filepath.Join(e.dir, "inbox")
			// Operators name folders after patients: the log must not
			// repeat the folder's or the files' names.
			bad := filepath.Join(inbox, "bad-batch")
			tc.make(t, bad)
			var before []string
			filepath.Walk(bad, func(p string, fi os.FileInfo, err error) error {
				if err == nil && !fi.IsDir() {
					rel, _ := filepath.Rel(bad, p)
					before = append(before, rel)
				}
				return nil
			})
			goodBatch := filepath.Join(inbox, "good-batch")
			writePNG(t, filepath.Join(goodBatch, "0001.png"), 400, 500)
			if tc.removed {
				testHookBeforeDecode = func(path string) {
					if filepath.Base(path) == "bad-batch" {
						os.RemoveAll(path)
					}
				}
				defer func() { testHookBeforeDecode = nil }()
			}
			var logBuf syncLog
			cfg := e.cfg
			cfg.Logger = slog.New(slog.NewTextHandler(&logBuf, &slog.HandlerOptions{Level: slog.LevelDebug}))
			p, stop := e.start(cfg)
			defer stop()
			badOut := p.Submit(context.Background(), bad)
			goodOut := p.Submit(context.Background(), goodBatch)

			o := e.outcome(badOut)
			if o.Status != chart.BatchFailed || o.Err == nil {
				t.Fatalf("bad batch outcome = %+v", o)
			}
			t.Logf("explanation: %v", o.Err)
			if !strings.Contains(o.Err.Error(), tc.want) {
				t.Errorf("error %q does not name %q", o.Err, tc.want)
			}
			failed := filepath.Join(e.cfg.FailedDir, "bad-batch")
			note, err := os.ReadFile(filepath.Join(failed, "error.txt"))
			if err != nil {
				t.Fatalf("no error.txt in failed/: %v", err)
			}
			if !strings.Contains(string(note), tc.want) {
				t.Errorf("error.txt does not name %q:\n%s", tc.want, note)
			}
			if !tc.removed {
				for _, f := range before {
					if _, err := os.Stat(filepath.Join(failed, f)); err != nil {
						t.Errorf("file %s not kept in failed/: %v", f, err)
					}
				}
			}
			if _, err := os.Stat(bad); !os.IsNotExist(err) {
				t.Errorf("bad batch still in the inbox")
			}
			b, err := e.catalog.Batch(context.Background(), o.BatchID)
			if err != nil || b.Status != chart.BatchFailed || b.Error == "" {
				t.Errorf("catalog batch = %+v, %v", b, err)
			}

			g := e.outcome(goodOut)
			stop()
			logged := logBuf.String()
			if !strings.Contains(logged, "batch failed") {
				t.Errorf("the failure is not logged:\n%s", logged)
			}
			for _, name := range append(before, "bad-batch", tc.want) {
				if strings.Contains(logged, name) {
					t.Errorf("the log names %q:\n%s", name, logged)
				}
			}
			if g.Status != chart.BatchDone || g.Err != nil || g.Pages != 1 || g.Documents != 1 {
				t.Fatalf("good batch after a bad one: %+v", g)
			}
			if _, err := os.Stat(filepath.Join(e.cfg.ArchiveDir, "good-batch", "0001.png")); err != nil {
				t.Errorf("good batch not archived: %v", err)
			}
		})
	}
}
