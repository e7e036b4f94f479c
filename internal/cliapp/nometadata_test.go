package cliapp

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestImageWithoutMetadata: an image that carries no metadata (a BMP) is read, not an
// error: an empty object, its facts with --facts, exit status 0.
func TestImageWithoutMetadata(t *testing.T) {
	bmp := "../../testdata/formats/bitmap/BMP.bmp"
	code, out, errOut := runCLI(bmp)
	assert.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "{}\n", out)
	code, out, _ = runCLI("--facts", bmp)
	assert.Equal(t, exitOK, code)
	assert.Equal(t, `{"file":"`+bmp+`","embeddedMetadata":{},"facts":{"fileType":"image","mime":"image/bmp","width":8,"height":8,"hasAlpha":false}}`+"\n", out)
}
