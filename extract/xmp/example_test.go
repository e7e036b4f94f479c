package xmp_test

import (
	"fmt"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/xmp"
)

func ExampleDecode() {
	packet := `<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Example">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:Rating="1.0">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">Creator&#39;s  title</rdf:li></rdf:Alt></dc:title>
   <dc:subject><rdf:Bag><rdf:li>one</rdf:li><rdf:li>two</rdf:li></rdf:Bag></dc:subject>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>`
	var ws extract.Warnings
	for _, e := range xmp.Decode(extract.Payload{Data: []byte(packet)}, extract.Limits{}, &ws) {
		last := e.Path[len(e.Path)-1]
		fmt.Printf("%s%s %s[%d] %q lang=%q\n", last.NS, last.Name, last.Container, last.Index, e.Text, e.Lang)
	}
	fmt.Println(len(ws.List), "warnings")
	// Output:
	// http://ns.adobe.com/xap/1.0/Rating [0] "1.0" lang=""
	// http://purl.org/dc/elements/1.1/title Alt[1] "Creator's  title" lang="x-default"
	// http://purl.org/dc/elements/1.1/subject Bag[1] "one" lang=""
	// http://purl.org/dc/elements/1.1/subject Bag[2] "two" lang=""
	// 0 warnings
}
