package normalize

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/xmp"
)

// renderPacket decodes an XMP packet and normalizes its entries.
func renderPacket(t *testing.T, packet string) string {
	t.Helper()
	ws := &extract.Warnings{}
	es := xmp.Decode(extract.Payload{Data: []byte(packet)}, extract.Limits{}, ws)
	return string(AppendJSON(nil, Normalize(es, ws)))
}

// TestL1_ContainerDirectoryItemsAreLists: the struct list of a Google container file
// (Container:Directory, a Seq of items whose Container:Item struct has Item:Mime, Semantic,
// Length, Padding — as attributes, as elements of a parseType="Resource" item, or in nested
// rdf:Descriptions) flattens to one key per field, named as ExifTool 12.57 names them
// (N3: DirectoryItemMime for Google camera's unlisted photos/1.0/container namespace,
// ContainerDirectoryItemMime for the dynamic-depth Device:Container it knows), each a list
// of the items that have the field, in document order (L1, L2); ExifTool lists the same
// values (-a: one per item). Types follow the dictionary (T1): Device's Length and Padding
// are integers, the unlisted namespace's fields are text.
func TestL1_ContainerDirectoryItemsAreLists(t *testing.T) {
	const head = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">`
	const tail = `</rdf:RDF></x:xmpmeta>`
	camera := head + `<rdf:Description rdf:about="" xmlns:GCamera="http://ns.google.com/photos/1.0/camera/"` +
		` xmlns:Container="http://ns.google.com/photos/1.0/container/" xmlns:Item="http://ns.google.com/photos/1.0/container/item/"` +
		` GCamera:MotionPhoto="1"><Container:Directory><rdf:Seq>` +
		`<rdf:li rdf:parseType="Resource"><Container:Item Item:Mime="image/jpeg" Item:Semantic="Primary" Item:Length="0" Item:Padding="0"/></rdf:li>` +
		`<rdf:li rdf:parseType="Resource"><Container:Item Item:Mime="video/mp4" Item:Semantic="MotionPhoto" Item:Length="123456" Item:Padding="0"/></rdf:li>` +
		`</rdf:Seq></Container:Directory></rdf:Description>` + tail
	assert.Equal(t, `{"MotionPhoto":"1","DirectoryItemMime":["image/jpeg","video/mp4"],"DirectoryItemSemantic":["Primary","MotionPhoto"],`+
		`"DirectoryItemLength":["0","123456"],"DirectoryItemPadding":["0","0"]}`, renderPacket(t, camera))

	mixed := head + `<rdf:Description rdf:about="" xmlns:Container="http://ns.google.com/photos/1.0/container/" xmlns:Item="http://ns.google.com/photos/1.0/container/item/">` +
		`<Container:Directory><rdf:Seq>` +
		`<rdf:li><rdf:Description><Container:Item><rdf:Description Item:Mime="image/jpeg" Item:Semantic="Primary"/></Container:Item></rdf:Description></rdf:li>` +
		`<rdf:li rdf:parseType="Resource"><Container:Item rdf:parseType="Resource"><Item:Mime>image/jpeg</Item:Mime><Item:Semantic>GainMap</Item:Semantic><Item:Length>5000</Item:Length></Container:Item></rdf:li>` +
		`</rdf:Seq></Container:Directory></rdf:Description>` + tail
	assert.Equal(t, `{"DirectoryItemMime":["image/jpeg","image/jpeg"],"DirectoryItemSemantic":["Primary","GainMap"],"DirectoryItemLength":"5000"}`,
		renderPacket(t, mixed))

	depth := head + `<rdf:Description rdf:about="" xmlns:Device="http://ns.google.com/photos/dd/1.0/device/"` +
		` xmlns:Container="http://ns.google.com/photos/dd/1.0/container/" xmlns:Item="http://ns.google.com/photos/dd/1.0/item/">` +
		`<Device:Container><Container:Directory><rdf:Seq>` +
		`<rdf:li rdf:parseType="Resource"><Container:Item Item:Mime="image/jpeg" Item:Length="0" Item:Padding="0"/></rdf:li>` +
		`<rdf:li rdf:parseType="Resource"><Container:Item rdf:parseType="Resource"><Item:Mime>image/jpeg</Item:Mime><Item:Length>5000</Item:Length><Item:DataURI>android/depthmap</Item:DataURI></Container:Item></rdf:li>` +
		`<rdf:li><rdf:Description><Container:Item><rdf:Description Item:Mime="image/png" Item:Length="77"/></Container:Item></rdf:Description></rdf:li>` +
		`</rdf:Seq></Container:Directory></Device:Container></rdf:Description>` + tail
	assert.Equal(t, `{"ContainerDirectoryItemMime":["image/jpeg","image/jpeg","image/png"],"ContainerDirectoryItemLength":[0,5000,77],`+
		`"ContainerDirectoryItemPadding":0,"ContainerDirectoryItemDataURI":"android/depthmap"}`, renderPacket(t, depth))
}
