package fsstore_test

import (
	"testing"

	"github.com/chartroom/chartroom/storage"
	"github.com/chartroom/chartroom/storage/fsstore"
	"github.com/chartroom/chartroom/storage/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storage.Store {
		s, err := fsstore.New(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}
