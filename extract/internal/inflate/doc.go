// Package inflate is the DEFLATE decompressor (RFC 1951) of the Go standard library's
// compress/flate (Go 1.26), without its compressor, and a zlib (RFC 1950) reader over it.
// LICENSE (the Go authors' BSD licence) covers inflate.go and dict_decoder.go, the copied
// files; doc.go, zlib.go and the tests are this module's, under its licence.
//
// compress/flate's compressor builds its fixed Huffman codes in package initialisers, which
// every embedmeta process ran at start-up (0.10-0.19 ms, measured with GODEBUG=inittrace=1,
// issue 16.3) although only PNG text chunks and PDF streams are ever inflated. inflate.go
// and dict_decoder.go are the standard library's, with these changes:
//   - the package clause, and maxMatchOffset and endBlockMarker defined here (they lived in
//     the compressor's files);
//   - the table builder's sanity checks (constant false in the original, each a panic) are
//     left out, as are ReadError, WriteError, Resetter and NewReaderDict, which nothing here
//     uses.
//
// zlib.go, the zlib framing, is this module's own. The tests inflate what compress/flate
// and compress/zlib write and compare with the standard library's readers, and fuzz both.
package inflate
