"""``sarif``: SARIF 2.1.0 for code scanning, a rule per map entry seen and a fix per safe edit."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TextIO
from urllib.parse import quote

from ._version import __version__
from .formatter import Formatter, LineIndex, describe
from .model import Edit
from .result import Result

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def artifact_uri(path: str) -> str:
    """Relative paths stay relative (``/``-separated, for ``%SRCROOT%``); absolute ones become file URIs."""
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    rel = p.as_posix()
    while rel.startswith("./"):
        rel = rel[2:]
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
