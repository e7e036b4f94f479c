package xmp

// Namespace URIs the decoder itself needs.
const (
	nsRDF  = "http://www.w3.org/1999/02/22-rdf-syntax-ns#" // RDF/XML syntax
	nsXML  = "http://www.w3.org/XML/1998/namespace"        // the reserved xml: prefix
	nsMeta = "adobe:ns:meta/"                              // x:xmpmeta wrapper (XMP Part 1 §7.3.3)
)

// undeclaredPrefix is the namespace given to an undeclared prefix that is not in
// standardPrefix: "urn:undeclared:" + prefix.
const undeclaredPrefix = "urn:undeclared:"

// standardPrefixes lists the customary prefixes of the standard XMP namespaces with their
// URIs. An array of pairs, not a map literal, which a package initialiser would build at
// every start of the program (issue 16.3); it is read only for an undeclared prefix.
var standardPrefixes = [...]struct{ prefix, uri string }{
	{"rdf", nsRDF},
	{"x", nsMeta},
	{"dc", "http://purl.org/dc/elements/1.1/"},
	{"xmp", "http://ns.adobe.com/xap/1.0/"},
	{"xap", "http://ns.adobe.com/xap/1.0/"},
	{"xmpRights", "http://ns.adobe.com/xap/1.0/rights/"},
	{"xapRights", "http://ns.adobe.com/xap/1.0/rights/"},
	{"xmpMM", "http://ns.adobe.com/xap/1.0/mm/"},
	{"xapMM", "http://ns.adobe.com/xap/1.0/mm/"},
	{"xmpBJ", "http://ns.adobe.com/xap/1.0/bj/"},
	{"xapBJ", "http://ns.adobe.com/xap/1.0/bj/"},
	{"xmpTPg", "http://ns.adobe.com/xap/1.0/t/pg/"},
	{"xmpG", "http://ns.adobe.com/xap/1.0/g/"},
	{"xmpGImg", "http://ns.adobe.com/xap/1.0/g/img/"},
	{"xmpidq", "http://ns.adobe.com/xmp/Identifier/qual/1.0/"},
	{"xmpNote", "http://ns.adobe.com/xmp/note/"},
	{"xmpDM", "http://ns.adobe.com/xmp/1.0/DynamicMedia/"},
	{"photoshop", "http://ns.adobe.com/photoshop/1.0/"},
	{"tiff", "http://ns.adobe.com/tiff/1.0/"},
	{"exif", "http://ns.adobe.com/exif/1.0/"},
	{"exifEX", "http://cipa.jp/exif/1.0/"},
	{"aux", "http://ns.adobe.com/exif/1.0/aux/"},
	{"crs", "http://ns.adobe.com/camera-raw-settings/1.0/"},
	{"pdf", "http://ns.adobe.com/pdf/1.3/"},
	{"pdfx", "http://ns.adobe.com/pdfx/1.3/"},
	{"Iptc4xmpCore", "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"},
	{"Iptc4xmpExt", "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"},
	{"plus", "http://ns.useplus.org/ldf/xmp/1.0/"},
	{"stEvt", "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#"},
	{"stRef", "http://ns.adobe.com/xap/1.0/sType/ResourceRef#"},
	{"stDim", "http://ns.adobe.com/xap/1.0/sType/Dimensions#"},
	{"stVer", "http://ns.adobe.com/xap/1.0/sType/Version#"},
	{"stJob", "http://ns.adobe.com/xap/1.0/sType/Job#"},
	{"stFnt", "http://ns.adobe.com/xap/1.0/sType/Font#"},
	{"stArea", "http://ns.adobe.com/xmp/sType/Area#"},
	{"mwg-rs", "http://www.metadataworkinggroup.com/schemas/regions/"},
	{"mwg-kw", "http://www.metadataworkinggroup.com/schemas/keywords/"},
	{"mwg-coll", "http://www.metadataworkinggroup.com/schemas/collections/"},
	{"lr", "http://ns.adobe.com/lightroom/1.0/"},
	{"GPano", "http://ns.google.com/photos/1.0/panorama/"},
	{"MicrosoftPhoto", "http://ns.microsoft.com/photo/1.0/"},
}

// standardPrefix returns the URI of the standard XMP namespace whose customary prefix is
// prefix. It is consulted only for a prefix the packet uses without declaring it (a defect
// of some writers); declared prefixes always use the URI the file declares.
func standardPrefix(prefix string) (string, bool) {
	for i := range standardPrefixes { // by index: a range over the array's values copies it to the stack
		if standardPrefixes[i].prefix == prefix {
			return standardPrefixes[i].uri, true
		}
	}
	return "", false
}
