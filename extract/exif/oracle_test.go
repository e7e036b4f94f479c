package exif

import (
	exifv3 "github.com/dsoprea/go-exif/v3"
	exifcommon "github.com/dsoprea/go-exif/v3/common"

	"github.com/embedmeta/embedmeta/extract"
)

// go-exif's tag index and IFD mapping, built once and eagerly: TagIndex loads itself lazily
// on first use without holding its mutex, a data race under concurrent first use
// (notes/dependencies.md). No go-logging adapter is registered, so go-exif stays silent.
var (
	oracleMapping = mustMapping()
	oracleIndex   = mustIndex()
)

func mustMapping() *exifcommon.IfdMapping {
	var im *exifcommon.IfdMapping
	if err := guard(func() error {
		var err error
		im, err = exifcommon.NewIfdMappingWithStandard()
		return err
	}); err != nil {
		panic(err) // test setup only
	}
	return im
}

func mustIndex() *exifv3.TagIndex {
	ti := exifv3.NewTagIndex()
	if err := guard(func() error { return exifv3.LoadStandardTags(ti) }); err != nil {
		panic(err) // test setup only
	}
	ti.SetUniversalSearch(true)
	return ti
}

// seen is what go-exif's walk reports for one tag.
type seen struct {
	Dir   string
	ID    uint16
	Count uint32
}

// oracle runs go-exif's own IFD walk (Visit) over a blob, through the guard, and returns
// what it saw before any failure. Feed it only sanitize's output.
func oracle(blob []byte) ([]seen, error) {
	var out []seen
	err := guard(func() error {
		_, _, err := exifv3.Visit(exifcommon.IfdStandardIfdIdentity, oracleMapping, oracleIndex, blob,
			func(ite *exifv3.IfdTagEntry) error {
				ii := ite.IfdIdentity()
				dir := ""
				switch ii.Name() {
				case "IFD":
					dir = extract.DirIFD0
					if ii.Index() == 1 {
						dir = extract.DirIFD1
					}
				case "Exif":
					dir = extract.DirExifIFD
				case "GPSInfo":
					dir = extract.DirGPS
				case "Iop":
					dir = extract.DirInterop
				}
				if ite.ChildIfdPath() == "" && dir != "" && ii.Index() <= 1 {
					out = append(out, seen{dir, ite.TagId(), ite.UnitCount()})
				}
				return nil
			}, nil)
		return err
	})
	return out, err
}
