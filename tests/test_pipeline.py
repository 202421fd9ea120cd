"""The pipeline end to end on the fixture map: decisions, evidence, overlaps, preservation, API shape."""
from __future__ import annotations

import dataclasses
import pickle

import pytest

import textmend
from textmend import Config
from textmend.model import apply_edits


def tiny_map(tmp_path, body: str, map_id: str = "t") -> Config:
    """A Config with one small map written for the test (built-in maps off)."""
    m = tmp_path / f"{map_id}.tsv"
    m.write_text(f"#: id = {map_id}\n#: title = {map_id}\n#: theme = {map_id}\n"
                 f"#: provenance = hand-written: test\n{body}", encoding="utf-8")
    return Config(map_files=(str(m),), builtin_maps=False)


SPUN = ("UN warns of potential crimes in opposition to humanity. The UN Excessive Commissioner spoke; "
        "“I mentioned I would,” Bachelet mentioned in an e-mail despatched to AFP after almost a yr.")


def test_repair_applies_fixed_and_guarded_in_spun_text(mini_cfg):
    r = textmend.repair(SPUN, mini_cfg)
    assert "crimes against humanity" in r.text and "High Commissioner" in r.text
    assert "“I said I would,” Bachelet said in an email sent to AFP after almost a year." in r.text
    assert r.spun and r.score >= 0.75
    for e in r.edits:
        assert SPUN[e.start:e.end] == e.original


def test_guarded_entries_stay_silent_in_clean_text(mini_cfg):
    clean = "She mentioned the plan to her team. The 1986 yr-ago figure. He mentioned it, she said."
    r = textmend.repair(clean, mini_cfg)
    assert r.text == clean and r.edits == () and r.score == 0.0 and not r.spun


def test_one_fingerprint_is_not_enough_evidence(mini_cfg):
    text = "Western international locations agreed. He mentioned, quietly, that it was over."
    r = textmend.repair(text, mini_cfg)
    assert "Western countries agreed" in r.text
    assert "He mentioned," in r.text  # a single strong hit does not open the guards
    ex = textmend.explain(text, mini_cfg)
    reasons = [e.reason for e in ex.suppressed if e.original == "mentioned"]
    assert reasons and "evidence" in reasons[0]


def test_assume_spun_opens_guards(mini_cfg):
    r = textmend.repair("He mentioned, quietly, that it was over.", mini_cfg.replace(assume_spun=True))
    assert r.text == "He said, quietly, that it was over."


def test_context_rule_suppresses_and_explains(mini_cfg):
    # (away from other spinner output: right beside it, a failed context rule is still shown as a suggestion)
    text = SPUN + " The talks went on for hours and hours. She mentioned the weather."
    ex = textmend.explain(text, mini_cfg)
    assert "She mentioned the weather." in ex.text
    why = [e.reason for e in ex.suppressed if e.start > len(SPUN)]
    assert why and why[0].startswith("context rule failed")


def test_ambiguous_is_reported_not_applied(mini_cfg):
    r = textmend.repair(SPUN + " COUNTERFEIT goods.", mini_cfg)
    amb = [e for e in r.edits if e.rule == "mini/counterfeit"]
    assert amb and not amb[0].applied and amb[0].candidates == ("ARTIFICIAL", "FAKE")
    assert "COUNTERFEIT goods." in r.text
    assert "ARTIFICIAL goods." in textmend.repair(SPUN + " COUNTERFEIT goods.", mini_cfg, unsafe=True).text


def test_inflections_and_case(mini_cfg):
    r = textmend.repair("They run coaching facilities. She flipped a blind eye.", mini_cfg)
    assert r.text == "They run training centres. She turned a blind eye."


def test_protected_and_allow_listed_spans_are_not_edited(mini_cfg):
    text = "See `international locations` and https://x.org/international locations ok."
    r = textmend.repair(text, mini_cfg)
    assert r.text.startswith("See `international locations` and https://x.org/international")
    r2 = textmend.repair("The international locations index.", mini_cfg, allow=("international locations index",))
    assert r2.text == "The international locations index."


def test_spintax():
    text = "He decided {that a} review and {one|two} more."
    # A one-option leak needs other evidence that the text is spun; alternatives are always reported.
    alone = textmend.repair(text, Config(builtin_maps=False))
    assert alone.text == text and [e.rule for e in alone.edits] == ["spintax/alternatives"]
    r = textmend.repair(text, Config(builtin_maps=False, assume_spun=True))
    assert r.text == "He decided that a review and {one|two} more."
    alt = next(e for e in r.edits if e.rule == "spintax/alternatives")
    assert alt.candidates == ("one", "two") and not alt.applied
    for clean in ("\\frac{a}{b}", "Hello {name}!", "${HOME} {x}", "f(x) = {1, 2, 3}", "in form {cmd1, cmd2, ..}",
                  "{prefix} and {exec-prefix}", "title = {Journal of Machine Learning Research}", "year={in press}",
                  "{ be good }", "the set {x s} of",
                  "see {talk mode} and {hacker ethic}"):
        assert textmend.repair(clean, Config(builtin_maps=False)).text == clean


def test_bytes_outside_edits_survive(mini_cfg):
    text = "\ufeffWestern international locations,\r\n  “quoted”\t text\r\n"
    r = textmend.repair(text, mini_cfg)
    assert r.text == "\ufeffWestern countries,\r\n  “quoted”\t text\r\n"


def test_check_changes_nothing_but_marks_fixable(mini_cfg):
    r = textmend.check(SPUN, mini_cfg)
    assert r.text == SPUN and r.edits and all(e.status in ("fixable", "reported") for e in r.edits)
    assert apply_edits(SPUN, r.edits) == textmend.repair(SPUN, mini_cfg).text


def test_results_and_config_pickle_and_are_frozen(mini_cfg):
    r = textmend.repair(SPUN, mini_cfg)
    assert pickle.loads(pickle.dumps(r)) == r
    assert pickle.loads(pickle.dumps(mini_cfg)) == mini_cfg
    with pytest.raises(dataclasses.FrozenInstanceError):
        mini_cfg.apply_threshold = 0.1  # type: ignore[misc]
    with pytest.raises(TypeError):
        textmend.repair("x", bogus_option=1)


def test_json_contract(mini_cfg):
    data = textmend.repair(SPUN, mini_cfg).to_json("a.txt")
    assert data["schema"] == 2 and data["path"] == "a.txt" and data["spun"] is True
    assert set(data) == {"schema", "path", "score", "spun", "sentences", "edits"}
    e = data["edits"][0]
    assert set(e) == {"start", "end", "original", "replacement", "rule", "source", "confidence", "applicability",
                      "applied", "status", "reason", "detail", "note", "candidates"}
    old = textmend.repair(SPUN, mini_cfg).to_json("a.txt", schema=1)
    assert old["schema"] == 1 and set(old["edits"][0]) == {"start", "end", "original", "replacement", "rule",
                                                           "source", "confidence", "applied", "candidates"}
    assert SPUN[e["start"]:e["end"]] == e["original"]


def test_long_text_matches_across_prefilter_pieces(mini_cfg):
    filler = "plain words here " * 3000
    text = filler + "international\nlocations " + filler + "e-mail despatched"
    r = textmend.repair(text, mini_cfg)
    assert [e.original for e in r.edits] == ["international\nlocations", "e-mail despatched"]


def test_fix_text_and_score(mini_cfg):
    assert textmend.fix_text("Western international locations.", mini_cfg) == "Western countries."
    assert textmend.score("nothing here", mini_cfg) == 0.0


def test_fuzzy_near_miss_is_suggested_or_applied(mini_cfg):
    text = SPUN + " Crimes in oposition to humanity again."
    r = textmend.repair(text, mini_cfg)
    fz = [e for e in r.edits if e.source == "fuzzy"]
    assert fz and fz[0].original == "Crimes in oposition to humanity"
    assert fz[0].replacement == "Crimes against humanity"
    assert fz[0].applied  # the typo is corrected by the spell checker, so the match is near-certain


def test_article_follows_the_replacement(mini_cfg):
    r = textmend.repair("An excessive commissioner came. A Excessive Commissioner.", mini_cfg)
    assert r.text == "A high commissioner came. A High Commissioner."
    e = r.edits[0]
    assert (e.start, e.original, e.replacement) == (0, "An excessive commissioner", "A high commissioner")


def test_overlapping_anchors_are_all_located(tmp_path):
    """A phrase whose rare anchor pair overlaps another entry's pair is still found."""
    cfg = tiny_map(tmp_path, "you will\tyou'll\nterms and you will standards\tterms and conditions\n")
    r = textmend.repair("Read the terms and you will standards.", cfg)
    assert r.text == "Read the terms and conditions."


def test_hyphen_compounds_are_not_split(mini_cfg):
    text = "Western international locations-based firms and pre-international locations."
    assert textmend.repair(text, mini_cfg).text == text


def test_large_text_uses_local_windows_with_the_same_decisions(mini_cfg):
    """Past the whole-text size, sentences and protected spans are found around each finding."""
    from textmend.engine.locality import SMALL

    para = "Western international locations met. See https://x.org/international locations. " \
           "The UN Excessive Commissioner spoke. He mentioned, again, the plan.\n\n"
    small = textmend.repair(para, mini_cfg)
    big_text = para * (SMALL // len(para) + 2)
    big = textmend.repair(big_text, mini_cfg)
    assert big.text == small.text * (SMALL // len(para) + 2)
    assert len(big.sentences) == len(small.sentences) * (SMALL // len(para) + 2)


def test_index_disk_cache_is_used_and_invalidated(tmp_path, monkeypatch):
    from textmend.engine.index import get_index

    monkeypatch.setenv("TEXTMEND_CACHE_DIR", str(tmp_path / "cache"))
    get_index.cache_clear()
    cfg = tiny_map(tmp_path, "alpha bravo\tcharlie\n", "c")
    assert textmend.repair("alpha bravo", cfg).text == "charlie"
    assert len(list((tmp_path / "cache").glob("index-*.pickle"))) == 1
    get_index.cache_clear()
    assert textmend.repair("alpha bravo", cfg).text == "charlie"  # served from the pickle
    assert tiny_map(tmp_path, "alpha bravo\tdelta echo\n", "c") == cfg  # same path, new content
    get_index.cache_clear()
    assert textmend.repair("alpha bravo", cfg).text == "delta echo"
    assert len(list((tmp_path / "cache").glob("index-*.pickle"))) == 2
    get_index.cache_clear()


def test_an_index_from_the_disk_cache_unpickles_the_matcher_only_when_the_probe_finds_a_key(tmp_path, monkeypatch):
    from textmend.engine.index import _LAZY, get_index

    monkeypatch.setenv("TEXTMEND_CACHE_DIR", str(tmp_path / "cache"))
    get_index.cache_clear()
    cfg = tiny_map(tmp_path, "alpha bravo\tcharlie\nfoxtrot\tgolf\n", "c")
    built = textmend.repair("alpha bravo", cfg)
    get_index.cache_clear()
    from textmend.engine.pipeline import index_for

    index = index_for(cfg)  # served from the pickle
    assert "_lazy" in vars(index) and not set(_LAZY) & set(vars(index))
    assert textmend.check("Nothing to see here.", cfg).edits == ()
    assert "_lazy" in vars(index)  # a clean text: the probe alone answered
    again = textmend.repair("alpha bravo", cfg)
    assert "_lazy" not in vars(index) and set(_LAZY) <= set(vars(index))
    assert again.text == built.text == "charlie" and again.edits == built.edits
    assert len(index) == 2
    # Pickled again (as the cache writes it), it round-trips to the same tables.
    copy = pickle.loads(pickle.dumps(index))
    copy.load_all()
    assert {k: getattr(copy, k) for k in _LAZY} == {k: getattr(index, k) for k in _LAZY}
    with pytest.raises(AttributeError):
        copy.no_such_table  # noqa: B018
    get_index.cache_clear()


def test_lazy_tables_are_frozen_only_for_a_process_that_asked(tmp_path, monkeypatch):
    import gc

    from textmend.engine.index import get_index
    from textmend.engine.pipeline import index_for

    monkeypatch.setenv("TEXTMEND_CACHE_DIR", str(tmp_path / "cache"))
    get_index.cache_clear()
    cfg = tiny_map(tmp_path, "alpha bravo\tcharlie\n", "c")
    textmend.repair("alpha bravo", cfg)
    try:
        for ask in (False, True):
            get_index.cache_clear()
            index = index_for(cfg)
            index.freeze_on_load = ask  # what cli.batch.warm sets for a single input
            gc.unfreeze()
            assert textmend.repair("alpha bravo", cfg).text == "charlie" and "_lazy" not in vars(index)
            assert (gc.get_freeze_count() > 0) is ask
            assert "freeze_on_load" not in pickle.loads(pickle.dumps(index)).__dict__
    finally:
        gc.unfreeze()
        get_index.cache_clear()


def test_threads_that_meet_the_lazy_tables_loading_wait_for_them(tmp_path, monkeypatch):
    import threading
    import time
    import types

    from textmend.engine import index as index_module
    from textmend.engine.index import get_index
    from textmend.engine.pipeline import index_for

    monkeypatch.setenv("TEXTMEND_CACHE_DIR", str(tmp_path / "cache"))
    get_index.cache_clear()
    cfg = tiny_map(tmp_path, "alpha bravo\tcharlie\n", "c")
    textmend.repair("alpha bravo", cfg)  # writes the cache
    get_index.cache_clear()
    assert "_lazy" in vars(index_for(cfg))

    def slow_loads(blob: bytes) -> object:
        time.sleep(0.3)  # the first thread is still unpickling when the others ask
        return pickle.loads(blob)

    monkeypatch.setattr(index_module, "pickle", types.SimpleNamespace(loads=slow_loads, dumps=pickle.dumps,
                                                                      HIGHEST_PROTOCOL=pickle.HIGHEST_PROTOCOL))
    out: list[object] = []

    def work() -> None:
        try:
            out.append(textmend.repair("alpha bravo", cfg).text)
        except Exception as exc:  # the failure this test is about
            out.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out == ["charlie"] * 4
    get_index.cache_clear()


def test_curly_and_straight_apostrophes_match_each_other(tmp_path):
    cfg = tiny_map(tmp_path, "why don't we\tlet's\nwithin the nation’s\tin the country’s\n")
    assert textmend.repair("So why don’t we go?", cfg).text == "So let’s go?"
    assert textmend.repair("So why don't we go within the nation's borders", cfg).text == \
        "So let's go in the country's borders"


def test_near_misses_need_a_typo_or_an_inflection_not_another_word(mini_cfg):
    text = SPUN + " Crimes in position to humanity. Their coaching facilityes."
    r = textmend.repair(text, mini_cfg)
    fuzzy = [(e.original, e.replacement) for e in r.edits if e.source == "fuzzy"]
    assert ("Crimes in position to humanity", "Crimes against humanity") not in fuzzy
    assert ("coaching facilityes", "training centre") in fuzzy or ("coaching facilityes", "training centres") in fuzzy


def test_guarded_match_next_to_a_fingerprint_is_reported_not_applied(mini_cfg):
    text = "Western international locations, he mentioned, agreed."
    r = textmend.repair(text, mini_cfg)
    assert r.text == "Western countries, he mentioned, agreed."
    rep = [e for e in r.edits if e.original == "mentioned"]
    assert rep and rep[0].status == "reported" and "strong fingerprint" in rep[0].reason
    lone = textmend.repair("Nothing else here. He mentioned, again, the plan.", mini_cfg)
    assert lone.edits == ()


def test_acronym_led_phrase_keeps_lower_case_mid_sentence(tmp_path):
    cfg = tiny_map(tmp_path, "covid infection 2019\tcoronavirus disease 2019\n")
    assert textmend.repair("Cases of COVID infection 2019 rose.", cfg).text == "Cases of coronavirus disease 2019 rose."
    assert textmend.repair("COVID infection 2019 spread.", cfg).text == "Coronavirus disease 2019 spread."


def test_sparse_fingerprint_in_long_text_reports_only_its_neighbourhood(mini_cfg):
    filler = "Plain words about the weather and markets. " * 400
    text = filler + "Western international locations, he mentioned, agreed. " + filler + "He mentioned, again, it."
    r = textmend.repair(text, mini_cfg)
    assert [(e.original, e.status) for e in r.edits] == [("international locations", "applied"),
                                                          ("mentioned", "reported")]


def test_index_cache_keeps_a_bounded_number_of_files(tmp_path, monkeypatch):
    from textmend.engine import cache

    monkeypatch.setenv("TEXTMEND_CACHE_DIR", str(tmp_path))
    for k in range(cache.KEEP + 5):
        assert cache.cached(f"k{k}", lambda k=k: k) == k
    assert len(list(tmp_path.glob("index-*.pickle"))) == cache.KEEP


def test_an_edit_that_reveals_context_is_followed_in_the_same_run(mini_cfg):
    """'{that a}' -> 'that a' makes 'a yr' readable: one repair does both, so a second changes nothing."""
    text = "{that a}\r\nyr"
    once = textmend.repair(text, mini_cfg.replace(assume_spun=True))
    assert once.text == "that a\r\nyear"
    assert [(e.start, e.end, e.original) for e in once.applied] == [(0, 8, "{that a}"), (10, 12, "yr")]
    assert textmend.repair(once.text, mini_cfg.replace(assume_spun=True)).text == once.text


def test_near_misses_go_through_decide_articles_and_protection(mini_cfg):
    """A near miss gets the same a/an agreement, case and protected spans as an exact match."""
    cfg = mini_cfg.replace(assume_spun=True)
    r = textmend.repair("An excesive commissioner came. `an excesive commissioner`", cfg)
    assert r.text == "A high commissioner came. `an excesive commissioner`"
    e = next(e for e in r.edits if e.source == "fuzzy")
    assert e.applied and e.original == "An excesive commissioner" and "near miss" in e.reason


def test_outside_cuts_protected_spans_out_of_windows():
    from textmend.engine.pipeline import _outside

    prot = [(10, 20), (30, 40), (50, 60)]
    assert _outside([(0, 100)], prot) == [(0, 10), (20, 30), (40, 50), (60, 100)]
    assert _outside([(15, 35)], prot) == [(20, 30)]
    assert _outside([(12, 18)], prot) == []
    assert _outside([(0, 5), (5, 10), (60, 70)], prot) == [(0, 5), (5, 10), (60, 70)]
    assert _outside([(35, 55), (40, 45)], prot) == [(40, 50), (40, 45)]  # prefilter pieces overlap


def test_a_code_fence_full_of_fingerprints_is_not_matched_and_decisions_stay_the_same(mini_cfg, monkeypatch):
    """Issue 10 (bounded cost): a fence's fingerprints were each matched, widened into a second pass and
    suppressed one by one (a 13 MB fence: 75 s, 792 MB). Matching now skips protected spans in a text judged
    whole; what is decided outside the fence is what the explain path (which matches everything) decides."""
    from textmend.engine import pipeline

    fence = "```\n" + "x = 'international locations'  # crimes in opposition to humanity\n" * 300 + "```\n"
    text = SPUN + "\n\n" + fence + "\n" + SPUN + "\n"
    lo = text.index("```")
    hi = text.index("```", lo + 3) + 3
    seen: list = []
    real = pipeline.decide
    monkeypatch.setattr(pipeline, "decide",
                        lambda t, found, *a, **k: seen.append(list(found)) or real(t, found, *a, **k))
    fast = textmend.repair(text, mini_cfg)
    assert seen and not any(f.start < hi and lo < f.end for found in seen for f in found)
    assert not any(e.start < hi and lo < e.end for e in fast.edits)
    full = pipeline.analyse(text, mini_cfg, explain=True)
    assert [(e.start, e.original, e.replacement, e.safe) for e in fast.edits] == \
        [(e.start, e.original, e.replacement, e.safe) for e in full.edits]
    assert fast.text.count("crimes against humanity") == 2 and text[lo:hi] in fast.text
