"""Read: bytes in, text out, with nothing lost. BOM, line endings and white space survive a round trip
(``write.py`` writes them back the same way)."""
from __future__ import annotations

import sys
from dataclasses import dataclass

from .codec import UnknownEncoding, is_wide, looks_like_utf16, resolve


class InputError(Exception):
    """An input that cannot be read as text (missing, unreadable, binary, undecodable)."""


@dataclass(frozen=True)
class Source:
    path: str  # "-" for standard input
    text: str
    encoding: str = "utf-8"  # the codec that read it (and writes it back): see ``codec.resolve``


def decode_as(data: bytes, path: str, encoding: str = "utf-8") -> tuple[str, str]:
    """The text of ``data`` and the codec that read it (a byte-order mark decides; see ``codec``)."""
    try:
        codec = resolve(data, encoding)
    except UnknownEncoding:
        raise InputError(f"unknown encoding {encoding!r}") from None
    if not is_wide(codec) and b"\x00" in data[:8192]:
        wide = looks_like_utf16(data)
        hint = f" (UTF-16 without a byte-order mark? try --encoding {wide})" if wide else ""
        raise InputError(f"{path}: binary file (NUL bytes), skipped{hint}")
    try:
        return data.decode(codec), codec
    except UnicodeError as exc:  # UnicodeDecodeError, or a plain UnicodeError from codecs such as idna
        at = f" at byte {exc.start}: {exc.reason}" if isinstance(exc, UnicodeDecodeError) else f": {exc}"
        hint = ("; if it is Latin-1 or Windows-1252, use --encoding latin-1 or --encoding cp1252"
                if codec == "utf-8" else "")
        raise InputError(f"{path}: cannot decode as {codec}{at}{hint}") from None


def decode(data: bytes, path: str, encoding: str = "utf-8") -> str:
    return decode_as(data, path, encoding)[0]


def read_stdin(name: str = "-") -> bytes:
    """All of standard input; ``InputError`` when the process was started with it closed (``<&-``)."""
    if sys.stdin is None:
        raise InputError(f"{name}: cannot read standard input: it is closed")
    try:
        return sys.stdin.buffer.read()
    except (OSError, ValueError) as exc:
        raise InputError(f"{name}: cannot read standard input: {getattr(exc, 'strerror', None) or exc}") from None


def read_source(path: str, encoding: str = "utf-8") -> Source:
    if path == "-":
        data = read_stdin()
    else:
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except IsADirectoryError:
            raise InputError(f"{path}: is a directory") from None
        except OSError as exc:
            raise InputError(f"{path}: {exc.strerror or exc}") from None
    return Source(path, *decode_as(data, path, encoding))
