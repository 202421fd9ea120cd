"""Write phrase maps in our TSV format (``data/phrase_maps/README.md``): the one writer every tool shares.

Generated maps must be byte-stable (a test regenerates them and compares), so the writer fixes the column
order, drops trailing empty columns and escapes nothing: fields that would break the format are refused.
"""
from __future__ import annotations

from dataclasses import dataclass

_HEADER_ORDER = ("id", "title", "theme", "provenance", "kind", "confidence")
_REPEATED = ("example", "clean", "clean-in-spun")


@dataclass(frozen=True)
class MapLine:
    """One entry line: garbled, restorations, kind, when, confidence, note."""

    garbled: str
    candidates: tuple[str, ...]
    kind: str = ""
    when: str = ""
    confidence: float | None = None
    note: str = ""

    def render(self) -> str:
        cols = [self.garbled, "|".join(self.candidates), self.kind, self.when,
                "" if self.confidence is None else f"{self.confidence:.2f}", self.note]
        for c in cols:
            if any(ch in c for ch in "\t\n\r"):
                raise ValueError(f"map field with a tab or line break: {c!r}")
        if any("|" in c for c in self.candidates) or self.garbled.startswith("#"):
            raise ValueError(f"map entry the format cannot hold: {self.garbled!r} -> {self.candidates!r}")
        while len(cols) > 2 and not cols[-1]:
            cols.pop()
        return "\t".join(cols)


def render_map(header: dict[str, str | list[str]], lines: list[MapLine], comments: tuple[str, ...] = ()) -> str:
    """A whole map file: ``#:`` header lines (known keys in their usual order), comments, then entries."""
    out: list[str] = []
    for key in _HEADER_ORDER + tuple(k for k in header if k not in _HEADER_ORDER and k not in _REPEATED):
        if key in header:
            out.append(f"#: {key} = {header[key]}")
    for key in _REPEATED:
        for value in header.get(key, ()):
            out.append(f"#: {key} = {value}")
    out.extend(f"# {c}" for c in comments)
    out.extend(line.render() for line in lines)
    return "\n".join(out) + "\n"
