// Package iptc decodes IPTC-IIM blocks and the Photoshop image-resource blocks (IRB) that
// usually carry them, producing extract.RawEntry values in stored order.
//
// Decode reads an IIM block (IPTC-NAA Information Interchange Model 4.2, §1.5: a sequence
// of datasets "0x1C record dataset length data") with its own bounded dataset reader, which
// checks every header against the bytes that exist and against extract.Limits before it
// trusts a length. DecodeIRB walks a sequence of Photoshop image resources (Adobe
// Photoshop File Formats Specification, "Image Resource Blocks"), decodes the IIM inside
// resource 0x0404 with Decode, and reports the MD5 of that resource and the stored
// IPTCDigest (0x0425) for the MWG precedence rule P2 of the normalization spec.
//
// # Why github.com/dsoprea/go-iptc is not on the hot path
//
// Headers used to be pre-checked here and then decoded again by go-iptc's DecodeTag, whose
// record, dataset and size could only be read back by parsing Tag.String (its fields are
// unexported). Nearly all of Decode's time and allocations went there, although the
// pre-check had already read every header field. Reading each header once, here, on the
// reference image's 26 datasets (benchstat, median of 8 interleaved runs on the 2-core
// development machine, BenchmarkDecode/IIM):
//
//	before (pre-check + go-iptc): 16.9 µs/op  7.4 KiB/op  132 allocs/op
//	after (own reader):            4.8 µs/op  6.0 KiB/op    1 alloc/op (the entry slice)
//
// go-iptc stays a differential oracle in the tests (BenchmarkDecode/IIM-goiptc runs it):
// every IIM block of the shared corpus and a set of synthetic blocks are decoded both ways
// and must give identical entries and warnings.
//
// Both functions are safe for concurrent use, never panic and never allocate more than the
// input plus a small constant per entry: returned entries' Bytes alias the payload's Data.
package iptc
