"""The output formats: one registry the CLI's choices, its help and ``make`` are built from.

A format is one module with a ``Formatter`` subclass (see ``formatter``); adding one is that module plus a
line here. Nothing is imported until a format is used, so ``textmend --help`` stays light. ``text`` is the
CLI's own human output and has no formatter.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, NamedTuple, TextIO

if TYPE_CHECKING:  # pragma: no cover
    from .formatter import FormatOptions, Formatter


class Format(NamedTuple):
    #: Module (in this package) and class of the formatter; empty for ``text``.
    module: str
    cls: str
    #: Shown in ``--output-format`` help.
    help: str
    #: The worker renders each input's output line itself (spreads the work over the cores).
    rendered_by_worker: bool = False


REGISTRY: dict[str, Format] = {
    "text": Format("", "", "text"),
    "json": Format("json_lines", "JsonLines", "json/jsonl (JSON Lines, one object per input)", True),
    "jsonl": Format("json_lines", "JsonLines", "", True),
    "github": Format("github", "GitHub", "github"),
    "sarif": Format("sarif", "Sarif", "sarif"),
    "html": Format("html_report", "HtmlReport", "html (one self-contained page)"),
}
FORMATS = tuple(REGISTRY)


def make(fmt: str, out: TextIO, command: str, options: FormatOptions | None = None) -> Formatter:
    """The formatter for a machine format (``text`` is the CLI's own)."""
    spec = REGISTRY.get(fmt)
    if spec is None or not spec.module:
        raise ValueError(f"unknown output format {fmt!r}")
    cls: type[Formatter] = getattr(importlib.import_module(f".{spec.module}", __package__), spec.cls)
    return cls(out, command, options)
