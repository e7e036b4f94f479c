#!/usr/bin/env python3
"""Writes the generated PostScript fixtures of testdata/formats/ps (CC0).

gen-illustrator-ps.ai   an Adobe Illustrator 8 style PostScript file (CR line breaks) with a
                        bare XMP packet and a %BeginPhotoshop block (IIM).
gen-illustrator-pdf.ai  an Illustrator document saved as PDF: catalog /Metadata XMP and a page
                        /PieceInfo /Illustrator dictionary.
gen-dos.eps             PostScript.eps (ExifTool's test image) behind a DOS EPS binary header,
                        with a small TIFF preview (one IFD0: Software, Make) after it.

Run from this folder: python3 gen-ps.py (needs PostScript.eps beside it).
"""
import struct


def xmp(props):
    body = "".join(props)
    return (
        "<?xpacket begin='\ufeff' id='W5M0MpCehiHzreSzNTczkc9d'?>\n"
        "<x:xmpmeta xmlns:x='adobe:ns:meta/'>\n"
        "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>\n"
        "<rdf:Description rdf:about=''\n"
        " xmlns:dc='http://purl.org/dc/elements/1.1/'\n"
        " xmlns:xmp='http://ns.adobe.com/xap/1.0/'\n"
        " xmlns:xmpMM='http://ns.adobe.com/xap/1.0/mm/'>\n"
        + body
        + "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end='w'?>"
    ).encode("utf-8")


def iim(datasets):
    out = b""
    for rec, ds, val in datasets:
        v = val.encode("utf-8")
        out += struct.pack(">BBBH", 0x1C, rec, ds, len(v)) + v
    return out


def irb(res_id, data):
    pad = b"\0" if len(data) % 2 else b""
    return b"8BIM" + struct.pack(">H", res_id) + b"\0\0" + struct.pack(">I", len(data)) + data + pad


def hexlines(b):
    h = b.hex()
    return [("% " + h[i:i + 64]).encode() for i in range(0, len(h), 64)]


def ps_ai():
    packet = xmp([
        " <dc:title><rdf:Alt><rdf:li xml:lang='x-default'>Logo sketch</rdf:li></rdf:Alt></dc:title>\n",
        " <dc:creator><rdf:Seq><rdf:li>Jane Designer</rdf:li></rdf:Seq></dc:creator>\n",
        " <xmp:CreatorTool>Adobe Illustrator(R) 8.0</xmp:CreatorTool>\n",
        " <xmp:CreateDate>2003-05-06T07:08:09+02:00</xmp:CreateDate>\n",
    ])
    block = irb(0x0404, iim([(1, 90, "\x1b%G"), (2, 0, "\x00\x04"), (2, 25, "vector"), (2, 25, "logo"),
                             (2, 116, "(c) 2003 Jane Designer")]))
    lines = [
        b"%!PS-Adobe-3.0",
        b"%%Creator: Adobe Illustrator(R) 8.0",
        b"%%AI8_CreatorVersion: 8.0.1",
        b"%%For: (Jane Designer) ()",
        b"%%Title: (logo.ai)",
        b"%%CreationDate: (5/6/03) (7:08 AM)",
        b"%%BoundingBox: 12 20 212 170",
        b"%%HiResBoundingBox: 12.5 20.25 211.75 170",
        b"%AI5_FileFormat 4.0",
        b"%%EndComments",
        b"%%BeginProlog",
        b"%%EndProlog",
        b"%%BeginSetup",
        b"%%BeginPhotoshop: %d" % len(block),
    ] + hexlines(block) + [
        b"%EndPhotoshop",
        b"%%EndSetup",
    ] + packet.split(b"\n") + [
        b"0 0 moveto 100 100 lineto stroke",
        b"%%PageTrailer",
        b"%%Trailer",
        b"%%EOF",
    ]
    return b"\r".join(lines) + b"\r"


def pdf_ai():
    packet = xmp([
        " <dc:format>application/vnd.adobe.illustrator</dc:format>\n",
        " <dc:title><rdf:Alt><rdf:li xml:lang='x-default'>Poster</rdf:li></rdf:Alt></dc:title>\n",
        " <xmp:CreatorTool>Adobe Illustrator 27.0 (Macintosh)</xmp:CreatorTool>\n",
        " <xmp:ModifyDate>2023-01-02T03:04:05Z</xmp:ModifyDate>\n",
        " <xmpMM:DocumentID>xmp.did:0123456789abcdef</xmpMM:DocumentID>\n",
    ])
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R /Metadata 3 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n" % len(packet) + packet + b"\nendstream",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 300] /Contents 5 0 R"
        b" /PieceInfo << /Illustrator << /LastModified (D:20230102030405Z) /Private 6 0 R >> >> >>",
        b"<< /Length 0 >>\nstream\n\nendstream",
        b"<< /CreatorVersion 27 /ContainerVersion 12 /RoundtripVersion 27 >>",
    ]
    out = b"%PDF-1.6\n%\xe2\xe3\xcf\xd3\n"
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return out


def tiff_preview():
    # Big-endian TIFF, one IFD0 with Make and Software (ASCII, stored after the IFD).
    make, soft = b"PreviewCam\0", b"EPS preview writer\0"
    entries = 2
    ifd_off = 8
    data_off = ifd_off + 2 + entries * 12 + 4
    ifd = struct.pack(">H", entries)
    ifd += struct.pack(">HHII", 0x010F, 2, len(make), data_off)
    ifd += struct.pack(">HHII", 0x0131, 2, len(soft), data_off + len(make))
    ifd += struct.pack(">I", 0)
    return b"MM\0*" + struct.pack(">I", ifd_off) + ifd + make + soft


def dos_eps():
    ps = open("PostScript.eps", "rb").read()
    tif = tiff_preview()
    hdr = struct.pack("<4sIIIIIIH", b"\xc5\xd0\xd3\xc6", 30, len(ps), 0, 0, 30 + len(ps), len(tif), 0xFFFF)
    return hdr + ps + tif


for name, data in [("gen-illustrator-ps.ai", ps_ai()), ("gen-illustrator-pdf.ai", pdf_ai()), ("gen-dos.eps", dos_eps())]:
    with open(name, "wb") as f:
        f.write(data)
