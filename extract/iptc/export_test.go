package iptc

// Exported for the differential tests of package iptc_test, which walk real containers
// with the walkers (one of which, psd, imports this package).
var (
	DecodeOracle    = decodeOracle
	DecodeIRBOracle = decodeIRBOracle
)
