//go:build !unix

package embedmeta

import "os"

// openRead opens path for reading in place and returns it with its size.
func openRead(path string) (readCloserAt, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	return f, st.Size(), nil
}
