"""Measure textmend against annotated spun text and clean text: detection, exact restoration, false edits.

Inputs: the seed format (TSV ``left garbled right canonical level`` plus the article), the spun-samples
JSONL (``left garbled right canonical`` windows, grouped by url into one document per page), clean windows
(``text`` with ``url``/``kind``) and clean corpora (``{"text": ...}`` a line). Every number the report
prints is defined here, so a change to the maps or the engine can be judged by one command.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .config import Config
from .model import Edit
from .normalize import WORD_RE

#: The spun-samples rule: no space before ``right`` when it starts with one of these.
NO_SPACE_BEFORE = tuple(",.;:)!’”…")


class UsageProblem(ValueError):
    """Inputs that cannot be evaluated as given (a seed TSV without its article): the command's usage error."""


@dataclass(frozen=True)
class Span:
    """An annotated garble: ``text[start:end]`` was written where the original had ``canonical``."""

    start: int
    end: int
    canonical: str
    group: str = ""  # level (seed) or domain (spun samples)
    id: str = ""


@dataclass
class Doc:
    name: str
    text: str
    spans: list[Span] = field(default_factory=list)
    #: Other garbles visible in a window's context: edits there are neither credited nor false.
    neutral: list[tuple[int, int]] = field(default_factory=list)
    #: Clean windows (start, end, kind): an applied edit inside one is a false edit, and the window is edited.
    clean: list[tuple[int, int, str]] = field(default_factory=list)


# --- loading -------------------------------------------------------------------------------------
def load_seed(tsv: str, article: str) -> tuple[Doc, list[str]]:
    """The article with each annotated garble located by its verbatim context, in order; and the misses."""
    from .io.read import read_source  # InputError (undecodable, unreadable): one error line, exit 2

    text = read_source(article).text
    doc, missing = Doc(Path(article).name, text), []
    rows = read_source(tsv).text.splitlines()
    prev_end = 0
    for n, line in enumerate(rows[1:], 2):
        cols = line.split("\t")
        if len(cols) < 4:
            continue
        left, garbled, right, canonical = cols[:4]
        level = cols[4].strip() if len(cols) > 4 else ""
        start = _find_in_order(text, left, garbled, right, prev_end)
        if start is None:
            missing.append(f"line {n}: {left!r} {garbled!r} {right!r}")
            continue
        doc.spans.append(Span(start, start + len(garbled), canonical, level, f"line {n}"))
        prev_end = start + len(garbled)
    return doc, missing


def _find_in_order(text: str, left: str, garbled: str, right: str, prev_end: int) -> int | None:
    """Start of ``garbled`` in the first ``left+garbled+right`` whose garble starts at or after ``prev_end``."""
    needle = left + garbled + right
    pos = max(0, prev_end - len(left))
    while True:
        i = text.find(needle, pos)
        if i < 0:
            return None
        if i + len(left) >= prev_end:
            return i + len(left)
        pos = i + 1


def window_text(left: str, garbled: str, right: str) -> tuple[str, int]:
    """A spun-samples window as the page read, and the offset of the garble in it."""
    head = left + " " if left else ""
    sep = "" if not right or right.startswith(NO_SPACE_BEFORE) else " "
    return head + garbled + sep + right, len(head)


def read_jsonl(path: str, needed: tuple[str, ...] | None = None) -> list[dict]:
    """Rows checked by ``jsonl.read_rows``: a malformed line is a ``DataError`` naming file and line."""
    from .io.jsonl import read_rows

    return read_rows(path, needed)


def load_spun(rows: list[dict], per_window: bool = False) -> list[Doc]:
    """Spun windows grouped by url (one document per page, windows as paragraphs) or one per window."""
    by_url: dict[str, list[dict]] = defaultdict(list)
    for n, r in enumerate(rows, 1):
        # Later rows of the corpus carry no ``id``: their line number names them.
        r = r if r.get("id") else {**r, "id": f"line-{n}"}
        by_url[r["id"] if per_window else r["url"]].append(r)
    docs = []
    for name, windows in by_url.items():
        page = [r for r in rows if r.get("url") == windows[0].get("url")]  # one page's rows, for context
        parts, doc, pos = [], Doc(name, ""), 0
        for r in windows:
            wt, off = window_text(r["left"], r["garbled"], r["right"])
            start = pos + off
            doc.spans.append(Span(start, start + len(r["garbled"]), r["canonical"], r.get("domain", ""), r["id"]))
            doc.neutral += [(pos + s, pos + e) for s, e in _context_garbles(wt, off, r, page)]
            parts.append(wt)
            pos += len(wt) + 2
        doc.text = "\n\n".join(parts)
        docs.append(doc)
    return docs


def _context_garbles(wt: str, off: int, row: dict, page: list[dict]) -> list[tuple[int, int]]:
    """Where phrases annotated as garbled elsewhere on the same page show in this window's context.

    Contexts are verbatim page text and may hold other garbles; an edit there is not a false edit."""
    out = []
    for g in {other["garbled"] for other in page if other is not row and other["garbled"].strip()}:
        for m in re.finditer(r"(?<!\w)" + re.escape(g) + r"(?!\w)", wt, re.IGNORECASE):
            if not (m.start() < off + len(row["garbled"]) and off < m.end()):
                out.append(m.span())
    return out


def add_clean_windows(docs: list[Doc], rows: list[dict], per_window: bool = False) -> list[Doc]:
    """Put clean windows in the page they came from (evidence as the spinner left it), else their own doc."""
    by_name = {d.name: d for d in docs}
    for n, r in enumerate(rows, 1):
        name = r.get("id", f"clean-{n}") if per_window else r.get("url", r.get("id", ""))
        doc = by_name.get(name)
        if doc is None:
            doc = by_name[name] = Doc(name, "")
            docs.append(doc)
        start = len(doc.text) + (2 if doc.text else 0)
        doc.text = doc.text + "\n\n" + r["text"] if doc.text else r["text"]
        doc.clean.append((start, start + len(r["text"]), r.get("kind", "clean")))
    return docs


def load_corpus(rows: list[dict]) -> list[Doc]:
    return [Doc(str(r.get("id", i)), r["text"]) for i, r in enumerate(rows)]


# --- scoring -------------------------------------------------------------------------------------
def _norm_ws(s: str) -> str:
    return " ".join(s.split())


def exact(doc: Doc, span: Span, applied: list[Edit]) -> bool:
    """Does the repaired text read the canonical here? Edits reaching past the span are judged over their
    whole reach, against the canonicals of every annotation inside it."""
    return _reads(doc, span, [(e.start, e.end, e.replacement) for e in applied])


def _reads(doc: Doc, span: Span, repl: list[tuple[int, int, str]]) -> bool:
    """Would these replacements make the text read the canonical over the span (and over their reach)?"""
    touching = [r for r in repl if r[0] < span.end and span.start < r[1]]
    if not touching:
        return False
    lo, hi = min([span.start] + [r[0] for r in touching]), max([span.end] + [r[1] for r in touching])
    got = _splice(doc.text, lo, hi, [r for r in repl if lo <= r[0] and r[1] <= hi])
    inside = [s for s in doc.spans if lo <= s.start and s.end <= hi]
    want = _splice(doc.text, lo, hi, [(s.start, s.end, s.canonical) for s in inside])
    return _norm_ws(got) == _norm_ws(want)


#: What happened to an annotated garble, from best to worst (``evaluate(..., breakdown=True)``).
RESTORED = "restored"
APPLIED_OTHER = "applied, other wording"
SUGGESTED_RIGHT = "suggested, canonical among candidates"
SUGGESTED_OTHER = "suggested, other candidates"
HELD = "held back: "  # + the reason code of the finding that was found and not shown
NOT_FOUND = "not found"
#: Which reason names a held-back garble when several findings touch it: the one nearest to being shown.
_HELD_ORDER = ("context-rule", "weak-evidence", "no-support", "low-confidence", "several-candidates", "overlap",
               "protected", "allow-listed")


def outcome(doc: Doc, span: Span, edits: list[Edit], held: tuple[Edit, ...] | list[Edit], ok: bool) -> str:
    """Where a garble ended: restored, applied with other wording, suggested (right or not), held back by a
    rule of ``decide`` (``held``: the suppressed findings of an ``explain`` run), or never found. The
    breakdown says whether a miss is missing knowledge or knowledge that the gates kept back."""
    if ok:
        return RESTORED
    touching = [e for e in edits if e.start < span.end and span.start < e.end]
    if any(e.safe for e in touching):
        return APPLIED_OTHER
    if touching:
        right = any(_reads(doc, span, [(e.start, e.end, c)])
                    for e in touching for c in (e.candidates or (e.replacement,)))
        return SUGGESTED_RIGHT if right else SUGGESTED_OTHER
    codes = {str(e.code) for e in held if e.start < span.end and span.start < e.end}
    if codes:
        return HELD + min(codes, key=lambda c: (_HELD_ORDER.index(c) if c in _HELD_ORDER else len(_HELD_ORDER), c))
    return NOT_FOUND


def _splice(text: str, lo: int, hi: int, repl: list[tuple[int, int, str]]) -> str:
    out, pos = [], lo
    for s, e, r in sorted(repl):
        if s < pos:
            continue
        out += [text[pos:s], r]
        pos = e
    return "".join(out) + text[pos:hi]


@dataclass
class Tally:
    spans: int = 0
    detected: int = 0
    exact: int = 0
    by_group: dict = field(default_factory=dict)  # label -> [garbles, detected, exact]
    false_edits: int = 0
    false_reports: int = 0
    words: int = 0
    docs: int = 0
    docs_edited: int = 0
    clean_windows: int = 0
    clean_windows_edited: int = 0
    #: Clean windows with any edit or suggestion (a false flag, even when nothing is applied).
    clean_windows_flagged: int = 0
    #: Windows of unspun pages that use spinner-prone words in their ordinary sense.
    traps: int = 0
    traps_edited: int = 0
    traps_flagged: int = 0
    #: Documents holding annotated garbles, and how many of them scored as spun.
    spun_docs: int = 0
    spun_docs_scored_spun: int = 0
    #: Documents without annotated garbles (clean), and how many scored as spun.
    clean_docs_scored_spun: int = 0
    #: Per document: (name, has garbles, summed evidence, words, score) - what calibration reads.
    doc_scores: list = field(default_factory=list)
    offenders: Counter = field(default_factory=Counter)
    examples: dict = field(default_factory=dict)
    misses: list = field(default_factory=list)
    #: With ``breakdown``: (document, start, end, outcome) for every annotated garble.
    outcomes: list = field(default_factory=list)

    def to_json(self) -> dict:
        d = {k: v for k, v in self.__dict__.items()
             if k not in ("by_group", "offenders", "examples", "misses", "doc_scores", "outcomes")}
        d["detection_rate"] = round(self.detected / self.spans, 4) if self.spans else None
        d["exact_rate"] = round(self.exact / self.spans, 4) if self.spans else None
        d["false_edits_per_10k_words"] = round(self.false_edits * 10000 / self.words, 3) if self.words else None
        d["by_group"] = {g: {"spans": v[0], "detected": v[1], "exact": v[2]} for g, v in sorted(self.by_group.items())}
        d["offenders"] = [{"rule": r, "count": n, "example": self.examples.get(r, "")}
                          for r, n in self.offenders.most_common()]
        d["misses"] = self.misses
        if self.outcomes:
            d["outcomes"] = dict(Counter(o[3] for o in self.outcomes).most_common())
        return d


def evaluate(docs: list[Doc], cfg: Config, breakdown: bool = False) -> Tally:
    """The figures for ``docs`` under ``cfg``. ``breakdown``: also the :func:`outcome` of every garble (one
    more ``explain`` pass per annotated document, for what the gates held back)."""
    from .engine.pipeline import analyse

    t = Tally()
    for doc in docs:
        res = analyse(doc.text, cfg, repair=True)
        held = analyse(doc.text, cfg, repair=False, explain=True).suppressed if breakdown and doc.spans else ()
        edits = list(res.edits)
        applied = [e for e in edits if e.safe]
        t.docs += 1
        t.docs_edited += bool(applied)
        t.words += sum(1 for _ in WORD_RE.finditer(doc.text))
        for s in doc.spans:
            hit = any(e.start < s.end and s.start < e.end for e in edits)
            ok = hit and exact(doc, s, applied)
            t.spans += 1
            t.detected += hit
            t.exact += ok
            g = t.by_group.setdefault(s.group or "all", [0, 0, 0])
            g[0], g[1], g[2] = g[0] + 1, g[1] + hit, g[2] + ok
            if breakdown:
                t.outcomes.append((doc.name, s.start, s.end, outcome(doc, s, edits, held, ok)))
            if not ok:
                t.misses.append({"doc": doc.name, "id": s.id, "garbled": doc.text[s.start:s.end],
                                 "canonical": s.canonical, "detected": hit})
        covered = [(s.start, s.end) for s in doc.spans] + doc.neutral
        for e in edits:
            if any(a < e.end and e.start < b for a, b in covered):
                continue
            if e.safe:
                t.false_edits += 1
                t.offenders[e.rule] += 1
                t.examples.setdefault(e.rule, f"{e.original} -> {e.replacement}")
            else:
                t.false_reports += 1
        for a, b, kind in doc.clean:
            edited = any(a < e.end and e.start < b for e in applied)
            flagged = any(a < e.end and e.start < b for e in edits)
            if kind == "unspun_trap":
                t.traps += 1
                t.traps_edited += edited
                t.traps_flagged += flagged
            else:
                t.clean_windows += 1
                t.clean_windows_edited += edited
                t.clean_windows_flagged += flagged
        t.doc_scores.append((doc.name, bool(doc.spans), round(res.evidence, 3), len(doc.text.split()),
                             round(res.score, 3)))
        if doc.spans:
            t.spun_docs += 1
            t.spun_docs_scored_spun += res.spun
        else:
            t.clean_docs_scored_spun += res.spun
    return t


# --- report --------------------------------------------------------------------------------------
def report(t: Tally, title: str, top: int = 10) -> str:
    lines = [f"== {title}: {t.docs} document(s), {t.words} words"]
    if t.spans:
        lines.append(f"detection {t.detected}/{t.spans} = {t.detected / t.spans:.1%}   "
                     f"exact restoration {t.exact}/{t.spans} = {t.exact / t.spans:.1%}")
        for g, (n, d, x) in sorted(t.by_group.items()):
            lines.append(f"  {g:<10} {n:>4} spans  detected {d / n:6.1%}  exact {x / n:6.1%}")
    per10k = t.false_edits * 10000 / t.words if t.words else 0.0
    lines.append(f"false edits {t.false_edits} ({per10k:.2f} per 10,000 words), "
                 f"reported-only outside spans {t.false_reports}, documents edited {t.docs_edited}/{t.docs}")
    if t.clean_windows:
        lines.append(f"clean windows edited {t.clean_windows_edited}/{t.clean_windows}, "
                     f"flagged {t.clean_windows_flagged}/{t.clean_windows}")
    if t.traps:
        lines.append(f"trap windows (unspun pages) edited {t.traps_edited}/{t.traps}, "
                     f"flagged {t.traps_flagged}/{t.traps}")
    if t.spun_docs:
        lines.append(f"documents with garbles scored spun {t.spun_docs_scored_spun}/{t.spun_docs}")
    lines.append(f"documents without garbles scored spun {t.clean_docs_scored_spun}/{t.docs - t.spun_docs}")
    if t.offenders:
        lines.append("top false edits by rule:")
        for rule, n in t.offenders.most_common(top):
            lines.append(f"  {n:>5}  {rule:<40} {t.examples[rule]}")
    return "\n".join(lines)


def load(annotation: str, article: str | None, clean: str | None, per_window: bool,
         warn: Callable[[str], None] = lambda msg: None) -> tuple[list[Doc], str]:
    """Documents to evaluate, and a title, from whichever format ``annotation`` is in (``UsageProblem``: a
    seed TSV without its article; ``warn`` gets annotations not found in it)."""
    if annotation.endswith(".tsv"):
        if not article:
            raise UsageProblem("a seed TSV needs --article (the spun text it annotates)")
        doc, missing = load_seed(annotation, article)
        for m in missing:
            warn(f"warning: not found in the article: {m}")
        docs, title = [doc], f"seed {Path(article).name}"
    else:
        rows = read_jsonl(annotation)
        first = rows[0] if rows else {}
        if "garbled" in first:
            docs = load_spun(rows, per_window)
            title = f"spun samples {Path(annotation).name}" + (" (per window)" if per_window else " (per page)")
        elif "kind" in first or "url" in first:
            docs = add_clean_windows([], rows, per_window)
            title = f"clean windows {Path(annotation).name}" + (" (per window)" if per_window else " (per page)")
        else:
            docs, title = load_corpus(rows), f"clean corpus {Path(annotation).name}"
    if clean:
        docs = add_clean_windows(docs, read_jsonl(clean, ("text",)), per_window)
        title += f" + clean windows {Path(clean).name}"
    return docs, title
