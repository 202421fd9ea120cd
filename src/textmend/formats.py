"""Machine output formats: JSON Lines (schema 1), GitHub workflow commands, SARIF 2.1.0 (and HTML, in
``htmlreport``). Each formatter gets results in input order and writes only to its own stream, so machine
output is never mixed with human lines. Documented in ``docs/output-formats.md``.
"""
from __future__ import annotations

import json
import os
from bisect import bisect_right
from pathlib import Path
from typing import TextIO

from .model import Edit, Result
from .segment import sentences

FORMATS = ("text", "json", "jsonl", "github", "sarif", "html")
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


class LineIndex:
    """1-based line and column (in code points) of offsets into a text; CRLF counts as one line end."""

    def __init__(self, text: str) -> None:
        import re

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

    def __init__(self, out: TextIO, command: str) -> None:
        self.out, self.command = out, command

    def file(self, path: str, text: str, result: Result) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def finish(self) -> None:
        self.out.flush()


class JsonLines(Formatter):
    """``json`` and ``jsonl``: one schema-1 object per input, one per line, in input order."""

    def file(self, path: str, text: str, result: Result) -> None:
        self.out.write(json_line(result, path) + "\n")

    def line(self, rendered: str) -> None:
        """A line a worker already rendered with ``json_line``."""
        self.out.write(rendered + "\n")


#: ``json.dumps`` of one string with ``ensure_ascii=False`` (the C encoder when there is one).
_json_string = getattr(json.encoder, "c_encode_basestring", None) or json.encoder.py_encode_basestring


def json_line(result: Result, path: str | None) -> str:
    """The schema-1 JSON line, byte for byte what ``json.dumps(result.to_json(path))`` gives, built fast.

    A clean document's line is almost all sentence spans (tens of thousands in a big file): they are written
    as text from the segmenter's offsets, with no ``Sentence`` objects and no dicts; the rest goes through
    ``json.dumps``. Workers call this, so the work spreads over the cores.
    """
    if "sentences" in result.__dict__:  # already segmented (cached on the Result)
        spans = [(s.start, s.end) for s in result.sentences]
    else:
        spans = sentences(result.original)
    scores = {(s.start, s.end): s.score for s in result.scored_sentences}
    if scores:
        parts = [f'{{"start": {a}, "end": {b}, "score": {round(scores.get((a, b), 0.0), 3)!r}}}' for a, b in spans]
    else:
        parts = [f'{{"start": {a}, "end": {b}, "score": 0.0}}' for a, b in spans]
    where = "null" if path is None else _json_string(path)
    edits = json.dumps([e.to_json() for e in result.edits], ensure_ascii=False) if result.edits else "[]"
    return (f'{{"schema": 1, "path": {where}, "score": {round(result.score, 3)!r}, '
            f'"spun": {"true" if result.spun else "false"}, "sentences": [{", ".join(parts)}], "edits": {edits}}}')


def gh_escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def gh_escape_property(s: str) -> str:
    return gh_escape_data(s).replace(":", "%3A").replace(",", "%2C")


class GitHub(Formatter):
    """GitHub Actions workflow commands: a ``::warning`` per safe edit, a ``::notice`` per suggestion."""

    def file(self, path: str, text: str, result: Result) -> None:
        lines = LineIndex(text) if result.edits else None
        for e in result.edits:
            (line, col), (end_line, end_col) = lines.at(e.start), lines.at(e.end)
            level = "warning" if e.safe else "notice"
            props = {"file": path, "line": line, "col": col, "endLine": end_line, "endColumn": end_col,
                     "title": f"textmend {e.rule}"}
            prop_text = ",".join(f"{k}={gh_escape_property(str(v))}" for k, v in props.items())
            self.out.write(f"::{level} {prop_text}::{gh_escape_data(describe(e))}\n")


def artifact_uri(path: str) -> str:
    """Relative paths stay relative (``/``-separated, for ``%SRCROOT%``); absolute ones become file URIs."""
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    rel = p.as_posix()
    while rel.startswith("./"):
        rel = rel[2:]
    from urllib.parse import quote

    return quote(os.fsencode(rel), safe="/")  # the name's own bytes, even where they are not UTF-8


class Sarif(Formatter):
    """SARIF 2.1.0: one run, a rule per map entry seen, a result per edit with its fix (for safe edits)."""

    def __init__(self, out: TextIO, command: str) -> None:
        super().__init__(out, command)
        self.rules: dict[str, int] = {}
        self.results: list[dict] = []
        self.artifacts: list[dict] = []

    def _rule_index(self, e: Edit) -> int:
        if e.rule not in self.rules:
            self.rules[e.rule] = len(self.rules)
        return self.rules[e.rule]

    def file(self, path: str, text: str, result: Result) -> None:
        uri = artifact_uri(path)
        if not result.edits:
            return
        self.artifacts.append({"location": {"uri": uri, "uriBaseId": "%SRCROOT%"} if not uri.startswith("file:")
                               else {"uri": uri}})
        loc_base = self.artifacts[-1]["location"]
        lines = LineIndex(text)
        for e in result.edits:
            (line, col), (end_line, end_col) = lines.at(e.start), lines.at(e.end)
            region = {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col,
                      "charOffset": e.start, "charLength": e.end - e.start}
            res = {
                "ruleId": e.rule,
                "ruleIndex": self._rule_index(e),
                "level": "warning" if e.safe else "note",
                "kind": "fail",
                "message": {"text": describe(e)},
                "locations": [{"physicalLocation": {"artifactLocation": dict(loc_base), "region": region}}],
                "properties": {"confidence": round(e.confidence, 3), "status": e.status, "source": e.source,
                               "candidates": list(e.candidates), "documentScore": round(result.score, 3)},
            }
            if e.safe:
                res["fixes"] = [{
                    "description": {"text": f"Replace '{e.original}' with '{e.replacement}'"},
                    "artifactChanges": [{"artifactLocation": dict(loc_base), "replacements": [{
                        "deletedRegion": {k: region[k] for k in ("startLine", "startColumn", "endLine",
                                                                  "endColumn")},
                        "insertedContent": {"text": e.replacement}}]}],
                }]
            self.results.append(res)

    def finish(self) -> None:
        from . import __version__

        rules = [{"id": rid, "name": rid.replace("/", "-"),
                  "shortDescription": {"text": f"Spun wording matched by phrase-map rule {rid}"},
                  "defaultConfiguration": {"level": "warning"}} for rid in self.rules]
        doc = {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {"name": "textmend", "version": __version__, "semanticVersion": __version__,
                                    "rules": rules}},
                "originalUriBaseIds": {"%SRCROOT%": {"uri": Path(os.getcwd()).as_uri() + "/"}},
                "columnKind": "unicodeCodePoints",
                "artifacts": self.artifacts,
                "results": self.results,
            }],
        }
        json.dump(doc, self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")
        self.out.flush()


def make(fmt: str, out: TextIO, command: str) -> Formatter:
    """The formatter for a machine format (``text`` is the CLI's own)."""
    if fmt in ("json", "jsonl"):
        return JsonLines(out, command)
    if fmt == "github":
        return GitHub(out, command)
    if fmt == "sarif":
        return Sarif(out, command)
    if fmt == "html":
        from .htmlreport import HtmlReport

        return HtmlReport(out, command)
    raise ValueError(f"unknown output format {fmt!r}")
