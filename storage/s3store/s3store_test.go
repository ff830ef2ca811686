package s3store_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/chartroom/chartroom/storage"
	"github.com/chartroom/chartroom/storage/s3store"
	"github.com/chartroom/chartroom/storage/s3store/miniotest"
	"github.com/chartroom/chartroom/storage/storetest"
)

func bucketName() string {
	b := make([]byte, 6)
	rand.Read(b)
	return fmt.Sprintf("t-%x", b)
}

func open(t *testing.T, srv *miniotest.Server, mod func(*s3store.Config)) *s3store.Store {
	t.Helper()
	cfg := s3store.Config{Endpoint: srv.Endpoint, Bucket: bucketName(), AccessKey: srv.AccessKey, SecretKey: srv.SecretKey,
		PathStyle: true, ObjectLock: true, Region: "us-east-1"}
	if mod != nil {
		mod(&cfg)
	}
	s, err := s3store.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestConformance(t *testing.T) {
	srv := miniotest.Shared(t)
	storetest.Run(t, func(t *testing.T) storage.Store { return open(t, srv, nil) })
}

func TestChecksumRecordedAndVersionsKept(t *testing.T) {
	srv := miniotest.Shared(t)
	s := open(t, srv, nil)
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		r    func([]byte) io.Reader
	}{
		{"seekable", func(b []byte) io.Reader { return bytes.NewReader(b) }},
		{"stream", func(b []byte) io.Reader { return io.MultiReader(bytes.NewReader(b)) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			key := "documents/d_" + tc.name + "/v1.pdf"
			v1, err := s.Put(ctx, key, tc.r([]byte("%PDF-1.7 first")))
			if err != nil {
				t.Fatal(err)
			}
			st, err := s.Stat(ctx, key)
			if err != nil || st.SHA256 != v1.SHA256 || st.VersionID == "" || st.VersionID != v1.VersionID {
				t.Fatalf("Stat = %+v, %v; Put = %+v", st, err, v1)
			}
			v2, err := s.Put(ctx, key, tc.r([]byte("%PDF-1.7 corrected")))
			if err != nil || v2.VersionID == v1.VersionID {
				t.Fatalf("second Put = %+v, %v", v2, err)
			}
			if st, _ := s.Stat(ctx, key); st.VersionID != v2.VersionID || st.SHA256 != v2.SHA256 {
				t.Fatalf("current version %+v, want %+v", st, v2)
			}
		})
	}
}

func TestLargeObjectStreamsInParts(t *testing.T) {
	srv := miniotest.Shared(t)
	s := open(t, srv, func(c *s3store.Config) { c.PartSize = 5 << 20 })
	data := make([]byte, 12<<20)
	rand.Read(data)
	info, err := s.Put(context.Background(), "pages/big", io.MultiReader(bytes.NewReader(data)))
	if err != nil || info.Size != int64(len(data)) {
		t.Fatalf("Put = %+v, %v", info, err)
	}
	rc, _, err := s.Get(context.Background(), "pages/big")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(rc)
	rc.Close()
	if !bytes.Equal(got, data) {
		t.Fatal("large object changed on the way")
	}
}

func TestLegalHoldAndRetentionRefuseDelete(t *testing.T) {
	srv := miniotest.Shared(t)
	s := open(t, srv, nil)
	ctx := context.Background()
	held, _ := s.Put(ctx, "documents/d_held/v1.pdf", strings.NewReader("%PDF held"))
	if err := s.SetLegalHold(ctx, held.Key, held.VersionID, true); err != nil {
		t.Fatal(err)
	}
	if on, err := s.LegalHold(ctx, held.Key, held.VersionID); err != nil || !on {
		t.Fatalf("LegalHold = %v, %v", on, err)
	}
	if err := s.Delete(ctx, held.Key); !errors.Is(err, storage.ErrLocked) {
		t.Fatalf("Delete of a held object: %v, want ErrLocked", err)
	}
	if err := s.SetLegalHold(ctx, held.Key, held.VersionID, false); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, held.Key); err != nil {
		t.Fatalf("Delete after the hold was lifted: %v", err)
	}

	kept, _ := s.Put(ctx, "documents/d_kept/v1.pdf", strings.NewReader("%PDF kept"))
	if err := s.SetRetention(ctx, kept.Key, kept.VersionID, storage.Compliance, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, kept.Key); !errors.Is(err, storage.ErrLocked) {
		t.Fatalf("Delete of a retained object: %v, want ErrLocked", err)
	}
}

func TestWithoutObjectLockHoldsAreRefused(t *testing.T) {
	srv := miniotest.Shared(t)
	s := open(t, srv, func(c *s3store.Config) { c.ObjectLock = false })
	info, err := s.Put(context.Background(), "documents/d/v1.pdf", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetLegalHold(context.Background(), info.Key, info.VersionID, true); !errors.Is(err, storage.ErrLockUnsupported) {
		t.Fatalf("hold without Object Lock: %v", err)
	}
}

func TestServerSideEncryptionS3(t *testing.T) {
	srv := miniotest.Shared(t)
	s := open(t, srv, func(c *s3store.Config) { c.SSE = "s3" })
	ctx := context.Background()
	if _, err := s.Put(ctx, "pages/enc.png", strings.NewReader("encrypted at rest")); err != nil {
		t.Fatal(err)
	}
	rc, _, err := s.Get(ctx, "pages/enc.png")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(rc)
	rc.Close()
	if string(b) != "encrypted at rest" {
		t.Fatalf("read back %q", b)
	}
}
