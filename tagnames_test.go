package embedmeta_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/embedmeta/embedmeta"
)

// notTagNames are string literals outside schema/ that are spelled like a dictionary key but
// name something else: a PDF dictionary key, an RDF syntax element, a suffix of ExifTool's
// names as the test oracle reads them.
var notTagNames = map[string]string{
	"internal/oracle/map.go:Longitude":    "the suffix of ExifTool's GPS*Longitude names, in the oracle that reads ExifTool's output",
	"extract/pdf/xref.go:Type":            "the PDF dictionary key /Type",
	"extract/xmp/annotate.go:Description": "the RDF element rdf:Description",
}

// TestNoTagNameLiterals: every tag rule is schema's data (issue 15.3): no production Go file
// outside schema/ spells a dictionary key as a string literal.
func TestNoTagNameLiterals(t *testing.T) {
	keys := map[string]bool{}
	for _, k := range embedmeta.Keys() {
		keys[k.Key] = true
	}
	files := 0
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch {
			case p == ".":
			case p == "schema", p == "testdata", p == "beam", strings.HasPrefix(d.Name(), "."):
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		files++
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err == nil && keys[s] {
				if _, ok := notTagNames[filepath.ToSlash(p)+":"+s]; !ok {
					t.Errorf("%s: the key %q spelled as code: make it schema data", fset.Position(lit.Pos()), s)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 50 {
		t.Fatalf("only %d Go files read", files)
	}
}
