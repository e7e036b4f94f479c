package normalize

import (
	"strings"
	"time"
)

// digits parses s[i:i+n] as a non-negative decimal number; ok is false if any byte is not a digit.
func digits(s string, i, n int) (int, bool) {
	if i < 0 || i+n > len(s) {
		return 0, false
	}
	v := 0
	for _, c := range []byte(s[i : i+n]) {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

// makeDate builds a UTC instant from local fields and an offset in seconds east of UTC,
// rejecting out-of-range fields instead of normalizing them (D5: month 13 is invalid, not
// January of the next year).
func makeDate(y, mo, d, h, mi, s, ms, offset int) (time.Time, bool) {
	if mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 60 || y < 1 {
		return time.Time{}, false
	}
	if s == 60 { // leap second notation
		s = 59
	}
	if d > daysIn(y, mo) {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, s, ms*int(time.Millisecond), time.UTC)
	return t.Add(-time.Duration(offset) * time.Second), true
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// parseOffset parses "±HH:MM", "±HHMM", "±HH" or "Z" into seconds east of UTC.
func parseOffset(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if s == "Z" {
		return 0, true
	}
	if len(s) < 3 || (s[0] != '+' && s[0] != '-') {
		return 0, false
	}
	h, ok := digits(s, 1, 2)
	if !ok || h > 23 {
		return 0, false
	}
	m := 0
	switch rest := s[3:]; {
	case rest == "":
	case len(rest) == 3 && rest[0] == ':':
		if m, ok = digits(rest, 1, 2); !ok {
			return 0, false
		}
	case len(rest) == 2:
		if m, ok = digits(rest, 0, 2); !ok {
			return 0, false
		}
	default:
		return 0, false
	}
	if m > 59 {
		return 0, false
	}
	off := h*3600 + m*60
	if s[0] == '-' {
		off = -off
	}
	return off, true
}

// parseEXIFDateTime parses an EXIF date-time "YYYY:MM:DD HH:MM:SS" (D1); '-' is accepted as
// the date separator and the time part may be missing (midnight). Fractional seconds after the
// seconds are kept to the millisecond. offset (minutes) is the UTC offset the caller knows
// (D1's OffsetTime tag, else 0: D2); an offset the value carries itself ("2015:06:29
// 18:19:12+01:00", "...Z") is explicit and wins: own reports it.
func parseEXIFDateTime(s string, offset int) (tm time.Time, own, ok bool) {
	s = strings.TrimSpace(s)
	if len(s) < 10 {
		return time.Time{}, false, false
	}
	y, ok1 := digits(s, 0, 4)
	mo, ok2 := digits(s, 5, 2)
	d, ok3 := digits(s, 8, 2)
	if !ok1 || !ok2 || !ok3 || !isSep(s[4]) || !isSep(s[7]) {
		return time.Time{}, false, false
	}
	h, mi, sec, ms := 0, 0, 0, 0
	if len(s) > 10 {
		if len(s) < 19 || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':' {
			return time.Time{}, false, false
		}
		var ok4, ok5, ok6 bool
		h, ok4 = digits(s, 11, 2)
		mi, ok5 = digits(s, 14, 2)
		sec, ok6 = digits(s, 17, 2)
		if !ok4 || !ok5 || !ok6 {
			return time.Time{}, false, false
		}
		ms = fractionMillis(s[19:])
		rest := s[19:]
		if len(rest) > 0 && rest[0] == '.' {
			i := 1
			for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
				i++
			}
			rest = rest[i:]
		}
		if o, ok := parseOffset(rest); ok && rest != "" {
			offset, own = o, true
		}
	}
	tm, ok = makeDate(y, mo, d, h, mi, sec, ms, offset)
	return tm, own, ok
}

func isSep(c byte) bool { return c == ':' || c == '-' }

// fractionMillis reads a leading ".ddd…" as milliseconds, truncating beyond three digits (D4).
func fractionMillis(s string) int {
	if len(s) < 2 || s[0] != '.' {
		return 0
	}
	ms, n := 0, 0
	for i := 1; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		if n < 3 {
			ms = ms*10 + int(s[i]-'0')
			n++
		}
	}
	for ; n < 3; n++ {
		ms *= 10
	}
	return ms
}

// parseIIMDate parses an IIM date CCYYMMDD to 00:00 UTC (D3).
func parseIIMDate(s string) (time.Time, bool) {
	if len(s) != 8 {
		return time.Time{}, false
	}
	y, ok1 := digits(s, 0, 4)
	mo, ok2 := digits(s, 4, 2)
	d, ok3 := digits(s, 6, 2)
	if !ok1 || !ok2 || !ok3 {
		return time.Time{}, false
	}
	return makeDate(y, mo, d, 0, 0, 0, 0, 0)
}

// iimTime is a parsed IIM time HHMMSS±HHMM.
type iimTime struct {
	h, m, s   int
	ms        int    // milliseconds of a fractional second ("135926.054")
	frac      string // the fraction as stored, with its '.', kept in the printed form
	offset    int
	hasOffset bool
}

// parseIIMTime parses an IIM time "HHMMSS±HHMM" or "HHMMSS" (D3); a fractional second
// after the seconds ("135926.054-0600", as some writers store it) is accepted and kept.
func parseIIMTime(s string) (iimTime, bool) {
	var t iimTime
	if len(s) < 6 {
		return t, false
	}
	var ok1, ok2, ok3 bool
	t.h, ok1 = digits(s, 0, 2)
	t.m, ok2 = digits(s, 2, 2)
	t.s, ok3 = digits(s, 4, 2)
	if !ok1 || !ok2 || !ok3 || t.h > 23 || t.m > 59 || t.s > 60 {
		return t, false
	}
	rest := s[6:]
	if len(rest) > 1 && rest[0] == '.' {
		i := 1
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 1 {
			return t, false
		}
		t.frac, t.ms = rest[:i], fractionMillis(rest[:i])
		rest = rest[i:]
	}
	switch len(rest) {
	case 0:
	case 5:
		off, ok := parseOffset(rest)
		if !ok {
			return t, false
		}
		t.offset, t.hasOffset = off, true
	default:
		return t, false
	}
	return t, true
}

// format renders the time as ExifTool does: "HH:MM:SS[.fff]±HH:MM" (D3).
func (t iimTime) format(m *madeText, raw string) string {
	start := len(m.buf)
	out := append(m.buf, raw[0:2]...)
	out = append(append(out, ':'), raw[2:4]...)
	out = append(append(out, ':'), raw[4:6]...)
	out = append(out, t.frac...)
	if t.hasOffset {
		o := raw[len(raw)-5:]
		out = append(append(append(out, o[0:3]...), ':'), o[3:5]...)
	}
	m.buf = out
	return m.since(start)
}

// parseXMPDate parses a W3C-DTF date of any precision (D4): YYYY, YYYY-MM, YYYY-MM-DD,
// YYYY-MM-DDThh:mm[:ss[.s+]][TZD]. ExifTool's EXIF-style "YYYY:MM:DD hh:mm:ss" is accepted
// too. hasOffset reports whether a TZD was present (without one the time is UTC, D2).
func parseXMPDate(s string) (t time.Time, hasOffset, ok bool) {
	s = strings.TrimSpace(s)
	y, ok := digits(s, 0, 4)
	if !ok {
		return time.Time{}, false, false
	}
	mo, d := 1, 1
	rest := s[4:]
	for _, field := range [...]*int{&mo, &d} { // "-MM", then "-DD", each optional
		if rest == "" {
			break
		}
		if !isSep(rest[0]) {
			return time.Time{}, false, false
		}
		if *field, ok = digits(rest, 1, 2); !ok {
			return time.Time{}, false, false
		}
		rest = rest[3:]
	}
	h, mi, sec, ms, off := 0, 0, 0, 0, 0
	if rest != "" {
		if rest[0] != 'T' && rest[0] != ' ' {
			return time.Time{}, false, false
		}
		var ok1, ok2 bool
		h, ok1 = digits(rest, 1, 2)
		mi, ok2 = digits(rest, 4, 2)
		if !ok1 || !ok2 || len(rest) < 6 || rest[3] != ':' {
			return time.Time{}, false, false
		}
		rest = rest[6:]
		if len(rest) >= 3 && rest[0] == ':' {
			if sec, ok = digits(rest, 1, 2); !ok {
				return time.Time{}, false, false
			}
			rest = rest[3:]
			if len(rest) > 0 && rest[0] == '.' {
				ms = fractionMillis(rest)
				i := 1
				for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
					i++
				}
				rest = rest[i:]
			}
		}
		if rest != "" {
			if off, ok = parseOffset(rest); !ok {
				return time.Time{}, false, false
			}
			hasOffset = true
		}
	}
	t, ok = makeDate(y, mo, d, h, mi, sec, ms, off)
	return t, hasOffset, ok
}
