package normalize

import "math/bits"

// iimDatasets records, per record-2 dataset number, the first value met (for the
// date+time composites, S7) and the key its values were collected under (for the aliases,
// A1). It is part of the pooled normalizer: arrays instead of maps, and reset clears only
// the numbers a file used.
type iimDatasets struct {
	raws           [256][]byte
	keys           [256]string
	hasRaw, hasKey [4]uint64 // bit ds: raws[ds] / keys[ds] is set
}

// raw returns the first value of dataset ds.
func (d *iimDatasets) raw(ds uint8) ([]byte, bool) {
	if d.hasRaw[ds/64]&(1<<(ds%64)) == 0 {
		return nil, false
	}
	return d.raws[ds], true
}

// setRaw records the first value of dataset ds.
func (d *iimDatasets) setRaw(ds uint8, v []byte) {
	d.raws[ds] = v
	d.hasRaw[ds/64] |= 1 << (ds % 64)
}

// key returns the key dataset ds produced.
func (d *iimDatasets) key(ds uint8) (string, bool) {
	if d.hasKey[ds/64]&(1<<(ds%64)) == 0 {
		return "", false
	}
	return d.keys[ds], true
}

// setKey records the key dataset ds produced.
func (d *iimDatasets) setKey(ds uint8, k string) {
	d.keys[ds] = k
	d.hasKey[ds/64] |= 1 << (ds % 64)
}

// reset forgets every dataset, clearing only what was set.
func (d *iimDatasets) reset() {
	for w := range d.hasRaw {
		for set := d.hasRaw[w] | d.hasKey[w]; set != 0; set &= set - 1 {
			ds := w*64 + bits.TrailingZeros64(set)
			d.raws[ds], d.keys[ds] = nil, ""
		}
	}
	d.hasRaw, d.hasKey = [4]uint64{}, [4]uint64{}
}
