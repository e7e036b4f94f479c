package gen

import (
	"bufio"
	"io"
	"os"
	"strings"
)

// File reads the data and overrides files and returns the generated Go source.
func File(dataPath, overridesPath string) ([]byte, error) {
	data, err := readFile(dataPath, ReadData)
	if err != nil {
		return nil, err
	}
	ovr, err := readFile(overridesPath, ReadOverrides)
	if err != nil {
		return nil, err
	}
	return Generate(data, ovr, sourceHeader(dataPath))
}

// readFile opens the file path and parses it with read.
func readFile[T any](path string, read func(io.Reader) (T, error)) (T, error) {
	f, err := os.Open(path)
	if err != nil {
		var zero T
		return zero, err
	}
	defer f.Close()
	return read(f)
}

// sourceHeader returns the first line of the data file without its comment marker, which
// names the ExifTool version the data came from.
func sourceHeader(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	if sc.Scan() {
		line := strings.TrimPrefix(sc.Text(), "# ")
		if i := strings.Index(line, " tag facts"); i > 0 {
			return "Source: " + line[:i] + "."
		}
	}
	return ""
}
