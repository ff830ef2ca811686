// Package storetest is the conformance suite every storage.Store
// implementation must pass. Run it from the implementation's tests:
//
//	func TestConformance(t *testing.T) { storetest.Run(t, func(t *testing.T) storage.Store { ... }) }
package storetest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/chartroom/chartroom/storage"
)

// Run runs the suite. newStore must return an empty store for each call.
func Run(t *testing.T, newStore func(t *testing.T) storage.Store) {
	ctx := context.Background()
	sum := func(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

	t.Run("PutGetRoundTrip", func(t *testing.T) {
		s := newStore(t)
		data := bytes.Repeat([]byte("page image bytes "), 10000)
		info, err := s.Put(ctx, "pages/b1/p1.png", bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if info.Size != int64(len(data)) || info.SHA256 != sum(data) || info.Key != "pages/b1/p1.png" {
			t.Fatalf("Put info = %+v, want size %d sha %s", info, len(data), sum(data))
		}
		rc, ginfo, err := s.Get(ctx, "pages/b1/p1.png")
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		got, err := io.ReadAll(rc)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, data) || ginfo.Size != int64(len(data)) {
			t.Fatalf("Get returned %d bytes (info size %d), want %d", len(got), ginfo.Size, len(data))
		}
	})

	t.Run("EmptyObject", func(t *testing.T) {
		s := newStore(t)
		info, err := s.Put(ctx, "empty", bytes.NewReader(nil))
		if err != nil {
			t.Fatal(err)
		}
		if info.Size != 0 || info.SHA256 != sum(nil) {
			t.Fatalf("info = %+v", info)
		}
	})

	t.Run("Overwrite", func(t *testing.T) {
		s := newStore(t)
		for _, v := range []string{"first version", "second"} {
			if _, err := s.Put(ctx, "k/v", strings.NewReader(v)); err != nil {
				t.Fatal(err)
			}
		}
		rc, _, err := s.Get(ctx, "k/v")
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(rc)
		rc.Close()
		if string(got) != "second" {
			t.Fatalf("got %q after overwrite", got)
		}
	})

	t.Run("NotFound", func(t *testing.T) {
		s := newStore(t)
		if _, _, err := s.Get(ctx, "missing/key"); !errors.Is(err, storage.ErrNotFound) {
			t.Errorf("Get: err = %v, want ErrNotFound", err)
		}
		if _, err := s.Stat(ctx, "missing/key"); !errors.Is(err, storage.ErrNotFound) {
			t.Errorf("Stat: err = %v, want ErrNotFound", err)
		}
		if err := s.Delete(ctx, "missing/key"); !errors.Is(err, storage.ErrNotFound) {
			t.Errorf("Delete: err = %v, want ErrNotFound", err)
		}
	})

	t.Run("StatAndDelete", func(t *testing.T) {
		s := newStore(t)
		if _, err := s.Put(ctx, "a/b.pdf", strings.NewReader("12345")); err != nil {
			t.Fatal(err)
		}
		info, err := s.Stat(ctx, "a/b.pdf")
		if err != nil || info.Size != 5 {
			t.Fatalf("Stat = %+v, %v", info, err)
		}
		if err := s.Delete(ctx, "a/b.pdf"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Stat(ctx, "a/b.pdf"); !errors.Is(err, storage.ErrNotFound) {
			t.Fatalf("after Delete, Stat err = %v", err)
		}
	})

	t.Run("ListPrefixOrdered", func(t *testing.T) {
		s := newStore(t)
		for _, k := range []string{"pages/b2/p1.png", "pages/b1/p2.png", "pages/b1/p1.png", "documents/d1/v1.pdf"} {
			if _, err := s.Put(ctx, k, strings.NewReader(k)); err != nil {
				t.Fatal(err)
			}
		}
		var got []string
		err := s.List(ctx, "pages/b1/", func(o storage.ObjectInfo) error {
			got = append(got, o.Key)
			if o.Size != int64(len(o.Key)) {
				t.Errorf("%s: size %d", o.Key, o.Size)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(got, ",") != "pages/b1/p1.png,pages/b1/p2.png" {
			t.Fatalf("List = %v", got)
		}
		stop := errors.New("stop")
		n := 0
		if err := s.List(ctx, "", func(storage.ObjectInfo) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
			t.Fatalf("List did not stop at fn's error: n=%d err=%v", n, err)
		}
	})

	t.Run("InvalidKeys", func(t *testing.T) {
		s := newStore(t)
		for _, k := range []string{"", "/abs", "../escape", "a/../../b", "a//b", "a/./b", `a\b`} {
			if _, err := s.Put(ctx, k, strings.NewReader("x")); !errors.Is(err, storage.ErrInvalidKey) {
				t.Errorf("Put(%q): err = %v, want ErrInvalidKey", k, err)
			}
		}
	})

	t.Run("FailedPutLeavesNoObject", func(t *testing.T) {
		s := newStore(t)
		if _, err := s.Put(ctx, "k", strings.NewReader("old")); err != nil {
			t.Fatal(err)
		}
		broken := io.MultiReader(strings.NewReader("new partial"), errReader{})
		if _, err := s.Put(ctx, "k", broken); err == nil {
			t.Fatal("Put with a failing reader succeeded")
		}
		rc, _, err := s.Get(ctx, "k")
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(rc)
		rc.Close()
		if string(got) != "old" {
			t.Fatalf("after failed Put, object = %q, want the old one intact", got)
		}
		var keys []string
		s.List(ctx, "", func(o storage.ObjectInfo) error { keys = append(keys, o.Key); return nil })
		if len(keys) != 1 {
			t.Fatalf("after failed Put, List = %v", keys)
		}
	})

	t.Run("CancelledContext", func(t *testing.T) {
		s := newStore(t)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := s.Put(cctx, "c", strings.NewReader("x")); err == nil {
			t.Fatal("Put with a cancelled context succeeded")
		}
		if _, err := s.Stat(ctx, "c"); !errors.Is(err, storage.ErrNotFound) {
			t.Fatalf("object exists after cancelled Put: %v", err)
		}
	})
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("disk unplugged") }
