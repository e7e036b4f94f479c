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
// github.com/dsoprea/go-iptc is not on this path (docs/decisions.md says why); it is the
// differential oracle of the tests, which decode every IIM block of the corpus and a set of
// synthetic blocks both ways and require identical entries and warnings.
//
// Both functions are safe for concurrent use, never panic and never allocate more than the
// input plus a small constant per entry: returned entries' Bytes alias the payload's Data.
package iptc
