"""``github``: GitHub Actions workflow commands, one annotation per finding."""
from __future__ import annotations

from ..engine.result import Result
from .formatter import Formatter, LineIndex, describe


def gh_escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def gh_escape_property(s: str) -> str:
    return gh_escape_data(s).replace(":", "%3A").replace(",", "%2C")


class GitHub(Formatter):
    """GitHub Actions workflow commands: a ``::warning`` per safe edit, a ``::notice`` per suggestion."""

    def file(self, path: str, text: str, result: Result) -> None:
        if not result.edits:
            return
        lines = LineIndex(text)
        for e in result.edits:
            (line, col), (end_line, end_col) = lines.at(e.start), lines.at(e.end)
            level = "warning" if e.safe else "notice"
            props = {"file": path, "line": line, "col": col, "endLine": end_line, "endColumn": end_col,
                     "title": f"textmend {e.rule}"}
            prop_text = ",".join(f"{k}={gh_escape_property(str(v))}" for k, v in props.items())
            self.out.write(f"::{level} {prop_text}::{gh_escape_data(describe(e))}\n")
