// Command listx refreshes schema/data/exiftool.tsv, the checked-in extract of ExifTool's tag
// tables that `go generate ./schema` turns into schema/tables_gen.go.
//
// It needs ExifTool (the `exiftool` script and its Perl modules, e.g. the Debian package
// libimage-exiftool-perl). Run it from the module root:
//
//	go run ./schema/internal/listx            # writes schema/data/exiftool.tsv
//	go run ./schema/internal/listx -o FILE    # writes FILE instead
//
// Two ExifTool sources are read:
//   - `exiftool -listx -f -lang en`: every tag of the tables we use (Exif::Main, GPS::Main,
//     PanasonicRaw::Main, IPTC::EnvelopeRecord, IPTC::ApplicationRecord and every table of
//     family-0 group XMP)
//     with id, name, type, count, flags (only printed with -f), struct membership, family-1
//     group and the English <values> lookup labels (spec N2);
//   - ExifTool's Perl modules, for facts -listx does not print: each XMP table's namespace
//     prefix and URI, the table of known prefix -> URI pairs, variable counts, base64 XMP
//     tags and the format an EXIF tag's value is read as where it differs from its type.
//
// The output format is documented in the header it writes (see writeHeader).
package main

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"os/exec"
	"sort"
	"strings"

	"github.com/embedmeta/embedmeta/internal/command"
)

func main() {
	exiftool := flag.String("exiftool", "exiftool", "exiftool command")
	command.Main("listx", "schema/data/exiftool.tsv", func() ([]byte, error) { return run(*exiftool) })
}

// wantedTable reports whether a -listx table belongs in the data file.
func wantedTable(name, g0 string) bool {
	switch name {
	case "Exif::Main", "GPS::Main", "PanasonicRaw::Main", "IPTC::EnvelopeRecord", "IPTC::ApplicationRecord":
		return true
	}
	return g0 == "XMP"
}

// withValues reports whether the <values> labels of a table are kept: EXIF, including the
// PanasonicRaw table of RW2 IFD0 (V2), and the XMP mirrors of EXIF (V6b). IIM (V5) and other
// XMP closed choices (V6a) are never labelled.
func withValues(table string) bool {
	switch table {
	case "Exif::Main", "GPS::Main", "PanasonicRaw::Main", "XMP::exif", "XMP::exifEX", "XMP::tiff", "XMP::aux":
		return true
	}
	return false
}

type tableRec struct {
	Name, G0, G1 string
	Prefix, URI  string
	Tags         []tagRec
}

type tagRec struct {
	ID, Index, Name, Type, Count, Writable, Flags, Struct, G1 string
	Format                                                    string // read format, where it differs from Type
	Values                                                    [][2]string
}

// run reads ExifTool's tables with the command exiftool and returns the data file.
func run(exiftool string) ([]byte, error) {
	ver, err := exec.Command(exiftool, "-ver").Output()
	if err != nil {
		return nil, fmt.Errorf("exiftool -ver: %w", err)
	}
	cmd := exec.Command(exiftool, "-listx", "-f", "-lang", "en")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("exiftool -listx: %w", err)
	}
	tables, err := parseListx(stdout)
	if werr := cmd.Wait(); err == nil && werr != nil {
		err = fmt.Errorf("exiftool -listx: %w", werr)
	}
	if err != nil {
		return nil, err
	}
	nsOf, prefixes, err := perlNamespaces(tables)
	if err != nil {
		return nil, err
	}
	for i := range tables {
		if ns, ok := nsOf[tables[i].Name]; ok {
			tables[i].Prefix, tables[i].URI = ns[0], ns[1]
		}
	}
	var buf bytes.Buffer
	writeData(&buf, strings.TrimSpace(string(ver)), tables, prefixes)
	return buf.Bytes(), nil
}

// parseListx reads the -listx XML and keeps the wanted tables in document order.
func parseListx(r io.Reader) ([]tableRec, error) {
	dec := xml.NewDecoder(bufio.NewReader(r))
	var (
		tables []tableRec
		cur    *tableRec
		tag    *tagRec
		code   string
		inVal  bool
		text   strings.Builder
	)
	attr := func(se xml.StartElement, name string) string {
		for _, a := range se.Attr {
			if a.Name.Local == name {
				return a.Value
			}
		}
		return ""
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("parse -listx: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "table":
				name, g0 := attr(t, "name"), attr(t, "g0")
				if wantedTable(name, g0) {
					tables = append(tables, tableRec{Name: name, G0: g0, G1: attr(t, "g1")})
					cur = &tables[len(tables)-1]
				}
			case "tag":
				if cur != nil {
					cur.Tags = append(cur.Tags, tagRec{
						ID: attr(t, "id"), Index: attr(t, "index"), Name: attr(t, "name"),
						Type: attr(t, "type"), Count: attr(t, "count"), Writable: attr(t, "writable"),
						Flags: attr(t, "flags"), Struct: attr(t, "struct"), G1: attr(t, "g1"),
					})
					tag = &cur.Tags[len(cur.Tags)-1]
				}
			case "key":
				code = attr(t, "id")
			case "val":
				if tag != nil && attr(t, "lang") == "en" && withValues(cur.Name) {
					inVal = true
					text.Reset()
				}
			}
		case xml.CharData:
			if inVal {
				text.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "val":
				if inVal {
					tag.Values = append(tag.Values, [2]string{code, text.String()})
					inVal = false
				}
			case "tag":
				tag = nil
			case "table":
				cur = nil
			}
		}
	}
	return tables, nil
}

// perlScript prints, for every table named on the command line, "table\t<name>\t<prefix>\t<uri>"
// (from the table's NAMESPACE); "count\t<table>\t<id>\t<index>\t<count>" for every EXIF tag
// defined with a variable count (negative); "format\t<table>\t<id>\t<index>\t<format>" for
// every EXIF tag whose value ExifTool reads in a format other than its writable type (e.g.
// PanasonicRaw NoiseReductionParams: undef read as int16u); "base64\t<table>\t<id>" for every XMP tag whose value
// ExifTool decodes from base64; then "ns\t<prefix>\t<uri>" for every known prefix.
const perlScript = `
use strict; use warnings;
use Image::ExifTool; use Image::ExifTool::XMP;
for my $t (@ARGV) {
    my $tb = Image::ExifTool::GetTagTable("Image::ExifTool::$t") or next;
    my $ns = $tb->{NAMESPACE};
    my ($p, $u);
    if (ref $ns eq 'HASH') { ($p) = sort keys %$ns; $u = $ns->{$p}; }
    elsif (defined $ns) { $p = $ns; $u = $Image::ExifTool::XMP::nsURI{$ns}; }
    print join("\t", 'table', $t, $p // '', $u // ''), "\n";
}
# Variable-count EXIF tags (Count => -1), which -listx prints without a count, EXIF tags whose
# unknown codes print in hex (PrintHex), and EXIF tags read in another format than their
# writable type (Format): -listx prints none of these.
for my $t ('Exif::Main', 'GPS::Main', 'PanasonicRaw::Main') {
    my $tb = Image::ExifTool::GetTagTable("Image::ExifTool::$t") or next;
    for my $id (grep /^\d+$/, keys %$tb) {
        my $v = $tb->{$id};
        my @vs = ref $v eq 'ARRAY' ? @$v : ($v);
        for my $i (0 .. $#vs) {
            next unless ref $vs[$i] eq 'HASH';
            my $ix = ref $v eq 'ARRAY' ? $i : '';
            my ($c, $f, $w) = @{$vs[$i]}{qw(Count Format Writable)};
            print join("\t", 'count', $t, $id, $ix, $c), "\n" if defined $c and $c < 0;
            my $fl = $vs[$i]{Flags};
            my $hex = $vs[$i]{PrintHex} || (ref $fl eq 'ARRAY' ? grep({ $_ eq 'PrintHex' } @$fl) : (defined $fl and $fl eq 'PrintHex'));
            print join("\t", 'printhex', $t, $id, $ix), "\n" if $hex;
            my $pc = $vs[$i]{PrintConv};
            print join("\t", 'bitmask', $t, $id, $ix), "\n" if ref $pc eq 'HASH' and $$pc{BITMASK};
            next if $vs[$i]{SubDirectory};
            # Format 'string': the value is read as text whatever type it is stored as
            # (OriginalRawFileName stored as BYTE is still a file name).
            if (defined $f and $f eq 'string') {
                print join("\t", 'format', $t, $id, $ix, $f), "\n";
                next;
            }
            next if $t ne 'PanasonicRaw::Main';
            print join("\t", 'format', $t, $id, $ix, $f), "\n"
                if defined $f and defined $w and $f ne $w;
        }
    }
}
# XMP tags (flattened struct fields included) whose value is base64-encoded binary.
for my $t (@ARGV) {
    my $tb = Image::ExifTool::GetTagTable("Image::ExifTool::$t") or next;
    for my $id (keys %$tb) {
        my $ti = $tb->{$id};
        Image::ExifTool::XMP::AddFlattenedTags($tb, $id) if ref $ti eq 'HASH' and $ti->{Struct};
    }
    for my $id (sort keys %$tb) {
        my $ti = $tb->{$id};
        next unless ref $ti eq 'HASH' and defined $ti->{ValueConv} and not ref $ti->{ValueConv};
        print join("\t", 'base64', $t, $id), "\n" if $ti->{ValueConv} =~ /DecodeBase64/;
    }
}
for my $p (sort keys %Image::ExifTool::XMP::nsURI) {
    print join("\t", 'ns', $p, $Image::ExifTool::XMP::nsURI{$p}), "\n";
}
`

func perlNamespaces(tables []tableRec) (map[string][2]string, [][2]string, error) {
	counts := map[[3]string]string{}
	formats := map[[3]string]string{}
	base64 := map[[2]string]bool{}
	printHex := map[[3]string]bool{}
	bitmask := map[[3]string]bool{}
	defer func() {
		for i := range tables {
			for j := range tables[i].Tags {
				g := &tables[i].Tags[j]
				if c, ok := counts[[3]string{tables[i].Name, g.ID, g.Index}]; ok && g.Count == "" {
					g.Count = c
				}
				g.Format = formats[[3]string{tables[i].Name, g.ID, g.Index}]
				if base64[[2]string{tables[i].Name, g.ID}] {
					g.Flags = strings.TrimPrefix(g.Flags+",Base64", ",")
				}
				if printHex[[3]string{tables[i].Name, g.ID, g.Index}] {
					g.Flags = strings.TrimPrefix(g.Flags+",PrintHex", ",")
				}
				if bitmask[[3]string{tables[i].Name, g.ID, g.Index}] {
					g.Flags = strings.TrimPrefix(g.Flags+",Bitmask", ",")
				}
			}
		}
	}()
	args := []string{"-e", perlScript}
	for _, t := range tables {
		if t.G0 == "XMP" {
			args = append(args, t.Name)
		}
	}
	outb, err := exec.Command("perl", args...).Output()
	if err != nil {
		return nil, nil, fmt.Errorf("perl (ExifTool modules): %w", err)
	}
	nsOf := map[string][2]string{}
	var prefixes [][2]string
	for _, line := range strings.Split(string(outb), "\n") {
		f := strings.Split(line, "\t")
		switch {
		case len(f) == 4 && f[0] == "table":
			nsOf[f[1]] = [2]string{f[2], f[3]}
		case len(f) == 5 && f[0] == "count":
			counts[[3]string{f[1], f[2], f[3]}] = f[4]
		case len(f) == 5 && f[0] == "format":
			formats[[3]string{f[1], f[2], f[3]}] = f[4]
		case len(f) == 4 && f[0] == "printhex":
			printHex[[3]string{f[1], f[2], f[3]}] = true
		case len(f) == 4 && f[0] == "bitmask":
			bitmask[[3]string{f[1], f[2], f[3]}] = true
		case len(f) == 3 && f[0] == "base64":
			base64[[2]string{f[1], f[2]}] = true
		case len(f) == 3 && f[0] == "ns":
			prefixes = append(prefixes, [2]string{f[1], f[2]})
		}
	}
	sort.Slice(prefixes, func(i, j int) bool { return prefixes[i][0] < prefixes[j][0] })
	return nsOf, prefixes, nil
}

// esc makes a field safe for one TSV cell: backslash, tab, CR and LF are escaped.
func esc(s string) string {
	if !strings.ContainsAny(s, "\\\t\r\n") {
		return s
	}
	return strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\r", `\r`, "\n", `\n`).Replace(s)
}

func row(w io.Writer, fields ...string) {
	for i, f := range fields {
		fields[i] = esc(f)
	}
	fmt.Fprintln(w, strings.Join(fields, "\t"))
}

func writeData(w io.Writer, version string, tables []tableRec, prefixes [][2]string) {
	fmt.Fprintf(w, `# ExifTool %s tag facts for embedmeta's schema (spec N2). Generated by
# "go run ./schema/internal/listx" from "exiftool -listx -f -lang en" and ExifTool's XMP
# namespace tables. DO NOT EDIT; hand decisions belong in overrides.tsv.
# Rows (tab-separated; \\ \t \n \r escaped):
#   ns     prefix uri                          a prefix ExifTool knows
#   table  name g0 g1 prefix uri               a tag table (prefix/uri: XMP namespace)
#   tag    id index name type count writable flags struct g1
#                                              a tag of the table above (index: variant;
#                                              count -1: any number of values;
#                                              flags Base64, PrintHex and Bitmask, added from the Perl
#                                              modules: the value is base64-encoded binary; unknown
#                                              codes print in hex; the value is a set of bits, the
#                                              val codes 1<<bit, printed as ExifTool's BITMASK)
#   val    code label                          a <values> label of the tag above (English)
#   format type                                the format ExifTool reads the value of the
#                                              tag above as, where it differs from its type
#                                              (from the Perl modules; PanasonicRaw, and
#                                              string for every tag ExifTool reads as text
#                                              whatever its stored type)
`, version)
	for _, p := range prefixes {
		row(w, "ns", p[0], p[1])
	}
	for _, t := range tables {
		row(w, "table", t.Name, t.G0, t.G1, t.Prefix, t.URI)
		for _, g := range t.Tags {
			row(w, "tag", g.ID, g.Index, g.Name, g.Type, g.Count, g.Writable, g.Flags, g.Struct, g.G1)
			if g.Format != "" {
				row(w, "format", g.Format)
			}
			for _, v := range g.Values {
				row(w, "val", v[0], v[1])
			}
		}
	}
}
