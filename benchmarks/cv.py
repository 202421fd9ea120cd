#!/usr/bin/env python3
"""Leave-one-group-out evaluation on the annotated spun pages: the honest yardstick for unseen sites.

For each group (pages that share a site or a source text) the knowledge is rebuilt without it:

* ``tools/learn_spun.py`` learns the substitution tables from the other groups only;
* hand-written map entries whose garbled phrase is annotated in the held-out group and in no other group
  (nor in the seed article) are held out too: they may have been written from those very pages;

then the group's pages (windows joined per page, clean windows added, as ``textmend eval`` does) are repaired
with the default configuration and scored. Figures are micro-averaged over garbles, per family and overall:
detected (any edit or suggestion touching the garble), restored (applied, canonical exactly), clean windows
edited (applied) and flagged (any suggestion), traps edited, pages scored spun.

    python benchmarks/cv.py [--jobs 2] [--json FILE] [--no-learned] [--breakdown] [--group G ...]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tools"))
os.environ.setdefault("TEXTMEND_CACHE_DIR", "off")

import learn_spun  # noqa: E402

from textmend.config import Config  # noqa: E402
from textmend.evaluate import (  # noqa: E402
    APPLIED_OTHER,
    NOT_FOUND,
    RESTORED,
    SUGGESTED_OTHER,
    SUGGESTED_RIGHT,
    Tally,
    evaluate,
    load_seed,
)
from textmend.knowledge.phrasemap import builtin_maps  # noqa: E402
from textmend.normalize import phrase_key  # noqa: E402
from textmend.paths import shared_dir  # noqa: E402

FAMILIES = ("autoblog", "rewriter", "casino", "other")


@dataclass
class Fold:
    group: str
    tally: dict[str, Tally] = field(default_factory=dict)  # family (or "all") -> tally
    held_out_hand: int = 0
    learned: int = 0
    seconds: float = 0.0


def annotated_groups(pages: list[learn_spun.Page]) -> dict[tuple[str, ...], set[str]]:
    """Garbled key -> groups where it is annotated."""
    out: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for p in pages:
        for s in p.doc.spans:
            out[phrase_key(p.doc.text[s.start : s.end])].add(p.group)
    return out


def seed_keys(shared: Path) -> set[tuple[str, ...]]:
    doc, _ = load_seed(str(shared / "seed" / "garbles.tsv"), str(shared / "seed" / "article.txt"))
    return {phrase_key(doc.text[s.start : s.end]) for s in doc.spans}


def write_maps(folder: Path, group: str, where: dict[tuple[str, ...], set[str]], seed: set[tuple[str, ...]],
               pages: list[learn_spun.Page], learned: bool) -> tuple[list[str], int, int]:
    """The fold's map files: hand maps without entries only the held-out group shows, plus learned."""
    paths: list[str] = []
    held = 0
    kept: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for m in builtin_maps():
        if m.id == "learned":
            continue
        src = Path(m.path).read_text(encoding="utf-8").splitlines()
        drop = set()
        for e in m.entries:
            k = phrase_key(e.garbled)
            if where.get(k) == {group} and k not in seed:
                drop.add(e.line)
            else:
                kept[k] = [phrase_key(c) for c in e.candidates]
        held += len(drop)
        out = folder / Path(m.path).name
        out.write_text("\n".join(line for n, line in enumerate(src, 1) if n not in drop) + "\n", encoding="utf-8")
        paths.append(str(out))
    n_learned = 0
    if learned:
        train = [p for p in pages if p.group != group]
        know = learn_spun.learn(train, kept, learn_spun.load_clean(shared_dir() / "corpora" / learn_spun.CLEAN_CORPUS))
        n_learned = len(know.lines)
        out = folder / "learned.tsv"
        out.write_text(learn_spun.render(know.lines, train, frozenset({group}), "cv"), encoding="utf-8")
        paths.append(str(out))
        (folder / "spin-evidence.tsv").write_text(
            learn_spun.render_evidence(know.evidence, train, frozenset({group}), "cv"), encoding="utf-8")
    words = Path(builtin_maps()[0].path).parent / "words.txt"
    if words.exists():
        (folder / "words.txt").write_text(words.read_text(encoding="utf-8"), encoding="utf-8")
    return paths, held, n_learned


def run_fold(args: tuple) -> Fold:
    group, pages, where, seed, learned, breakdown = args
    t0 = time.perf_counter()
    fold = Fold(group)
    with tempfile.TemporaryDirectory(prefix=f"textmend-cv-{group}-") as tmp:
        paths, fold.held_out_hand, fold.learned = write_maps(Path(tmp), group, where, seed, pages, learned)
        evidence = Path(tmp) / "spin-evidence.tsv"  # the fold's own table; never the shipped one
        cfg = Config(builtin_maps=False, map_files=tuple(paths), evidence_file=str(evidence) if learned else "")
        test = [p for p in pages if p.group == group]
        for fam in sorted({p.family for p in test}):
            docs = [relabel(p.doc, p.family or "clean") for p in test if p.family == fam]
            fold.tally[fam or "clean"] = evaluate(docs, cfg, breakdown)
    from textmend.engine.index import get_index

    get_index.cache_clear()
    fold.seconds = time.perf_counter() - t0
    return fold


def relabel(doc, family: str):
    """The document with every garble labelled by its spinner family (the per-family table)."""
    return replace(doc, spans=[replace(s, group=family) for s in doc.spans])


def merge(tallies: list[Tally]) -> Tally:
    out = Tally()
    for t in tallies:
        for k, v in t.__dict__.items():
            if isinstance(v, int):
                setattr(out, k, getattr(out, k) + v)
        for g, (n, d, x) in t.by_group.items():
            acc = out.by_group.setdefault(g, [0, 0, 0])
            acc[0], acc[1], acc[2] = acc[0] + n, acc[1] + d, acc[2] + x
        out.offenders.update(t.offenders)
        for r, ex in t.examples.items():
            out.examples.setdefault(r, ex)
        out.misses.extend(t.misses)
        out.outcomes.extend(t.outcomes)
        out.doc_scores.extend(t.doc_scores)
    return out


def pair_groups(pages: list[learn_spun.Page]) -> dict[tuple[tuple[str, ...], tuple[str, ...]], set[str]]:
    """(garbled key, canonical key) -> groups where that exact swap is annotated."""
    out: dict[tuple[tuple[str, ...], tuple[str, ...]], set[str]] = defaultdict(set)
    for p in pages:
        for s in p.doc.spans:
            g, c = learn_spun._trim(p.doc.text[s.start : s.end], s.canonical)
            out[(phrase_key(g), phrase_key(c))].add(p.group)
    return out


def share(n: int, of: Counter) -> str:
    return f"{n} ({pct(n, sum(of.values())).strip()})"


def breakdown_table(pages: list[learn_spun.Page], rows: list[tuple[str, Tally]]) -> str:
    """Where the garbles ended, per family: the share of each outcome, and (last column) how many garbles of
    that outcome had their exact swap annotated in another group, the most that memory alone could know."""
    pairs = pair_groups(pages)
    page = {p.doc.name: p for p in pages}
    spans = {(p.doc.name, s.start, s.end): s for p in pages for s in p.doc.spans}
    counts: dict[str, Counter] = {}
    seen_elsewhere: Counter = Counter()
    for fam, t in rows:
        counts[fam] = Counter(o[3] for o in t.outcomes)
        for name, a, b, what in t.outcomes:
            p, s = page[name], spans[(name, a, b)]
            g, c = learn_spun._trim(p.doc.text[a:b], s.canonical)
            if pairs[(phrase_key(g), phrase_key(c))] - {p.group}:
                seen_elsewhere[what] += 1
    total = sum(counts.values(), Counter())
    first = (RESTORED, APPLIED_OTHER, SUGGESTED_RIGHT, SUGGESTED_OTHER)
    order = sorted(total, key=lambda w: (w == NOT_FOUND, w not in first, first.index(w) if w in first else 0,
                                         -total[w], w))
    fams = [fam for fam, _ in rows]
    out = ["| outcome | " + " | ".join(fams) + " | all | pair annotated in another group |",
           "|---|" + "---:|" * (len(fams) + 2)]
    for what in order:
        cells = [share(counts[f][what], counts[f]) for f in fams] + [share(total[what], total)]
        out.append(f"| {what} | " + " | ".join(cells) + f" | {seen_elsewhere[what]} |")
    n = sum(total.values())
    out.append("| **garbles** | " + " | ".join(str(sum(counts[f].values())) for f in fams) + f" | {n} | "
               f"{sum(seen_elsewhere.values())} ({pct(sum(seen_elsewhere.values()), n).strip()}) |")
    return "\n".join(out)


def pct(n: int, d: int) -> str:
    return f"{100 * n / d:5.1f}%" if d else "    -"


def table(rows: list[tuple[str, Tally]]) -> str:
    head = ("| | garbles | detected | restored | clean windows edited | flagged | traps edited | pages spun |\n"
            "|---|---:|---:|---:|---:|---:|---:|---:|")
    out = [head]
    for name, t in rows:
        edited = pct(t.clean_windows_edited, t.clean_windows).strip()
        flagged = pct(t.clean_windows_flagged, t.clean_windows).strip()
        out.append(f"| {name} | {t.spans} | {pct(t.detected, t.spans)} | {pct(t.exact, t.spans)} | "
                   f"{t.clean_windows_edited}/{t.clean_windows} ({edited}) | "
                   f"{t.clean_windows_flagged}/{t.clean_windows} ({flagged}) | "
                   f"{t.traps_edited}/{t.traps} | {t.spun_docs_scored_spun}/{t.spun_docs} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    ap.add_argument("--group", action="append", default=[], help="only these groups (repeatable)")
    ap.add_argument("--no-learned", action="store_true", help="hand-written maps only (what they carry alone)")
    ap.add_argument("--json", type=Path, help="write per-fold and total figures here")
    ap.add_argument("--top", type=int, default=15, help="false edits to list")
    ap.add_argument("--breakdown", action="store_true",
                    help="also where each garble ended (restored, suggested, held back by which rule, not found), "
                         "and how many of each had their exact pair annotated in another group")
    args = ap.parse_args(argv)
    shared = shared_dir()
    if shared is None:
        print("cv: no shared data folder (TEXTMEND_SHARED_DIR or ../shared)", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    pages = learn_spun.load_pages(shared)
    where = annotated_groups(pages)
    seed = seed_keys(shared)
    groups = sorted({p.group for p in pages if not args.group or p.group in args.group})
    work = [(g, pages, where, seed, not args.no_learned, args.breakdown) for g in groups]
    if args.jobs > 1:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
            folds = pool.map(run_fold, work, chunksize=1)
    else:
        folds = [run_fold(w) for w in work]
    by_fam: dict[str, list[Tally]] = defaultdict(list)
    for f in folds:
        for fam, t in f.tally.items():
            by_fam[fam].append(t)
    rows = [(fam, merge(by_fam[fam])) for fam in FAMILIES if fam in by_fam]
    total = merge([t for f in folds for t in f.tally.values()])
    rows.append(("**all**", total))
    n_spun = sum(1 for p in pages if p.group in groups and p.doc.spans)
    print(f"leave-one-group-out over {len(groups)} groups, {n_spun} "
          f"spun pages, {'hand-written + learned' if not args.no_learned else 'hand-written only'} "
          f"({time.perf_counter() - t0:.0f} s)\n")
    print(table(rows))
    unspun = merge(by_fam["clean"]) if "clean" in by_fam else Tally()
    print(f"\nunspun pages scored spun: {unspun.clean_docs_scored_spun}/{unspun.docs}; "
          f"false edits outside annotations: {total.false_edits} (flags {total.false_reports})")
    if total.offenders:
        print("top false edits (rule, count, example):")
        for rule, n in total.offenders.most_common(args.top):
            print(f"  {n:>4}  {rule:<40} {total.examples[rule]}")
    if args.breakdown:
        print("\n" + breakdown_table(pages, [(fam, t) for fam, t in rows[:-1]]))
    if args.json:
        args.json.write_text(json.dumps({
            "total": total.to_json(), "doc_scores": total.doc_scores,
            "families": {fam: t.to_json() for fam, t in rows[:-1]},
            "folds": [{"group": f.group, "held_out_hand_entries": f.held_out_hand, "learned_entries": f.learned,
                       "seconds": round(f.seconds, 2),
                       "tally": {fam: {k: v for k, v in t.to_json().items() if k != "misses"}
                                 for fam, t in f.tally.items()}} for f in folds],
        }, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
