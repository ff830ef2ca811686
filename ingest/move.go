package ingest

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// Move moves a batch (folder or file) into dir, keeping its name (with a
// suffix if the name is taken), and writes note (if any) into the moved
// folder as noteName, or beside a moved file as <file>.<noteName>. It returns
// the new path. Across filesystems it copies, syncs, then removes the
// source: the files always exist in at least one place.
func Move(src, dir, noteName, note string) (string, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", err
	}
	name := filepath.Base(src)
	dst := filepath.Join(dir, name)
	for i := 1; exists(dst); i++ {
		dst = filepath.Join(dir, fmt.Sprintf("%s.%d", name, i))
	}
	fi, statErr := os.Stat(src)
	switch {
	case os.IsNotExist(statErr):
		// Nothing left to move (the folder vanished): keep the explanation.
		if err := os.MkdirAll(dst, 0o750); err != nil {
			return "", err
		}
		fi = nil
	case statErr != nil:
		return "", statErr
	default:
		if err := os.Rename(src, dst); err != nil {
			if err := copyTree(src, dst); err != nil {
				return "", fmt.Errorf("move %s: %w", name, err)
			}
			if err := os.RemoveAll(src); err != nil {
				return "", fmt.Errorf("move %s: copied, but the original could not be removed: %w", name, err)
			}
		}
	}
	if note != "" {
		notePath := filepath.Join(dst, noteName)
		if fi != nil && !fi.IsDir() {
			notePath = dst + "." + noteName
		}
		stamp := time.Now().UTC().Format(time.RFC3339)
		if err := os.WriteFile(notePath, []byte(stamp+"\n"+note+"\n"), 0o640); err != nil {
			return dst, err
		}
	}
	return dst, nil
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

func copyTree(src, dst string) error {
	return filepath.Walk(src, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if fi.IsDir() {
			return os.MkdirAll(target, 0o750)
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.OpenFile(target, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o640)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		if err := out.Sync(); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
}
