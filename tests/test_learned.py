"""The learning tool (tools/learn_spun.py) and the knowledge it generates.

The committed learned map and evidence table must be exactly what the tool makes from the shared corpus
(regenerated here when ``../shared`` is present); the tool's pieces are tested on small synthetic pages.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from textmend.evaluate import Doc, Span
from textmend.normalize import phrase_key

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import learn_spun  # noqa: E402


def _page(text: str, garbles: list[tuple[str, str]], group: str, family: str = "autoblog",
          nth: int = 0) -> learn_spun.Page:
    """A spun page whose listed (garbled, canonical) occurrences are annotated (the ``nth`` of each)."""
    doc = Doc(f"page-{group}-{nth}", text)
    for garbled, canonical in garbles:
        starts = [m.start() for m in re.finditer(r"\b" + re.escape(garbled) + r"\b", text)]
        for s in starts:
            doc.spans.append(Span(s, s + len(garbled), canonical, "news", f"{group}-{s}"))
    return learn_spun.Page(doc, group, family, True)


def test_counts_garbled_untouched_and_restored():
    p1 = _page("The minister stated it. Prices rose, he stated.", [("stated", "said")], "g1")
    p2 = _page("Officials stated the plan. The report stated nothing new.", [("stated", "said")], "g2")
    p3 = Doc("page-g3", "The charter stated its aims plainly.")  # untouched use, annotated elsewhere
    p3.spans.append(Span(4, 11, "statute", "news", "x"))
    pages = [p1, p2, learn_spun.Page(p3, "g3", "autoblog", True)]
    seen: set = set()
    stats = learn_spun.count_garbled(pages, seen)
    learn_spun.count_unchanged(pages, stats, seen)
    learn_spun.count_restored(pages, stats)
    st = stats[("stated",)]
    assert (st.garbled, st.unchanged, st.groups) == (4, 1, {"g1", "g2"})
    assert st.restorations == {"said": 4}
    assert stats[("charter",)].garbled == 1 and stats[("charter",)].restored == 0


def test_inflected_forms_are_derived_and_weigh_nothing_as_evidence():
    pages = [_page("He stated it.", [("stated", "said")], "g1"), _page("She stated it.", [("stated", "said")], "g2")]
    seen: set = set()
    stats = learn_spun.count_garbled(pages, seen)
    learn_spun.expand(stats)
    assert stats[("states",)].restorations == {"says": 2} and stats[("states",)].derived
    assert stats[("stating",)].restorations == {"saying": 2}
    prm = learn_spun.Params()
    assert learn_spun.evidence_weight(stats[("states",)], 100, prm) == 0.0
    assert learn_spun.evidence_weight(stats[("stated",)], 100, prm) > 0.0


def test_evidence_needs_two_groups_and_grows_with_them():
    prm = learn_spun.Params()
    one = learn_spun.Stats("stated", garbled=6, groups={"a"})
    two = learn_spun.Stats("stated", garbled=6, groups={"a", "b"})
    three = learn_spun.Stats("stated", garbled=6, groups={"a", "b", "c"})
    assert learn_spun.evidence_weight(one, 1000, prm) == 0.0
    assert 0.0 < learn_spun.evidence_weight(two, 1000, prm) < learn_spun.evidence_weight(three, 1000, prm)
    # A phrase the original pages used as often as the spun ones weighs nothing.
    common = learn_spun.Stats("however", garbled=6, unchanged=20, restored=10, groups={"a", "b", "c"})
    assert learn_spun.evidence_weight(common, 1000, prm) < 0.1


def test_cycles_are_broken_at_the_weakest_learned_entry():
    lines = [learn_spun.MapLine("data", ("information",), "guarded", confidence=0.5),
             learn_spun.MapLine("information", ("data",), "guarded", confidence=0.8),
             learn_spun.MapLine("foo", ("bar",), "guarded", confidence=0.1)]
    kept = learn_spun.break_cycles(lines, {("bar",): [("foo",)]})
    # "foo" -> "bar" -> "foo" (through a hand entry): the learned side goes, as does "data".
    assert [line.garbled for line in kept] == ["information"]


def test_a_restoration_that_is_itself_a_garble_is_only_suggested():
    lines = [learn_spun.MapLine("inside", ("within",), "guarded", confidence=0.8),
             learn_spun.MapLine("within", ("in",), "guarded", confidence=0.8)]
    out = learn_spun.break_chains(lines, frozenset())
    assert [(line.garbled, line.kind) for line in out] == [("inside", "ambiguous"), ("within", "guarded")]


def test_a_weakest_suggestion_only_entry_breaks_no_chain():
    """A near-gated learned entry ("level" -> "tier", suggested beside other output) leaves "stage" -> "level"
    applicable; an ordinary ambiguous entry still makes it a suggestion."""
    lines = [learn_spun.MapLine("stage", ("level",), "guarded", confidence=0.8),
             learn_spun.MapLine("level", ("tier",), "ambiguous", "near=25", confidence=0.2)]
    out = learn_spun.break_chains(lines, frozenset())
    assert [(line.garbled, line.kind) for line in out] == [("stage", "guarded"), ("level", "ambiguous")]
    lines[1] = learn_spun.MapLine("level", ("tier", "grade"), "ambiguous", confidence=0.5)
    out = learn_spun.break_chains(lines, frozenset())
    assert [(line.garbled, line.kind) for line in out] == [("stage", "ambiguous"), ("level", "ambiguous")]


@pytest.mark.parametrize("garbled, restoration, expected", [
    (("video", "games"), ("games",), True), (("the", "latest"), ("the",), True),
    (("international", "locations"), ("countries",), False), (("a", "b"), ("b", "a"), False)])
def test_deletions(garbled, restoration, expected):
    assert learn_spun._is_deletion(garbled, restoration) is expected


def test_learned_entries_are_guarded_with_calibrated_confidence():
    pages = [_page(f"Officials stated the plan {i}. The bill stated that.", [("stated", "said")], f"g{i}")
             for i in range(4)]
    know = learn_spun.learn(pages, {}, learn_spun.Clean({}, 0, "none"))
    line = next(line for line in know.lines if line.garbled == "stated")
    assert line.kind == "guarded" and line.candidates == ("said",) and line.confidence >= 0.7
    # Clean newswire using the phrase as often as the spun pages do makes it a suggestion only.
    busy = learn_spun.Clean({("stated",): 1000}, 1000, "news")
    line = next(line for line in learn_spun.learn(pages, {}, busy).lines if line.garbled == "stated")
    assert line.kind == "ambiguous"


def test_counter_evidence_marks_words_spinners_replace():
    # "price" was replaced ("worth") on four sites and never left alone: finding it untouched counts against.
    pages = [_page(f"Its worth rose {i} times.", [("worth", "price")], f"g{i}") for i in range(4)]
    rows = learn_spun.markers(pages, learn_spun.Params())
    assert [(w, weight < 0) for w, weight, _ in rows] == [("price", True)]
    # Left alone on other spun pages as often as not: no longer a marker.
    pages += [_page(f"The price {i} rose.", [("rose", "grew")], f"h{i}") for i in range(6)]
    assert "price" not in [w for w, _, _ in learn_spun.markers(pages, learn_spun.Params())]


# --- the committed files are current ------------------------------------------------------------
@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    from .conftest import shared_dir

    shared = shared_dir()
    if shared is None:
        pytest.skip("../shared is not available")
    committed = (ROOT / "data" / "phrase_maps" / "learned.tsv").read_text(encoding="utf-8")
    date = re.search(r"^# generated (\S+):", committed, re.MULTILINE).group(1)
    out = tmp_path_factory.mktemp("learned")
    assert learn_spun.main(["--shared", str(shared), "--output", str(out / "learned.tsv"),
                            "--evidence", str(out / "spin-evidence.tsv"), "--date", date]) == 0
    return out


def test_committed_learned_map_is_current(regenerated):
    fresh = (regenerated / "learned.tsv").read_text(encoding="utf-8")
    assert fresh == (ROOT / "data" / "phrase_maps" / "learned.tsv").read_text(encoding="utf-8"), \
        "data/phrase_maps/learned.tsv is stale: run python tools/learn_spun.py"


def test_committed_evidence_table_is_current(regenerated):
    fresh = (regenerated / "spin-evidence.tsv").read_text(encoding="utf-8")
    assert fresh == (ROOT / "data" / "lexicons" / "spin-evidence.tsv").read_text(encoding="utf-8"), \
        "data/lexicons/spin-evidence.tsv is stale: run python tools/learn_spun.py"


def test_learned_keys_do_not_repeat_hand_written_ones():
    from textmend.knowledge.phrasemap import builtin_maps

    maps = builtin_maps()
    hand = {phrase_key(e.garbled) for m in maps if m.id != "learned" for e in m.entries}
    learned = [phrase_key(e.garbled) for m in maps if m.id == "learned" for e in m.entries]
    assert learned and not hand.intersection(learned)
