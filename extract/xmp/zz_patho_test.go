package xmp

import (
	"strings"
	"testing"
	"time"

	"github.com/embedmeta/embedmeta/extract"
)

func TestPathological(t *testing.T) {
	const n = 1 << 20
	for name, s := range map[string]string{
		"directive-lt":  "<!D" + strings.Repeat("<", n) + ">",
		"directive-cmt": "<!D" + strings.Repeat("<!--", n/4),
		"amp":           wrap("<ex:a>" + strings.Repeat("&amp;", n/5) + "</ex:a>"),
		"cr":            wrap("<ex:a>" + strings.Repeat("\r", n) + "</ex:a>"),
		"attrs":         wrap("<ex:a" + strings.Repeat(` ex:b="1"`, n/9) + "/>"),
		"nonascii":      wrap(strings.Repeat("<ex:ä/>", n/8)),
		"pi":            strings.Repeat("<?a ?", n/4),
		"comment":       "<!--" + strings.Repeat("-x", n/2),
		"deep":          wrap(strings.Repeat("<ex:a>", n/6)),
		"text":          wrap("<ex:a>" + strings.Repeat("x]]", n/3) + "</ex:a>"),
		"ends":          wrap(strings.Repeat("</ex:a >", n/8)),
		"cdata":         wrap("<ex:a>" + strings.Repeat("<![CDATA[\r]]>", n/13) + "</ex:a>"),
	} {
		start := time.Now()
		Decode(extract.Payload{Data: []byte(s)}, extract.Limits{}, nil)
		fast := time.Since(start)
		start = time.Now()
		decodeOracle(extract.Payload{Data: []byte(s)}, extract.Limits{}, nil)
		t.Logf("%-14s fast %v oracle %v", name, fast, time.Since(start))
	}
}
