// Package miniotest runs real MinIO servers for tests. The server binary
// is built from its Go module by scripts/minio.sh (cached); tests find it
// through CHARTROOM_MINIO_BIN, ~/.cache/chartroom/bin/minio or PATH.
//
// When CI=true, a test that needs MinIO fails if none can be had; locally
// it is skipped with a loud message.
package miniotest

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// Credentials of test servers.
const (
	AccessKey = "chartroom-test"
	SecretKey = "chartroom-test-secret"
)

// kmsKey is a fixed, test-only 32-byte key (base64).
const kmsKey = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="

// Server is a MinIO server process.
type Server struct {
	Endpoint  string // host:port
	AccessKey string
	SecretKey string

	bin, dir string
	mu       sync.Mutex
	cmd      *exec.Cmd
}

// Binary returns the MinIO server binary, or "" if there is none.
func Binary() string {
	if b := os.Getenv("CHARTROOM_MINIO_BIN"); b != "" {
		return b
	}
	if home, err := os.UserHomeDir(); err == nil {
		b := filepath.Join(home, ".cache", "chartroom", "bin", "minio")
		if _, err := os.Stat(b); err == nil {
			return b
		}
	}
	if b, err := exec.LookPath("minio"); err == nil {
		return b
	}
	return ""
}

func unavailable(t testing.TB, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("MinIO is required in CI and %s (run the tests through make test / .ci/run)", why)
	}
	t.Skipf("\n*** SKIPPED: no real MinIO server: %s. Run `make test` to build and start one. ***", why)
}

// Shared returns the server that make test started (CHARTROOM_TEST_S3_ENDPOINT),
// or a private one when none was started.
func Shared(t testing.TB) *Server {
	t.Helper()
	if ep := os.Getenv("CHARTROOM_TEST_S3_ENDPOINT"); ep != "" {
		s := &Server{Endpoint: ep, AccessKey: os.Getenv("CHARTROOM_TEST_S3_ACCESS_KEY"), SecretKey: os.Getenv("CHARTROOM_TEST_S3_SECRET_KEY")}
		if err := s.wait(20 * time.Second); err != nil {
			unavailable(t, fmt.Sprintf("the server at %s does not answer: %v", ep, err))
		}
		return s
	}
	return Start(t)
}

// Start starts a private server on a free loopback port with its own
// data folder; it is stopped when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	bin := Binary()
	if bin == "" {
		unavailable(t, "no minio binary (scripts/minio.sh builds it)")
	}
	s := &Server{AccessKey: AccessKey, SecretKey: SecretKey, bin: bin, dir: t.TempDir(), Endpoint: freeAddr(t)}
	if err := s.start(); err != nil {
		t.Fatalf("start MinIO: %v", err)
	}
	t.Cleanup(s.Stop)
	return s
}

func freeAddr(t testing.TB) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func (s *Server) start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	cmd := exec.Command(s.bin, "server", "--quiet", "--address", s.Endpoint, "--console-address", "127.0.0.1:0", s.dir)
	cmd.Env = append(os.Environ(), "MINIO_ROOT_USER="+s.AccessKey, "MINIO_ROOT_PASSWORD="+s.SecretKey,
		"MINIO_BROWSER=off", "MINIO_UPDATE=off",
		// A static KMS key, so SSE-S3 (server-managed keys) can be tested.
		"MINIO_KMS_SECRET_KEY=chartroom-test-key:"+kmsKey)
	log, err := os.Create(filepath.Join(s.dir, "..", filepath.Base(s.dir)+".minio.log"))
	if err == nil {
		cmd.Stdout, cmd.Stderr = log, log
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	s.cmd = cmd
	return s.wait(60 * time.Second)
}

func (s *Server) wait(d time.Duration) error {
	deadline := time.Now().Add(d)
	for {
		// Ready answers before the object layer is up; an S3 request
		// answers 503 ("Server not initialized yet") until it is.
		resp, err := http.Get("http://" + s.Endpoint + "/minio/health/ready")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				if resp, err = http.Get("http://" + s.Endpoint + "/"); err == nil {
					resp.Body.Close()
					if resp.StatusCode != http.StatusServiceUnavailable {
						return nil
					}
				}
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("not ready after %s: %v", d, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Stop stops a private server (data is kept for Restart).
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return
	}
	s.cmd.Process.Kill()
	s.cmd.Wait()
	s.cmd = nil
}

// Restart starts a stopped private server again on the same address and data.
func (s *Server) Restart(t testing.TB) {
	t.Helper()
	if s.bin == "" {
		t.Fatal("Restart needs a private server (miniotest.Start)")
	}
	if err := s.start(); err != nil {
		t.Fatalf("restart MinIO: %v", err)
	}
}
