"""Read: bytes in, text out, with nothing lost. BOM, line endings and white space survive a round trip."""
from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path


class InputError(Exception):
    """An input that cannot be read as text (missing, unreadable, binary, undecodable)."""


@dataclass(frozen=True)
class Source:
    path: str  # "-" for standard input
    text: str
    encoding: str = "utf-8"


def decode(data: bytes, path: str, encoding: str = "utf-8") -> str:
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: binary file (NUL bytes), skipped")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: cannot decode as {encoding} at byte {exc.start}: {exc.reason}") from None
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}") from None


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
    return Source(path, decode(data, path, encoding), encoding)


def write_atomic(path: str, text: str, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``text``: a temp file in the same folder, permissions kept, then a rename.

    A crash at any point leaves either the old file or the new one, never a mix.
    """
    target = Path(path)
    mode = target.stat().st_mode & 0o7777
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".textmend", dir=str(target.parent))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode(encoding))
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
