"""Write: replace a file with its repaired text, atomically, losing nothing anyone else wrote meanwhile.

The repaired text goes to a temp file in the same folder, which gets the file's mode, owner and group, and
is renamed over the file. Before that the file must still hold exactly what was analysed: the same size
and modification time as when the run started (``Stamp``), and bytes whose SHA-256 equals that of the
analysed text in the file's own codec (byte-order mark and byte order included). A line appended by an
editor while textmend worked is therefore never overwritten: the file is skipped with an error. Any failure
removes the temp file.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .codec import resolve


class NotWritten(Exception):
    """Why a file was left as it is (the message leaves the path to the caller)."""


CHANGED = "changed since textmend read it; not written (run textmend again)"


@dataclass(frozen=True)
class Stamp:
    """A file's size and modification time when the run started."""

    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: str) -> Stamp | None:
        try:
            st = os.stat(path)
        except OSError:
            return None
        return cls(st.st_size, st.st_mtime_ns)


def _digest(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _decodes_to(data: bytes, codec: str, text: str) -> bool:
    try:
        return data.decode(codec, errors="replace") == text
    except UnicodeError:  # codecs such as idna support no error handler but strict
        return data.decode(codec) == text


def write_atomic(path: str, text: str, encoding: str = "utf-8", original: str | None = None,
                 stamp: Stamp | None = None) -> None:
    """Replace ``path`` with ``text`` in the file's codec; with ``original`` (the text analysed) and
    ``stamp``, only if the file still holds exactly that. ``NotWritten`` or ``OSError`` otherwise.

    A crash at any point leaves either the old file or the new one, never a mix, and no temp file."""
    target = Path(path)
    with open(target, "rb") as fh:
        st = os.fstat(fh.fileno())
        data = fh.read()
    codec = resolve(data, encoding)
    if stamp is not None and (st.st_size, st.st_mtime_ns) != (stamp.size, stamp.mtime_ns):
        raise NotWritten(CHANGED)
    if original is not None:
        try:
            expected = original.encode(codec)
        except UnicodeError:  # UnicodeEncodeError, or a plain UnicodeError from codecs such as idna
            expected = b""
        if _digest(data) != _digest(expected):
            if _decodes_to(data, codec, original):
                raise NotWritten(f"its bytes do not survive decoding and encoding as {codec}; not written")
            raise NotWritten(CHANGED)
    try:
        payload = text.encode(codec)
    except UnicodeEncodeError as exc:
        raise NotWritten(f"the repair holds {exc.object[exc.start]!r}, which {codec} cannot encode; "
                         "not written") from None
    except UnicodeError as exc:  # codecs such as idna raise a plain UnicodeError
        raise NotWritten(f"the repair cannot be encoded as {codec} ({exc}); not written") from None
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".textmend", dir=str(target.parent))
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        _keep_owner(tmp, st)
        os.chmod(tmp, st.st_mode & 0o7777)  # after chown, which clears set-uid/set-gid bits
        now = os.stat(target)
        if (now.st_ino, now.st_size, now.st_mtime_ns) != (st.st_ino, st.st_size, st.st_mtime_ns):
            raise NotWritten(CHANGED)  # changed while the temp file was written
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _keep_owner(tmp: str, st: os.stat_result) -> None:
    """Give the temp file the original's owner and group: as root always; otherwise the group where the
    user belongs to it (a file of another user cannot be given away without privileges)."""
    mine = os.stat(tmp)
    if (mine.st_uid, mine.st_gid) == (st.st_uid, st.st_gid):
        return
    try:
        os.chown(tmp, st.st_uid, st.st_gid)
    except PermissionError:
        try:
            os.chown(tmp, -1, st.st_gid)
        except PermissionError:
            pass
