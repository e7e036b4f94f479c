package gen

import (
	"bufio"
	"os"
	"strings"
)

// File reads the data and overrides files and returns the generated Go source.
func File(dataPath, overridesPath string) ([]byte, error) {
	df, err := os.Open(dataPath)
	if err != nil {
		return nil, err
	}
	defer df.Close()
	data, err := ReadData(df)
	if err != nil {
		return nil, err
	}
	of, err := os.Open(overridesPath)
	if err != nil {
		return nil, err
	}
	defer of.Close()
	ovr, err := ReadOverrides(of)
	if err != nil {
		return nil, err
	}
	return Generate(data, ovr, sourceHeader(dataPath))
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
