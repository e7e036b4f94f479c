package oracle

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// jsDate is the J2 form of an instant.
const jsDate = "2006-01-02T15:04:05.000Z"

// dateRE matches the date forms ExifTool writes for EXIF, IIM, XMP and composite dates:
// "YYYY", "YYYY:MM", "YYYY:MM:DD", then optionally " HH:MM[:SS[.fff]]" and a zone "Z" or
// "±HH:MM" / "±HHMM". XMP values ExifTool could not reformat keep their W3C-DTF '-' and 'T'.
var dateRE = regexp.MustCompile(`^(\d{4})(?:[:-](\d{2})(?:[:-](\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$`)

// parseDate turns a date as ExifTool shows it into the J2 text of its UTC instant (D1-D5):
// missing parts default to the start of the period, a missing zone is UTC (D2), fractions
// beyond milliseconds are truncated, and anything invalid is no date (D5).
func parseDate(s string) (any, bool) {
	m := dateRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return nil, false
	}
	num := func(i, def int) int {
		if m[i] == "" {
			return def
		}
		n, _ := strconv.Atoi(m[i])
		return n
	}
	y, mo, d := num(1, 0), num(2, 1), num(3, 1)
	h, mi, sec := num(4, 0), num(5, 0), num(6, 0)
	ms := 0
	if f := m[7]; f != "" {
		f = (f + "00")[:3]
		ms, _ = strconv.Atoi(f)
	}
	if y == 0 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 59 {
		return nil, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, sec, ms*int(time.Millisecond), time.UTC)
	if t.Day() != d {
		return nil, false // 31 February
	}
	if z := m[8]; z != "" && z != "Z" {
		z = strings.ReplaceAll(z, ":", "")
		oh, _ := strconv.Atoi(z[1:3])
		om, _ := strconv.Atoi(z[3:5])
		off := time.Duration(oh)*time.Hour + time.Duration(om)*time.Minute
		if z[0] == '-' {
			off = -off
		}
		t = t.Add(-off)
	}
	return t.Format(jsDate), true
}

// exifDateTime is D1: a local EXIF date-time and the OffsetTime* text of its tag ("" when the
// file has none: UTC, D2).
func exifDateTime(s, offset string) (any, bool) {
	s = strings.TrimSpace(s)
	if len(s) > 10 && len(offset) == 6 && (offset[0] == '+' || offset[0] == '-') {
		s += offset
	}
	return parseDate(s)
}
