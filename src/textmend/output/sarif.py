"""``sarif``: SARIF 2.1.0 for code scanning, a rule per map entry seen and a fix per safe edit."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

from .._version import __version__
from ..engine.result import Result
from ..model import Edit
from .formatter import FormatOptions, Formatter, LineIndex, describe

if TYPE_CHECKING:  # pragma: no cover
    from ..knowledge.rulebook import Rule

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def sarif_rule(rule_id: str, rule: Rule | None) -> dict[str, Any]:
    """A ``reportingDescriptor``: the rule's description and help (what it restores, why, where it comes from,
    an example), so a code-scanning UI explains a finding without textmend at hand."""
    out: dict[str, Any] = {"id": rule_id, "name": rule_id.replace("/", "-"),
                           "shortDescription": {"text": f"Spun wording matched by rule {rule_id}"},
                           "defaultConfiguration": {"level": "warning"}}
    if rule is None:  # a rule from a map this run did not tell the formatter about
        return out
    spun, fixed = rule.examples[0]
    lines = [rule.map_title + ".", rule.description, f"Provenance: {rule.provenance}.",
             f"Example: \"{spun}\" -> \"{fixed}\"."]
    markdown = [f"**{rule.map_title}**", "", rule.description, "", f"*Provenance:* {rule.provenance}", "",
                f"*Example:* `{spun}` → `{fixed}`", "", f"Look it up with `textmend rule {rule_id}`; "
                f"ignore it with `--ignore {rule_id}`."]
    out["shortDescription"] = {"text": f"Spun wording: {rule.restores}"}
    out["fullDescription"] = {"text": rule.description}
    out["help"] = {"text": " ".join(lines), "markdown": "\n".join(markdown)}
    out["properties"] = {"kind": str(rule.kind), "map": rule.map_id, "confidence": rule.confidence,
                         "provenance": rule.provenance}
    return out


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

    def __init__(self, out: TextIO, command: str, options: FormatOptions | None = None) -> None:
        super().__init__(out, command, options)
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
                "properties": {"confidence": round(e.confidence, 3), "status": str(e.status),
                               "applicability": str(e.applicability), "reason": str(e.code), "source": str(e.source),
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
        book = self.options.rules
        rules = [sarif_rule(rid, book.get(rid) if book is not None else None) for rid in self.rules]
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
