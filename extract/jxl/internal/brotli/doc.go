// Package brotli is the Brotli decoder (RFC 7932) of github.com/andybalholm/brotli v1.3.0
// (MIT licence, see LICENSE), without its encoder and its HTTP helper.
//
// The module's http.go imports net/http, and a program that links the module links net/http,
// crypto/tls and their package initialisers, which run at every start of embedmeta although
// only extract/jxl's brob boxes ever need Brotli, and only to decode (issue 16.3). The files
// decode.go, reader.go, state.go, bit_reader.go, huffman.go, prefix_dec.go, transform.go,
// dictionary.go, constants.go, context.go and symbol_list.go are the module's, with these
// changes:
//   - the static dictionary (RFC 7932, Appendix A) and the context lookup table are embedded
//     binary files (dictionary.bin, context.bin: the same bytes) instead of literals of one
//     byte per line;
//   - platform.go's min/max helpers and maxBackwardLimit, which the decoder never calls, are
//     left out;
//   - bit_reader.go saves and restores the reader's state in one assignment each;
//   - the dictionary's and the transforms' slices (data, prefix_suffix, prefix_suffix_map,
//     transforms) are set on first use by getDictionary and getTransforms, under a
//     sync.Once, instead of in their literals, which made them the work of a package
//     initialiser run at every start of every program (issue 16.3);
//   - the table builders' run-time asserts (a panic) are compile-time checks of the constants
//     they bounded (missing.go): no panic is left in the package.
//
// missing.go holds the three definitions the decoder takes from encoder files.
// The tests decode what the module's encoder writes and compare with the module's decoder.
package brotli
