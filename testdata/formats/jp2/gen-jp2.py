#!/usr/bin/env python3
"""Writes gen-jpx-xml-asoc.jpx: a JPX file (no codestream) whose JP2 header has an ihdr
(30x20, 4 components) and a cdef naming channel 3 opacity, an "xml " box holding an XMP
packet, JPX XML that is not XMP, and an asoc box holding a label and a jp2i box (XMP).
CC0."""
import struct

def box(t, b):
    return struct.pack('>I', 8 + len(b)) + t + b

def xmp(props):
    return ('<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about=""'
            ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">'
            + props + '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>').encode()

sig = box(b'jP  ', b'\r\n\x87\n')
ftyp = box(b'ftyp', b'jpx \0\0\0\0jpx jp2 ')
ihdr = box(b'ihdr', struct.pack('>IIHBBBB', 20, 30, 4, 7, 7, 0, 0))
cdef = box(b'cdef', struct.pack('>H', 4) + b''.join(struct.pack('>HHH', c, 1 if c == 3 else 0, c + 1 if c < 3 else 0) for c in range(4)))
jp2h = box(b'jp2h', ihdr + cdef)
xml = box(b'xml ', xmp('<dc:title><rdf:Alt><rdf:li xml:lang="x-default">InXml</rdf:li></rdf:Alt></dc:title><xmp:Rating>3</xmp:Rating><dc:source>xml box</dc:source>'))
jpxml = box(b'xml ', b'<?xml version="1.0"?><IMAGE_CREATION xmlns="http://www.jpeg.org/jpx/1.0/xml"><GENERAL_CREATION_INFO><CREATION_TIME>2001-08-01T15:40:00.000-06:00</CREATION_TIME></GENERAL_CREATION_INFO></IMAGE_CREATION>')
asoc = box(b'asoc', box(b'lbl ', b'label') + box(b'jp2i', xmp('<dc:title><rdf:Alt><rdf:li xml:lang="x-default">InJp2i</rdf:li></rdf:Alt></dc:title><xmp:Label>L</xmp:Label><xmp:Rating>4</xmp:Rating>')))
open('gen-jpx-xml-asoc.jpx', 'wb').write(sig + ftyp + jp2h + xml + jpxml + asoc)
