package brotli

import (
	_ "embed"
	"sync"
)

/* Copyright 2013 Google Inc. All Rights Reserved.

   Distributed under MIT license.
   See file LICENSE for detail or copy at https://opensource.org/licenses/MIT
*/

/* Collection of static dictionary words. */
type dictionary struct {
	size_bits_by_length [32]byte
	offsets_by_length   [32]uint32
	data_size           uint
	data                []byte
}

const minDictionaryWordLength = 4

const maxDictionaryWordLength = 24

// kBrotliDictionaryData is the static dictionary of RFC 7932, Appendix A (122,784 bytes,
// SHA-256 20e42eb1...5c70), embedded as a binary file rather than a literal of one byte per
// line.
//
//go:embed dictionary.bin
var kBrotliDictionaryData []byte

var kBrotliDictionary = dictionary{
	/* size_bits_by_length */
	[32]byte{
		0,
		0,
		0,
		0,
		10,
		10,
		11,
		11,
		10,
		10,
		10,
		10,
		10,
		9,
		9,
		8,
		7,
		7,
		8,
		7,
		7,
		6,
		6,
		5,
		5,
		0,
		0,
		0,
		0,
		0,
		0,
		0,
	},

	/* offsets_by_length */
	[32]uint32{
		0,
		0,
		0,
		0,
		0,
		4096,
		9216,
		21504,
		35840,
		44032,
		53248,
		63488,
		74752,
		87040,
		93696,
		100864,
		104704,
		106752,
		108928,
		113536,
		115968,
		118528,
		119872,
		121280,
		122016,
		122784,
		122784,
		122784,
		122784,
		122784,
		122784,
		122784,
	},

	/* data_size ==  sizeof(kBrotliDictionaryData) */
	122784,

	/* data: kBrotliDictionaryData, set by getDictionary (a literal that refers to another
	   variable would be built by a package initialiser at every start of the program) */
	nil,
}

var dictionaryOnce sync.Once

func getDictionary() *dictionary {
	dictionaryOnce.Do(func() { kBrotliDictionary.data = kBrotliDictionaryData })
	return &kBrotliDictionary
}
