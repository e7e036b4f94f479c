#!/usr/bin/env python3
"""Writes gen-exif-casio.avi: a small AVI (one 64x48 MJPG video stream of 10 frames at
25 fps, one PCM audio stream, no frames in movi) with Casio's EXIF IFD0 in a JUNK chunk
("QVMI", big-endian IFD at 10), an EXIF chunk (a little-endian TIFF structure) after the
movie data, and an XMP packet in a _PMX chunk. CC0."""
import struct

def chunk(cid, data):
    return cid + struct.pack('<I', len(data)) + data + (b'\0' if len(data) & 1 else b'')

def lst(typ, *chunks):
    return chunk(b'LIST', typ + b''.join(chunks))

def ifd(endian, base, entries):
    """An IFD of (tag, type, count, bytes) entries at offset base, values after it."""
    out, data = b'', b''
    vpos = base + 2 + 12 * len(entries) + 4
    for tag, typ, count, val in entries:
        if len(val) <= 4:
            out += struct.pack(endian + 'HHI', tag, typ, count) + val.ljust(4, b'\0')
        else:
            out += struct.pack(endian + 'HHII', tag, typ, count, vpos + len(data))
            data += val + (b'\0' if len(val) & 1 else b'')
    return struct.pack(endian + 'H', len(entries)) + out + b'\0\0\0\0' + data

avih = struct.pack('<10I', 40000, 0, 0, 0x10, 10, 0, 2, 0, 64, 48) + b'\0' * 16
strh_v = b'vids' + b'MJPG' + struct.pack('<IHHIIIIIIII', 0, 0, 0, 0, 1, 25, 0, 10, 0, 10000, 0) + b'\0' * 8
strf_v = struct.pack('<IiiHHI4sIiiII', 40, 64, 48, 1, 24, 0, b'MJPG', 64 * 48 * 3, 0, 0, 0, 0)
strh_a = b'auds' + b'\0\0\0\0' + struct.pack('<IHHIIIIIIII', 0, 0, 0, 0, 1, 8000, 0, 8000, 0, 10000, 1) + b'\0' * 8
strf_a = struct.pack('<HHIIHH', 1, 1, 8000, 8000, 1, 8)
hdrl = lst(b'hdrl', chunk(b'avih', avih), lst(b'strl', chunk(b'strh', strh_v), chunk(b'strf', strf_v)),
           lst(b'strl', chunk(b'strh', strh_a), chunk(b'strf', strf_a)))
casio = b'QVMI' + b'\0' * 6 + ifd('>', 10, [(0x010F, 2, 23, b'CASIO COMPUTER CO.,LTD\0'), (0x0110, 2, 8, b'EX-S600\0'),
                                             (0x0132, 2, 20, b'2005:06:07 08:09:10\0')])
tiff = b'II*\0' + struct.pack('<I', 8) + ifd('<', 8, [(0x013B, 2, 13, b'Chunk Artist\0'), (0x0131, 2, 9, b'Software\0')])
xmp = (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
       b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about=""'
       b' xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title><rdf:Alt><rdf:li xml:lang="x-default">AVI title</rdf:li>'
       b'</rdf:Alt></dc:title></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>')
body = b'AVI ' + hdrl + chunk(b'JUNK', casio) + lst(b'movi') + chunk(b'EXIF', tiff) + chunk(b'_PMX', xmp)
open('gen-exif-casio.avi', 'wb').write(b'RIFF' + struct.pack('<I', len(body)) + body)
