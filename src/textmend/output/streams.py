"""Output streams that fail with one clear line.

A full disk, a closed pipe or a closed stdout under ``textmend fix f.txt > /dev/full`` must end the run with
``error: cannot write standard output: No space left on device`` and exit code 2, not a traceback, and the
interpreter's own final flush must not fail a second time ("Exception ignored ...").
"""
from __future__ import annotations

import errno
import os
import sys
from typing import Any, TextIO

#: Errors that only writing produces: an ``OSError`` with one of these reaching the top is an output failure.
WRITE_ERRNOS = frozenset({errno.EPIPE, errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})
STDOUT = "standard output"


class OutputError(Exception):
    """Writing the report failed; ``quiet`` for a reader that went away (``| head``), which is no news."""

    def __init__(self, name: str, exc: BaseException | str) -> None:
        reason = exc if isinstance(exc, str) else (getattr(exc, "strerror", None) or str(exc))
        super().__init__(f"cannot write {name}: {reason}")
        self.quiet = isinstance(exc, BrokenPipeError)


class Guarded:
    """A text stream whose write and flush errors become ``OutputError`` naming the stream."""

    def __init__(self, stream: TextIO, name: str) -> None:
        self.stream, self.name = stream, name

    def write(self, s: str) -> int:
        try:
            return self.stream.write(s)
        except OSError as exc:
            raise OutputError(self.name, exc) from None

    def flush(self) -> None:
        try:
            self.stream.flush()
        except OSError as exc:
            raise OutputError(self.name, exc) from None

    def close(self) -> None:
        try:
            self.stream.close()
        except OSError as exc:
            raise OutputError(self.name, exc) from None

    def isatty(self) -> bool:
        return hasattr(self.stream, "isatty") and self.stream.isatty()

    def __getattr__(self, attr: str) -> Any:
        return getattr(self.stream, attr)


#: How text the output encoding cannot hold is written: a file name that is not valid UTF-8 (its bytes
#: live on in the str as surrogates), or a lone surrogate from a JSON string, becomes ``\udcff``, which a
#: reader sees and a JSON parser reads back as the same string.
ERRORS = "backslashreplace"


def escape_unencodable(stream: TextIO | None) -> None:
    """Let ``stream`` (standard output) write any str, escaping what its encoding cannot hold."""
    if stream is not None and hasattr(stream, "reconfigure") and getattr(stream, "errors", ERRORS) != ERRORS:
        try:
            stream.reconfigure(errors=ERRORS)
        except (AttributeError, ValueError, OSError):  # not reconfigurable: leave it
            pass


def stdout() -> Guarded:
    """Standard output, guarded; an error when the process was started with it closed (``>&-``)."""
    if sys.stdout is None:
        raise OutputError(STDOUT, "it is closed")
    return Guarded(sys.stdout, STDOUT)


def flush_stdout() -> None:
    if sys.stdout is not None:
        Guarded(sys.stdout, STDOUT).flush()


def silence_stdout() -> None:
    """After a failed write, send whatever is still buffered to /dev/null, so exit is clean."""
    try:
        fd = sys.stdout.fileno()
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)
    except (AttributeError, OSError, ValueError):  # no stdout, or an in-memory one (tests)
        pass
