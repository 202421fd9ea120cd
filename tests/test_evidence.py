"""Spin evidence: the stretch score, local windows, counter-evidence, support, paragraph breaks."""
from __future__ import annotations

import pytest

import textmend
from textmend import Config
from textmend.engine.evidence import D_HALF, E_HALF, NEAR, Evidence, load_weights, stretch_score
from textmend.model import Finding

EXAMPLES = __import__("pathlib").Path(__file__).resolve().parent.parent / "examples"


def test_stretch_score_needs_amount_and_density():
    assert stretch_score(0.0, 10) == 0.0
    assert stretch_score(E_HALF, 10) == pytest.approx(0.5)  # enough, dense: the amount decides
    assert stretch_score(100.0, int(100 * 100 / D_HALF)) == pytest.approx(0.5)  # plenty, sparse
    assert stretch_score(2 * E_HALF, 50) > stretch_score(E_HALF, 50) > stretch_score(E_HALF, 5000)


def _f(start: int, rule: str = "t/x", kind: str = "fixed", original: str = "x") -> Finding:
    return Finding(start, start + len(original), original, ("y",), rule, "phrase_map", 0.95, kind)


def test_local_evidence_does_not_reach_a_distant_stretch():
    text = ("spun words here. " * 30) + ("plain words here. " * 2000)
    live = [(_f(i * 17, rule=f"t/{i}"), "strong") for i in range(6)]
    ev = Evidence(text, live, {})
    assert ev.local(10) >= 0.5
    assert ev.local(len(text) - 10) == 0.0
    assert ev.local(30 * 17 + 2 * NEAR + 50) == 0.0  # beyond a window's reach
    assert ev.document() < 0.5  # the whole file is mostly clean


def test_counter_evidence_lowers_the_score():
    text = "x " * 200
    live = [(_f(i * 4, rule=f"t/{i}"), "strong") for i in range(3)]
    plain = Evidence(text, live, {})
    against = Evidence(text, live, {}, [(300 + i, "said", -1.0) for i in range(0, 60, 6)])
    assert against.total < plain.total and against.document() < plain.document()


def test_repeats_of_one_phrase_add_little():
    text = "x " * 100
    same = Evidence(text, [(_f(i * 4, original="x"), "weak") for i in range(8)], {("x",): 2.0})
    distinct = Evidence(text, [(_f(i * 4, rule=f"t/{i}", original="x"), "strong") for i in range(8)], {})
    assert same.total == pytest.approx(2.0 + 7 * 2.0 * 0.25)
    assert distinct.total > same.total


def test_weights_file_reads_phrases_and_signs(tmp_path):
    p = tmp_path / "w.tsv"
    p.write_text("# comment\nInternational locations\t2.5\tcounts\nsaid\t-0.8\n", encoding="utf-8")
    assert load_weights(str(p)) == {("international", "locations"): 2.5, ("said",): -0.8}


CLEAN_NEWS = ("The committee mentioned the figures in its report, and officials said on Monday that "
              "the groups would meet again within a year to review the worth of the programme. ")


@pytest.mark.parametrize("where", ["before", "after"])
def test_a_spun_article_inside_clean_text_opens_weak_rules_only_in_the_article(where):
    spun = (EXAMPLES / "seed" / "article.txt").read_text(encoding="utf-8")
    clean = CLEAN_NEWS * 400
    text = spun + "\n\n" + clean if where == "before" else clean + "\n\n" + spun
    offset = 0 if where == "before" else len(clean) + 2
    alone = [(e.start + offset, e.replacement) for e in textmend.repair(spun).edits if e.applied]
    mixed = [(e.start, e.replacement) for e in textmend.repair(text).edits if e.applied]
    assert any(r == "said" for _, r in alone)  # weak rules fired in the article
    assert mixed == alone


def test_phrases_do_not_match_across_a_paragraph_break(tmp_path):
    m = tmp_path / "p.tsv"
    m.write_text("#: id = p\n#: title = p\n#: theme = p\n#: provenance = hand-written: test\n"
                 "within the\tin the\n", encoding="utf-8")
    cfg = Config(map_files=(str(m),), builtin_maps=False)
    assert textmend.repair("It was within the rules.", cfg).text == "It was in the rules."
    assert textmend.repair("It was within\n\nThe next part.", cfg).edits == ()
    assert textmend.repair("It was within\nthe rules.", cfg).edits != ()  # a line break is not a paragraph


def test_support_header_needs_a_neighbouring_finding(tmp_path):
    m = tmp_path / "s.tsv"
    m.write_text("#: id = s\n#: title = s\n#: theme = s\n#: provenance = hand-written: test\n#: support = 40\n"
                 "stated\tsaid\tguarded\n", encoding="utf-8")
    fixed = tmp_path / "f.tsv"
    fixed.write_text("#: id = f\n#: title = f\n#: theme = f\n#: provenance = hand-written: test\n"
                     "international locations\tcountries\n", encoding="utf-8")
    cfg = Config(map_files=(str(m), str(fixed)), builtin_maps=False, assume_spun=True)
    near = textmend.repair("International locations stated it.", cfg)
    assert near.text == "Countries said it."
    far = textmend.repair("International locations agreed. " + "Nothing else happened here. " * 5 + "He stated it.",
                          cfg)
    assert "He stated it." in far.text
    assert "Countries agreed." in far.text


def test_near_condition_needs_other_spinner_output_right_beside_it(tmp_path):
    """``near=N`` (learned suggestion-only entries): shown only with an ungated finding within N characters;
    another gated suggestion next to it does not count."""
    m = tmp_path / "s.tsv"
    m.write_text("#: id = s\n#: title = s\n#: theme = s\n#: provenance = hand-written: test\n"
                 "world\tglobal\tambiguous\tnear=25\t0.2\nstay\tkeep\tambiguous\tnear=25\t0.2\n"
                 "international locations\tcountries\n", encoding="utf-8")
    cfg = Config(map_files=(str(m),), builtin_maps=False, assume_spun=True)
    beside = textmend.check("International locations of the world agreed.", cfg)
    assert [(e.original, e.replacement) for e in beside.edits] == [("International locations", "Countries"),
                                                                    ("world", "global")]
    far = textmend.check("International locations agreed. " + "Nothing else happened here. " * 3 + "The world did.",
                         cfg)
    assert [e.original for e in far.edits] == ["International locations"]
    gated_only = textmend.check("The world will stay calm.", cfg)
    assert gated_only.edits == ()


def test_near_condition_is_parsed_and_checked():
    from textmend.rules import parse_when

    assert parse_when("near=25").near == 25
    assert parse_when("prev=the near=40").near == 40
    for bad in ("near=0", "near=x", "near=5000"):
        with pytest.raises(ValueError):
            parse_when(bad)


def test_a_failed_context_rule_is_shown_beside_spinner_output_in_spun_text(tmp_path):
    """Inside spun text, a guarded entry whose context rule fails is reported (never applied) when other
    spinner output stands right beside it; elsewhere it stays suppressed."""
    m = tmp_path / "s.tsv"
    m.write_text("#: id = s\n#: title = s\n#: theme = s\n#: provenance = hand-written: test\n"
                 "invoice\tbill\tguarded\tprev=the|senate\ninternational locations\tcountries\n", encoding="utf-8")
    cfg = Config(map_files=(str(m),), builtin_maps=False, assume_spun=True)
    beside = textmend.check("An invoice from international locations arrived.", cfg)
    assert [(e.original, e.replacement, e.safe) for e in beside.edits] == [
        ("invoice", "bill", False), ("international locations", "countries", True)]
    assert beside.edits[0].reason.startswith("context rule failed")
    far = textmend.check("An invoice arrived. " + "Nothing else happened here. " * 3 + "International locations met.",
                         cfg)
    assert [e.original for e in far.edits] == ["International locations"]
    applies = textmend.repair("The invoice from international locations arrived.", cfg)
    assert applies.text == "The bill from countries arrived."


def test_short_of_its_evidence_but_close_a_weak_entry_is_suggested_never_applied(tmp_path):
    """In a spun document, between the suggest and the guard threshold a weak entry is shown, not applied; at or
    above the guard threshold it applies; below the suggest threshold it stays suppressed. (Two fingerprints:
    score 0.61.)"""
    m = tmp_path / "s.tsv"
    m.write_text("#: id = s\n#: title = s\n#: theme = s\n#: provenance = hand-written: test\n"
                 "stated\tsaid\tguarded\t\t0.9\ninternational locations\tcountries\n"
                 "excessive commissioner\thigh commissioner\n", encoding="utf-8")
    text = "International locations and the excessive commissioner met. He stated it."

    def stated(guard: float, suggest: float, spun: float = 0.5) -> tuple[bool, str] | None:
        cfg = Config(map_files=(str(m),), builtin_maps=False, guard_threshold=guard, suggest_threshold=suggest,
                     spun_threshold=spun)
        res = textmend.check(text, cfg)
        assert res.score == pytest.approx(0.61, abs=0.01)
        return next(((e.safe, e.code.value) for e in res.edits if e.original == "stated"), None)

    assert stated(0.6, 0.5) == (True, "confident")
    assert stated(0.7, 0.6) == (False, "weak-evidence")
    assert stated(0.7, 0.7) is None
    assert stated(0.7, 0.6, spun=0.65) is None  # only in a document called spun (0.61 < 0.65)
