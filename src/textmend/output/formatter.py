"""What every output format shares: the ``Formatter`` interface, line/column lookup and the one-line message.

A formatter gets results in input order and writes only to its own stream, so machine output is never mixed
with human lines. The formats themselves are listed in ``formats`` (the registry).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from ..engine.result import Result
from ..model import Edit

if TYPE_CHECKING:  # pragma: no cover
    from ..knowledge.rulebook import RuleBook

#: The JSON schema written unless ``--schema`` asks for another.
SCHEMA = 2
SCHEMAS = (1, 2)


@dataclass(frozen=True)
class FormatOptions:
    """What a run tells every formatter: the JSON schema, and the rules it loaded (for rule descriptions)."""

    schema: int = SCHEMA
    rules: RuleBook | None = None


class LineIndex:
    """1-based line and column (in code points) of offsets into a text; CRLF counts as one line end."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, pos: int) -> tuple[int, int]:
        line = bisect_right(self.starts, pos)
        return line, pos - self.starts[line - 1] + 1


def describe(e: Edit) -> str:
    """One-line human message for an edit, shared by every format."""
    cands = " | ".join(e.candidates) if e.candidates else e.replacement
    verb = "restore" if e.safe else "maybe"
    return f"'{e.original}' looks spun: {verb} '{cands}' (confidence {e.confidence:.2f})"


class Formatter:
    """Receives (path, text, result) per input in order, then ``finish()``."""

    def __init__(self, out: TextIO, command: str, options: FormatOptions | None = None) -> None:
        self.out, self.command = out, command
        self.options = options or FormatOptions()

    def file(self, path: str, text: str, result: Result) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def line(self, rendered: str) -> None:
        """An input's output a worker already rendered (formats with ``rendered_by_worker`` in the registry)."""
        self.out.write(rendered)
        self.out.write("\n")

    def finish(self) -> None:
        self.out.flush()
