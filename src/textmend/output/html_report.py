"""The HTML report: one self-contained page a reviewer can open from a CI artifact.

Per file: a strip of sentence scores, then the text with every edit marked (original struck, replacement
shown, rule and confidence on hover), after a summary table of all files. No scripts, fonts or other
external assets, so the page renders offline and in sandboxed artifact viewers.
"""
from __future__ import annotations

from html import escape
from typing import TextIO

from .._version import __version__
from ..engine.result import Result
from .formatter import FormatOptions, Formatter

_CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}
td.n{text-align:right}pre.text{white-space:pre-wrap;word-wrap:break-word;background:#fafafa;
border:1px solid #ddd;padding:1em;font:14px/1.6 ui-monospace,monospace}
del{color:#b00;background:#fdd}ins{color:#060;background:#dfd;text-decoration:none}
mark{background:#ffe9a8}.strip{display:flex;gap:1px;height:14px;margin:.5em 0}
.strip span{flex:1;min-width:2px}.spun{color:#b00;font-weight:bold}
.legend{font-size:13px;color:#555}.legend span{display:inline-block;width:2.5em;text-align:center;color:#222}
"""
#: Sample scores for the legend of the sentence-score strip.
_LEGEND_SCORES = (0.0, 0.25, 0.5, 0.75, 1.0)


def _score_colour(score: float) -> str:
    """White for clean sentences through to red for certainly spun ones."""
    g = int(255 - 200 * max(0.0, min(1.0, score)))
    return f"#ff{g:02x}{g:02x}" if score > 0 else "#e8e8e8"


def _marked_text(text: str, result: Result) -> str:
    out: list[str] = []
    pos = 0
    for e in sorted(result.edits, key=lambda e: e.start):
        out.append(escape(text[pos : e.start]))
        tip = escape(f"{e.rule}: confidence {e.confidence:.2f}, {e.status}"
                     + (f"; candidates: {' | '.join(e.candidates)}" if len(e.candidates) > 1 else ""))
        if e.safe:
            out.append(f'<del title="{tip}">{escape(e.original)}</del>'
                       f'<ins title="{tip}">{escape(e.replacement)}</ins>')
        else:
            out.append(f'<mark title="{tip}">{escape(e.original)}</mark>'
                       f'<sup title="{tip}">[{escape(" | ".join(e.candidates))}]</sup>')
        pos = e.end
    out.append(escape(text[pos:]))
    return "".join(out)


def _strip(text: str, result: Result) -> str:
    cells = []
    for s in result.sentences:
        snippet = " ".join(text[s.start : s.end].split())[:80]
        cells.append(f'<span style="background:{_score_colour(s.score)}" '
                     f'title="{escape(f"{s.score:.2f}: {snippet}")}"></span>')
    return f'<div class="strip" aria-label="sentence scores">{"".join(cells)}</div>' if cells else ""


def _legend() -> str:
    """What the strip's colours mean: it is unreadable without one."""
    swatches = "".join(f'<span style="background:{_score_colour(x)}">{x:g}</span>' for x in _LEGEND_SCORES)
    return ('<p class="legend">Sentence-score strip: one cell per sentence, in reading order (hover for the '
            f'score and the sentence). Grey: no evidence of spinning; pale to deep red: score up to 1. {swatches}'
            '</p>')


class HtmlReport(Formatter):
    """Collects every file, writes the page on ``finish``."""

    def __init__(self, out: TextIO, command: str, options: FormatOptions | None = None) -> None:
        super().__init__(out, command, options)
        self.rows: list[str] = []
        self.sections: list[str] = []

    def file(self, path: str, text: str, result: Result) -> None:
        n = len(self.rows) + 1
        applied = sum(1 for e in result.edits if e.safe)
        reported = len(result.edits) - applied
        spun = '<span class="spun">spun</span>' if result.spun else "clean"
        # Only files with findings get a section below, so only they get a link.
        name = f'<a href="#f{n}">{escape(path)}</a>' if result.edits else escape(path)
        self.rows.append(f'<tr><td>{name}</td><td class="n">{result.score:.2f}</td>'
                         f'<td>{spun}</td><td class="n">{applied}</td><td class="n">{reported}</td></tr>')
        if not result.edits:
            return
        self.sections.append(f'<section id="f{n}"><h2>{escape(path)}</h2>'
                             f'<p>Document spin score {result.score:.2f} ({spun}); {applied} edit(s), '
                             f'{reported} suggestion(s).</p>{_strip(text, result)}'
                             f'<pre class="text">{_marked_text(text, result)}</pre></section>')

    def finish(self) -> None:

        self.out.write(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>textmend report</title><style>{_CSS}</style></head><body>"
            f"<h1>textmend report</h1><p>textmend {escape(__version__)}, {len(self.rows)} file(s).</p>"
            "<table><thead><tr><th>File</th><th>Score</th><th>Verdict</th><th>Edits</th><th>Suggestions</th>"
            f"</tr></thead><tbody>{''.join(self.rows)}</tbody></table>"
            f"{_legend() if self.sections else ''}{''.join(self.sections)}</body></html>\n")
        self.out.flush()
