"""The leave-one-group-out harness (benchmarks/cv.py) keeps the held-out group's knowledge out of its fold."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from textmend.knowledge.phrasemap import parse_file
from textmend.normalize import phrase_key

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tools"))


@pytest.fixture(scope="module")
def corpus():
    from .conftest import shared_dir

    shared = shared_dir()
    if shared is None:
        pytest.skip("../shared is not available")
    import cv
    import learn_spun

    # The harness finds the data through textmend.paths; point it at the folder the tests found (a clean
    # clone elsewhere than beside ../shared finds it only through the tests' fallback).
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TEXTMEND_SHARED_DIR", str(shared))
        pages = learn_spun.load_pages(shared)
        yield cv, pages, cv.annotated_groups(pages), cv.seed_keys(shared)


def test_a_fold_knows_nothing_only_its_held_out_group_shows(corpus, tmp_path):
    cv, pages, where, seed = corpus
    # The group with the most phrases annotated nowhere else is the sharpest test.
    counts: dict[str, int] = {}
    for key, groups in where.items():
        if len(groups) == 1 and key not in seed:
            g = next(iter(groups))
            counts[g] = counts.get(g, 0) + 1
    group = max(sorted(counts), key=counts.get)
    paths, _held, learned = cv.write_maps(tmp_path, group, where, seed, pages, True)
    assert learned > 0 and (tmp_path / "spin-evidence.tsv").exists()
    # Forms derived by morphology from other groups' swaps ("impacts" -> "effects" gives "impact" -> "effect")
    # may meet the held-out group's phrases: that is the mechanism carrying, not a leak.
    keys = {phrase_key(e.garbled) for p in paths for e in parse_file(p).entries if not e.note.startswith("derived")}
    only_here = {k for k, g in where.items() if g == {group} and k not in seed}
    assert only_here and not keys & only_here
    evidence = (tmp_path / "spin-evidence.tsv").read_text(encoding="utf-8")
    assert f"groups left out: {group}" in evidence


def test_a_fold_scores_the_held_out_pages(corpus):
    cv, pages, where, seed = corpus
    group = sorted({p.group for p in pages if p.spun and p.doc.spans}, key=lambda g: sum(
        len(p.doc.spans) for p in pages if p.group == g))[0]  # the smallest spun group: quick
    fold = cv.run_fold((group, pages, where, seed, True, True))
    assert fold.group == group and fold.learned > 0
    total = cv.merge(list(fold.tally.values()))
    assert total.spans == sum(len(p.doc.spans) for p in pages if p.group == group)
    assert total.docs == sum(1 for p in pages if p.group == group)
    # The breakdown accounts for every garble once, and its table says how many had their swap elsewhere.
    assert len(total.outcomes) == total.spans
    assert sum(1 for o in total.outcomes if o[3] == "restored") == total.exact
    table = cv.breakdown_table(pages, [("fold", total)])
    assert f"| **garbles** | {total.spans} | {total.spans} |" in table
