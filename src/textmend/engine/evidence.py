"""Score: how strongly a stretch of text shows spinning, near each finding and over the whole document.

Every match is evidence. A strong fingerprint (a fixed entry, a spintax leak) weighs ``STRONG``; any matched
phrase listed in the learned evidence table (``data/lexicons/spin-evidence.tsv``: how much likelier the
phrase is in spun pages than in the same pages as originally written) weighs its table weight; a hand-written
guarded entry whose context rule holds weighs ``WEAK``. Repeats of one phrase add a quarter of its weight
(spinners are consistent, but one word repeated is one word).

Words that spinners replace reliably ("said", "price", "bill"), found untouched, count against: the table
lists them with negative weights (the log of the share of their uses spinners leave alone).

A stretch of ``n`` words with evidence ``E`` scores ``min(s(E / E_HALF), s(100 E / n / D_HALF))`` with
``s(x) = 1 - 2^-x``: it needs both enough evidence (``E_HALF`` gives 0.5) and enough of it per word
(``D_HALF`` per 100 words gives 0.5), so a long clean text with a few ordinary hits stays low, and so does a
short one with a single hit.

Weak rules need evidence **near** them, not just somewhere in the input: a finding is judged on the score of
the text around it at two scales, a paragraph-sized window (``NEAR`` characters each side) and a
document-sized one (``WIDE``), and the lower of the two counts; each window may be centred on the finding
or end or start there, whichever scores best, so a finding at the edge of a spun article is judged on the
article. Counter-evidence right around a finding (``CLOSE``) vetoes it. One spun article pasted into a
newswire dump opens the weak rules inside the article and nowhere else. The score of the whole input is
reported.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..model import EntryKind, Finding, Source
from ..normalize import phrase_key

#: Evidence of one strong fingerprint (scaled by its confidence).
STRONG = 2.2
#: Evidence of a hand-written guarded match whose context rule holds (no learned weight), and of a match of a
#: learned guarded entry with no weight of its own (seen in one group only: a hint, not a fingerprint).
WEAK = 0.3
LEARNED = 0.4
#: A repeat of a phrase adds this share of its weight.
REPEAT = 0.25
#: Evidence that scores 0.5 on its own, and evidence per 100 words that scores 0.5.
E_HALF = 4.0
D_HALF = 0.25
#: Half-widths, in characters, of the paragraph-sized and document-sized windows around a finding.
NEAR = 1200
WIDE = 12000
#: Distinct phrases of evidence a stretch needs before it scores at all (a strong fingerprint counts twice):
#: three spinner-like words in one clean sentence are a coincidence, a spinner leaves many.
MIN_DISTINCT = 4
#: Half-width of the stretch right around a finding whose counter-evidence may veto it.
CLOSE = 250
#: Spacing, in characters, of the window centres at which local scores are computed.
GRID = 100

Key = tuple[str, ...]


def _saturate(x: float) -> float:
    return 1.0 - 2.0 ** (-x) if x > 0 else 0.0


def stretch_score(evidence: float, words: int) -> float:
    """Score of a stretch of ``words`` words holding ``evidence`` (see the module docstring)."""
    if evidence <= 0.0:
        return 0.0
    density = 100.0 * evidence / max(words, 1)
    return min(_saturate(evidence / E_HALF), _saturate(density / D_HALF))


# --- the evidence table ------------------------------------------------------------------------------
def builtin_evidence_path() -> Path:
    """The shipped evidence table: inside the installed package, or ``data/lexicons`` in a checkout."""
    packaged = resources.files("textmend") / "lexicons" / "spin-evidence.tsv"
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "data" / "lexicons" / "spin-evidence.tsv"


@lru_cache(maxsize=8)
def load_weights(path: str) -> dict[Key, float]:
    """``phrase <TAB> weight [<TAB> note]`` lines (``#`` comments) as phrase key -> weight."""
    p = Path(path)
    if not p.exists():
        return {}
    out: dict[Key, float] = {}
    for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        try:
            weight = float(cols[1])
        except (IndexError, ValueError):
            raise ValueError(f"{p}:{n}: expected 'phrase<TAB>weight'") from None
        key = phrase_key(cols[0])
        if key:
            out[key] = weight
    return out


# --- scoring -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Scored:
    """A finding's evidence: where it is and what it adds."""

    start: int
    value: float


def finding_value(f: Finding, cls: str, weights: dict[Key, float]) -> float:
    """The evidence one live finding gives (``cls``: strong, weak or ambiguous)."""
    learned = weights.get(phrase_key(f.original), 0.0)
    if cls == "strong":
        return max(STRONG * f.confidence, learned)
    if learned:
        return learned
    if f.source != Source.PHRASE_MAP or f.kind != EntryKind.GUARDED or f.entry is None:
        return 0.0
    return LEARNED if f.entry.provenance.startswith("generated") else WEAK


class Evidence:
    """Evidence of a text's findings, queried per position (near and wide windows) and for the whole.

    In a window, each phrase counts in full once and a quarter for every repeat, and counts once towards
    the distinct phrases it needs. Window scores are computed by one sliding pass per window size over a
    grid of centres (every ``GRID`` characters): cost linear in the text and its findings, whatever the
    number of queries.
    """

    def __init__(self, text: str, findings: list[tuple[Finding, str]], weights: dict[Key, float],
                 markers: Sequence[tuple[int, str, float]] = ()) -> None:
        """``markers``: (offset, word, negative weight) of words spinners replace, found untouched."""
        self.text = text
        points: list[tuple[int, object, float, int]] = []  # offset, phrase, value, counts as how many
        for f, cls in findings:
            v = finding_value(f, cls, weights)
            if v > 0.0:
                strong = cls == "strong"
                points.append((f.start, f.rule if strong else phrase_key(f.original), v, 2 if strong else 1))
        points += [(pos, ("marker", word), w, 0) for pos, word, w in markers]
        points.sort(key=lambda t: t[0])
        self.points = points
        self.starts = [p[0] for p in points]
        self.prefix = [0.0]  # raw values, for the counter-evidence veto right around a finding
        for p in points:
            self.prefix.append(self.prefix[-1] + p[2])
        self._grids: dict[int, tuple[list[int], list[tuple[int, list[float]]]]] = {}
        self._whole: tuple[float, float] | None = None

    def _words(self, lo: int, hi: int) -> int:
        # White-space runs approximate words at C speed: enough for a density.
        return self.text.count(" ", lo, hi) + self.text.count("\n", lo, hi) + 1

    def _tally(self, pts: list[tuple[int, object, float, int]]) -> tuple[float, int]:
        seen: set[object] = set()
        e, distinct = 0.0, 0
        for _, k, v, n_as in pts:
            if k in seen:
                e += v * REPEAT
            else:
                seen.add(k)
                e += v
                distinct += n_as
        return e, distinct

    @property
    def total(self) -> float:
        """Summed evidence for, minus counter-evidence (at least 0), over the whole text."""
        return max(0.0, self._whole_tally()[0])

    def _whole_tally(self) -> tuple[float, float]:
        if self._whole is None:
            self._whole = self._tally(self.points)
        return self._whole

    def document(self) -> float:
        """The whole text's score (what is reported, and what ``spun`` is judged on)."""
        e, distinct = self._whole_tally()
        return stretch_score(e, self._words(0, len(self.text))) if distinct >= MIN_DISTINCT else 0.0

    def _grids_for(self, half: int) -> tuple[list[int], list[tuple[int, list[float]]]]:
        """Window scores on a grid of centres, one grid per cluster of findings (clusters further apart than
        two windows share nothing): cost linear in the findings and the text they span, not the whole text."""
        got = self._grids.get(half)
        if got is not None:
            return got
        clusters: list[list[int]] = []  # [first point, last point] indices
        for i, pos in enumerate(self.starts):
            if clusters and pos - self.starts[clusters[-1][1]] <= 2 * half:
                clusters[-1][1] = i
            else:
                clusters.append([i, i])
        grids = [self._grid(half, a, b) for a, b in clusters]
        got = self._grids[half] = ([g[0] for g in grids], grids)
        return got

    def _grid(self, half: int, first: int, last: int) -> tuple[int, list[float]]:
        """Scores of the windows ``[c - half, c + half]`` for centres ``c = GRID * (i0 + i)`` over the stretch
        points ``first..last`` can reach, with word counts from running totals."""
        n_text = len(self.text)
        i0 = max(0, (self.starts[first] - half) // GRID)
        i1 = min(n_text // GRID + 1, (self.starts[last] + half) // GRID + 1)
        # Running white-space counts at grid boundaries from the first window's start to the last one's end.
        base = max(0, i0 * GRID - half)
        marks = list(range(base, min(n_text, i1 * GRID + half) + GRID, GRID))
        ws = [0]
        for a, b in zip(marks, marks[1:]):
            ws.append(ws[-1] + self.text.count(" ", a, b) + self.text.count("\n", a, b))
        top = len(ws) - 1

        def words(lo: int, hi: int) -> int:
            return ws[min(top, max(0, (hi - base) // GRID))] - ws[min(top, max(0, (lo - base) // GRID))] + 1

        scores: list[float] = []
        counts: dict[object, int] = {}
        e, distinct = 0.0, 0
        pts, end = self.points, last + 1
        left = right = first
        for i in range(i0, i1 + 1):
            c = i * GRID
            lo, hi = c - half, c + half
            while right < end and pts[right][0] <= hi:
                _, k, v, n_as = pts[right]
                m = counts.get(k, 0)
                counts[k] = m + 1
                e += v if m == 0 else v * REPEAT
                distinct += n_as if m == 0 else 0
                right += 1
            while left < right and pts[left][0] < lo:
                _, k, v, n_as = pts[left]
                m = counts[k]
                if m == 1:
                    del counts[k]
                    e -= v
                    distinct -= n_as
                else:
                    counts[k] = m - 1
                    e -= v * REPEAT
                left += 1
            ok = distinct >= MIN_DISTINCT
            scores.append(stretch_score(e, words(max(0, lo), min(n_text, hi))) if ok else 0.0)
        return i0, scores

    def _window(self, pos: int, half: int) -> float:
        """The best score of a window of ``2 * half`` characters holding ``pos``: centred on it, or ending or
        starting there (a finding at the edge of a spun article is judged on the article, not on the clean
        text beside it)."""
        if len(self.text) <= 2 * half:
            return self.document()
        starts, grids = self._grids_for(half)
        best = 0.0
        for c in (pos, pos - half, pos + half):
            k = bisect_right(starts, round(c / GRID)) - 1
            if k >= 0:
                i0, grid = grids[k]
                i = round(c / GRID) - i0
                if i < len(grid):
                    best = max(best, grid[i])
        return best

    def local(self, pos: int) -> float:
        """The score that decides weak rules at ``pos``: the lower of the near and the wide window, and 0
        where the text right around it holds more counter-evidence than evidence (clean text beside a spun
        stretch: its own words say it is clean)."""
        if not self.points:
            return 0.0
        a, b = bisect_left(self.starts, pos - CLOSE), bisect_right(self.starts, pos + CLOSE)
        if self.prefix[b] - self.prefix[a] < 0.0:
            return 0.0
        return min(self._window(pos, NEAR), self._window(pos, WIDE))


def upper_bound(evidence: float, words: int) -> float:
    """A generous bound on the score of a stretch whose distinct matches weigh ``evidence`` (repeats and
    strong fingerprints can add more): whether the second matching pass, for weak entries, is worth it."""
    return stretch_score(evidence * 1.25, words)
