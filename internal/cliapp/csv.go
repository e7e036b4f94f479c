package cliapp

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/embedmeta/embedmeta"
)

// csvTable is the --csv output: one row per file, one column per key, as ExifTool's -csv
// writes it (SourceFile first, list items joined by --sep). The columns are the keys in
// the order files first show them, so the header is known only once every file is read:
// rows are kept until the end (a run over many files holds its rows in memory; NDJSON
// streams).
type csvTable struct {
	cfg  *config
	mu   sync.Mutex
	cols []string       // column names after SourceFile
	idx  map[string]int // column name -> index in cols
}

func newCSVTable(cfg *config) *csvTable {
	return &csvTable{cfg: cfg, idx: map[string]int{}}
}

// column returns the index of the named column, adding it.
func (t *csvTable) column(name string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	i, ok := t.idx[name]
	if !ok {
		i = len(t.cols)
		t.cols = append(t.cols, name)
		t.idx[name] = i
	}
	return i
}

// row returns the cells of r's row: [0] is SourceFile, [1+i] the cell of column i. It is
// called by the workers, before the Metadata's memory is reused.
func (t *csvTable) row(p *printer, r result) []string {
	row := []string{r.name}
	set := func(col, text string) {
		i := 1 + t.column(col)
		for len(row) <= i {
			row = append(row, "")
		}
		row[i] = text
	}
	if r.md == nil || r.err != nil {
		return row
	}
	for _, f := range r.md.Fields() {
		if !p.sel.keep(f) {
			continue
		}
		key := f.Key
		if t.cfg.groups {
			key = f.Source.String() + ":" + key
		}
		set(key, cellText(f.Value, t.cfg.sep))
	}
	if t.cfg.facts {
		for _, kv := range factCells(r.md.Facts) {
			set("facts:"+kv[0], kv[1])
		}
	}
	return row
}

// cellText writes a value as a CSV cell: strings as they are, numbers in their JSON form
// (J3), dates as J2 instants, list items joined by sep.
func cellText(v embedmeta.Value, sep string) string {
	if len(v.Items) == 1 {
		return v.String()
	}
	parts := make([]string, len(v.Items))
	for i, it := range v.Items {
		one := v
		one.List, one.Items = false, []embedmeta.Scalar{it}
		parts[i] = one.String()
	}
	return strings.Join(parts, sep)
}

// factCells returns the known facts as (name, text) pairs with the JSON member names.
func factCells(f embedmeta.Facts) [][2]string {
	var out [][2]string
	add := func(name, v string) {
		if v != "" && v != "0" {
			out = append(out, [2]string{name, v})
		}
	}
	add("fileType", f.FileType)
	add("mime", f.MIME)
	add("width", strconv.Itoa(f.Width))
	add("height", strconv.Itoa(f.Height))
	if f.HasAlpha != nil {
		add("hasAlpha", strconv.FormatBool(*f.HasAlpha))
	}
	add("duration", strconv.FormatFloat(f.Duration, 'f', -1, 64))
	add("bitRate", strconv.FormatInt(f.BitRate, 10))
	add("videoCodec", f.VideoCodec)
	add("audioCodec", f.AudioCodec)
	return out
}

// write writes the header and the rows, each padded to the header's width.
func (t *csvTable) write(w io.Writer, rows [][]string) {
	cw := csv.NewWriter(w)
	_ = cw.Write(append([]string{"SourceFile"}, t.cols...))
	width := 1 + len(t.cols)
	for _, r := range rows {
		for len(r) < width {
			r = append(r, "")
		}
		_ = cw.Write(r)
	}
	cw.Flush()
}
