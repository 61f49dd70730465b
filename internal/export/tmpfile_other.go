//go:build !linux

package export

import "io"

// toUnnamedFile reports that unnamed temporary files (Linux's O_TMPFILE)
// are not available here, so ToFile uses a named temp file.
func toUnnamedFile(dir, path string, force bool, write func(io.Writer) error) (done bool, err error) {
	return false, nil
}
