"""Which codec reads a file and writes it back byte for byte.

A byte-order mark decides (UTF-8, UTF-16 and UTF-32, either byte order), unless ``--encoding`` names a codec
outside the Unicode family. The codec chosen always keeps the mark as U+FEFF in the text, and ``utf-16`` /
``utf-32`` without a mark mean little-endian (as Windows writes them), so encoding the repaired text with
the same codec gives back the same mark, byte order and line endings: a write changes only the edits.
"""
from __future__ import annotations

import codecs

#: Byte-order marks, longest first: the UTF-32-LE mark begins with the UTF-16-LE one.
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
#: Codecs whose text has NUL bytes in every ASCII character: no binary-file test for them.
WIDE = ("utf-16", "utf-32")
#: A requested codec -> the one that reads and writes without adding or dropping a mark.
_NO_MARK = {"utf-8-sig": "utf-8", "utf-16": "utf-16-le", "utf-32": "utf-32-le"}


class UnknownEncoding(LookupError):
    pass


def canonical(name: str) -> str:
    """Python's name for a codec ("UTF16" -> "utf-16", "latin-1" -> "iso8859-1")."""
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):
        raise UnknownEncoding(name) from None
    if not getattr(info, "_is_text_encoding", True):  # rot13, base64, ...: not bytes <-> text
        raise UnknownEncoding(name)
    return info.name


def family(codec: str) -> str:
    """"utf-16-le" -> "utf-16"; other codecs are their own family."""
    for f in ("utf-8", "utf-16", "utf-32"):
        if codec == f or codec.startswith(f + "-"):
            return f
    return codec


def resolve(data: bytes, requested: str = "utf-8") -> str:
    """The codec for ``data``: its byte-order mark's when ``requested`` is UTF-8 (the default, which a file
    with a UTF-16 or UTF-32 mark cannot be) or of the mark's family; else ``requested`` itself."""
    name = canonical(requested)
    fam = family(name)
    for mark, codec in BOMS:
        if data.startswith(mark) and (fam == "utf-8" or family(codec) == fam):
            return codec
    return _NO_MARK.get(name, name)


def is_wide(codec: str) -> bool:
    return family(codec) in WIDE


def looks_like_utf16(data: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when NUL bytes sit at every other position (UTF-16 text without a mark)."""
    head = data[:4096]
    if len(head) < 4:
        return None
    odd, even = head[1::2], head[0::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None
