// Package xmp decodes an XMP packet (XMP Specification Part 1, §7: the RDF/XML
// serialization of XMP) into one extract.RawEntry per leaf value.
//
// github.com/trimmer-io/go-xmp, the module's mandated XMP library, is not on this path
// (docs/decisions.md lists its defects); it is a differential oracle of the tests.
//
// This package reads the packet with its own single-pass XML tokenizer (lex.go) that
// accepts exactly what the standard library's encoding/xml RawToken accepts in strict mode,
// builds a small element tree with its own namespace resolution and end-tag checking
// (tree.go), and walks it. The packet is converted to a string once (or, for a Decoder
// with InPlace set, read in place as one); names and values that need no entity decoding
// are substrings of it. The tree holds no pointers: elements and
// attributes sit in two flat slices, refer to each other by int32 index and to their
// names and values by int32 offset and length into the packet (or index into a small
// table of decoded strings), so the garbage collector never scans them. A packet costs a
// few dozen allocations; encoding/xml, which remains the differential oracle of the tests,
// accepts the same packets. No
// DTD is processed: only the five predefined entities and character references are
// expanded, a <!DOCTYPE> is ignored with a warning, so entity-expansion attacks (billion
// laughs) and external entities cannot work. A reference to any other entity (&lol9;,
// &xxe;, &nbsp;) is kept as its literal text and reading goes on, as ExifTool does, with
// one warning "xmp.undefined-entity" per packet; the oracle does the same (an Entity map
// of the decoder that maps each such name to its reference), and apart from that accepts
// what encoding/xml accepts in strict mode. Depth, size and entry count are bounded by
// extract.Limits.
//
// # Two decoders, chosen per packet
//
// Decode, DecodeAppend and Decoder first try the streaming decoder (stream.go): the same
// tokenizer and parser, in a mode that keeps only the open elements, with the walk done as
// each element opens and closes instead of over a tree built first. Its memory grows with
// the depth of the packet, not its size (a 1 MB packet decodes 3–4 times faster than
// through the tree). The commonest element, a property or rdf:li item holding only text
// (<ns:name>text</ns:name>, with xml:lang as its only attribute, if any), takes a fast
// path (streamer.leaf) that emits its entry from the start tag, text and end tag without
// opening an element or a level for it; on usual packets the streaming decoder costs a
// little less than the tree decoder. It handles the forms real packets use: attribute and
// element properties, rdf:Bag, rdf:Seq, rdf:Alt and language alternatives,
// rdf:parseType="Resource", nested rdf:Description, typed nodes, rdf:value and other
// qualifiers, rdf:resource, and the warnings that go with them. On a packet with
// rdf:nodeID or rdf:parseType="Literal", one that is not well-formed or truncated, one
// nested deeper than Limits.MaxDepth or one with more values than Limits.MaxEntries, it
// gives up: its partial entries and warnings are dropped and the tree decoder (tree.go,
// walk.go) decodes the packet from the start. Both decoders give the same entries and
// warnings on every packet; the package's tests require it on every packet of the test
// data and corpus, whole and mutated, and fuzz it.
//
// # Output
//
// Decode emits entries in document order. Path runs from the top-level property to the
// leaf; each step carries the property's namespace URI as declared in the file (old
// "xap:" prefixes are not renamed), its local name, and, when the step's value is an item
// of an rdf:Bag/Seq/Alt, the container and the 1-based item index. An array nested
// directly in an array item (rdf:li holding rdf:Seq) adds an anonymous step with empty NS
// and Name that carries the inner container and index.
//
// Decisions:
//   - Text is the XML character data after entity decoding, never trimmed (spec V1);
//     an empty simple property (<dc:x/>, <dc:x></dc:x>) yields an entry with empty Text,
//     so that normalize applies L4 in one place. Empty arrays and structs yield nothing.
//   - rdf:value is the value of its enclosing property (path unchanged); other qualifiers
//     become extra path steps like struct fields; xml:lang is never a step but sets Lang,
//     inherited by descendants.
//   - x:xmptk, and any attribute in the adobe:ns:meta/ namespace, is not a property (S6a).
//   - An undeclared prefix found in a small table of standard XMP prefixes resolves to its
//     standard URI; any other undeclared prefix resolves to "urn:undeclared:<prefix>".
//     Both warn "xmp.undeclared-prefix" (once per prefix).
//   - rdf:nodeID: every rdf:Description carrying one id (a child of rdf:RDF, or the value
//     of a property or array item anywhere), plus a container child of rdf:RDF carrying it,
//     is a definition of one node. A property element or item that refers to the id
//     (<ph:tester rdf:nodeID="abc"/>, as f-spot writes) or whose value is one of the
//     definitions takes all the definitions, in document order, as its value: as ExifTool
//     merges a blank node's descriptions, each such property gets every field of the
//     node. A node referred to from below rdf:RDF's children is not also emitted at the
//     top level. A reference met while its node is being expanded is cut
//     ("xmp.bad-node-id"); the elements visited are bounded by the elements of the
//     packet plus lim.MaxEntries. Unlike ExifTool, which reports such fields after all
//     others, sorted, and keeps one value per repeated field path, entries come in
//     document order of the referring property and a field repeated in two definitions
//     is emitted twice.
//   - Offset is p.Offset plus the byte offset of the value's character data in the packet
//     (of the element, for attribute values and empty elements). For a UTF-16 packet,
//     which is transcoded before parsing, it is p.Offset (the packet start).
package xmp
