"""Evaluation: loading each annotation format, and the figures computed from edits."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from textmend import Config
from textmend.cli.eval import eval_command
from textmend.evaluate import Doc, Span, add_clean_windows, evaluate, load_corpus, load_seed, load_spun, window_text

MAP = """#: id = evt
#: title = evaluation test map
#: theme = test
#: provenance = hand-written: test fixture
international locations\tcountries
crimes in opposition to humanity\tcrimes against humanity
flip a blind eye\tturn a blind eye
counterfeit\tartificial|fake\tambiguous\tdoc>=0
"""


@pytest.fixture
def cfg(tmp_path: Path) -> Config:
    p = tmp_path / "evt.tsv"
    p.write_text(MAP, encoding="utf-8")
    return Config(map_files=(str(p),), builtin_maps=False)


def test_window_text_follows_the_spacing_rule():
    assert window_text("they met in", "international locations", ", then left") == \
        ("they met in international locations, then left", 12)
    assert window_text("a", "b", "’s c")[0] == "a b’s c"
    assert window_text("a", "b", "… c")[0] == "a b… c"
    assert window_text("a", "b", "c d")[0] == "a b c d"
    assert window_text("", "b", "") == ("b", 0)


def _rows():
    return [
        {"id": "w1", "url": "u1", "domain": "news", "left": "Leaders of", "garbled": "international locations",
         "right": "met.", "canonical": "countries"},
        {"id": "w2", "url": "u1", "domain": "news", "left": "to", "garbled": "flip", "right": "a blind eye to it.",
         "canonical": "turn"},
        {"id": "w3", "url": "u2", "domain": "science", "left": "uses", "garbled": "counterfeit",
         "right": "intelligence, and international locations", "canonical": "artificial"},
    ]


def test_spun_windows_group_by_page_and_spans_point_at_the_garble():
    docs = load_spun(_rows())
    assert [d.name for d in docs] == ["u1", "u2"]
    u1 = docs[0]
    assert u1.text == "Leaders of international locations met.\n\nto flip a blind eye to it."
    assert [u1.text[s.start:s.end] for s in u1.spans] == ["international locations", "flip"]
    per = load_spun(_rows(), per_window=True)
    assert [d.name for d in per] == ["w1", "w2", "w3"]
    assert per[1].text[per[1].spans[0].start:per[1].spans[0].end] == "flip"


def test_scores_detection_exact_and_false_edits(cfg):
    docs = load_spun(_rows())
    t = evaluate(docs, cfg)
    assert t.spans == 3
    # "flip" is inside the longer applied edit "flip a blind eye": judged over the whole edit, it is exact.
    # "counterfeit" is only reported (ambiguous): detected, not restored.
    assert t.detected == 3 and t.exact == 2
    assert t.by_group["news"] == [2, 2, 2] and t.by_group["science"] == [1, 1, 0]
    # "international locations" in w3's context: an applied edit outside every annotated span of page u2.
    assert t.false_edits == 1 and t.offenders["evt/international-locations"] == 1
    assert t.misses == [{"doc": "u2", "id": "w3", "garbled": "counterfeit", "canonical": "artificial",
                         "detected": True}]


def test_context_garbles_annotated_on_the_same_page_are_not_false_edits(cfg):
    rows = _rows()[:2] + [{"id": "w4", "url": "u1", "domain": "news", "left": "many",
                           "garbled": "flip", "right": "sides, said international locations", "canonical": "turn"}]
    t = evaluate(load_spun(rows), cfg)
    assert t.false_edits == 0


def test_wrong_restoration_is_detected_but_not_exact(cfg):
    doc = Doc("d", "Leaders of international locations met.")
    doc.spans.append(Span(11, 34, "nations"))
    t = evaluate([doc], cfg)
    assert (t.detected, t.exact, t.false_edits) == (1, 0, 0)


def test_seed_spans_are_found_in_order_with_overlapping_contexts(tmp_path: Path):
    article = tmp_path / "a.txt"
    article.write_text("He mentioned it. Then he mentioned it again, he mentioned.", encoding="utf-8")
    tsv = tmp_path / "g.tsv"
    tsv.write_text("left\tgarbled\tright\tcanonical\tlevel\n"
                   "he \tmentioned\t it\tsaid\tmust\n"
                   "he \tmentioned\t it\tsaid\tmay\n"
                   "it again, he \tmentioned\t.\tsaid\tmust\n"
                   "nowhere \tto be\t found\tx\tmust\n", encoding="utf-8")
    doc, missing = load_seed(str(tsv), str(article))
    text = article.read_text(encoding="utf-8")
    # Row 1 matches only the second sentence (context is case-sensitive); row 2 has the same context and
    # must come after row 1, so it is missing; row 3's left context overlaps row 1's garble and is found.
    assert [(s.start, s.group) for s in doc.spans] == [(text.index("he mentioned it") + 3, "must"),
                                                       (text.rindex("mentioned"), "must")]
    assert [m.split(":")[0] for m in missing] == ["line 3", "line 5"]


def test_seed_rows_in_order_each_take_the_next_occurrence(tmp_path: Path):
    article = tmp_path / "a.txt"
    article.write_text("a yr ago; a yr ago; in a yr", encoding="utf-8")
    tsv = tmp_path / "g.tsv"
    tsv.write_text("left\tgarbled\tright\tcanonical\tlevel\n" + "a \tyr\t\tyear\tmust\n" * 3, encoding="utf-8")
    doc, missing = load_seed(str(tsv), str(article))
    assert [s.start for s in doc.spans] == [2, 12, 25] and not missing


def test_clean_windows_join_their_page_and_count_edited_windows(cfg):
    clean = [{"id": "c1", "url": "u1", "text": "Several international locations agreed.", "kind": "in_spun_doc"},
             {"id": "c2", "url": "u9", "text": "A counterfeit note.", "kind": "unspun_trap"}]
    docs = add_clean_windows(load_spun(_rows()), clean)
    assert [d.name for d in docs] == ["u1", "u2", "u9"]
    t = evaluate(docs, cfg)
    # The spun page's clean window is edited (a false edit); the trap, alone in an unspun page, is not edited
    # but flagged: its ambiguous entry asks for no evidence (doc>=0).
    assert (t.clean_windows, t.clean_windows_edited, t.clean_windows_flagged) == (1, 1, 1)
    assert (t.traps, t.traps_edited, t.traps_flagged) == (1, 0, 1)
    assert t.offenders["evt/international-locations"] == 2
    assert (t.spun_docs, t.clean_docs_scored_spun) == (2, 0)


def test_clean_corpus_false_edits_per_10k_words(cfg):
    docs = load_corpus([{"text": "Ten international locations met. " * 5}, {"text": "Nothing here at all."}])
    t = evaluate(docs, cfg)
    d = t.to_json()
    assert t.false_edits == 5 and t.words == 24 and t.docs_edited == 1
    assert d["false_edits_per_10k_words"] == round(5 * 10000 / 24, 3)
    assert d["offenders"][0]["rule"] == "evt/international-locations"


def test_eval_command_prints_report_and_json(tmp_path: Path, cfg):
    spun = tmp_path / "spun.jsonl"
    spun.write_text("\n".join(json.dumps(r) for r in _rows()) + "\n", encoding="utf-8")
    args = [str(spun), "--map", cfg.map_files[0], "--no-builtin-maps"]
    res = CliRunner().invoke(eval_command, args + ["--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["spans"] == 3 and data["detected"] == 3 and data["exact"] == 2 and data["false_edits"] == 1
    text = CliRunner().invoke(eval_command, args + ["--per-window", "--misses"])
    assert text.exit_code == 0, text.output
    assert "(per window)" in text.output and "miss w3" in text.output
    assert "evt/international-locations" in text.output
    broken = CliRunner().invoke(eval_command, args + ["--breakdown"])
    assert broken.exit_code == 0, broken.output
    assert "where the annotated garbles ended:" in broken.output
    assert "      2   66.7%  restored" in broken.output
    assert "      1   33.3%  suggested, canonical among candidates" in broken.output
    as_json = json.loads(CliRunner().invoke(eval_command, args + ["--breakdown", "--json"]).output)
    assert as_json["outcomes"] == {"restored": 2, "suggested, canonical among candidates": 1}
    assert "outcomes" not in data
    bad = CliRunner().invoke(eval_command, [str(spun), "--maps", "no-such-theme"])
    assert bad.exit_code == 2 and "no-such-theme" in bad.output


def test_eval_seed_needs_the_article(tmp_path: Path):
    tsv = tmp_path / "g.tsv"
    tsv.write_text("left\tgarbled\tright\tcanonical\tlevel\n", encoding="utf-8")
    res = CliRunner().invoke(eval_command, [str(tsv)])
    assert res.exit_code == 2 and "--article" in res.output


def test_real_samples_load_completely(shared: Path):
    seed = shared / "seed"
    doc, missing = load_seed(str(seed / "garbles.tsv"), str(seed / "article.txt"))
    assert not missing and len(doc.spans) > 100
    rows = [json.loads(x) for x in (shared / "spun-samples" / "spun_windows.jsonl").read_text().splitlines()]
    docs = load_spun(rows)
    assert sum(len(d.spans) for d in docs) == len(rows)
    assert all(d.text[s.start:s.end] == r["garbled"]
               for d in docs for s, r in zip(d.spans, [r for r in rows if r["url"] == d.name]))


def test_breakdown_says_where_each_garble_ended(tmp_path: Path):
    p = tmp_path / "evt.tsv"
    p.write_text(MAP + "mentioned\tsaid\tguarded\n", encoding="utf-8")
    cfg = Config(map_files=(str(p),), builtin_maps=False)
    text = ("Leaders of international locations met. Ten international locations came. A counterfeit note. "
            "A counterfeit coin. He mentioned it. The excessive commissioner spoke.")
    doc = Doc("d", text)

    def span(word: str, nth: int, canonical: str) -> Span:
        at = -1
        for _ in range(nth):
            at = text.index(word, at + 1)
        return Span(at, at + len(word), canonical)

    doc.spans += [span("international locations", 1, "countries"), span("international locations", 2, "nations"),
                  span("counterfeit", 1, "artificial"), span("counterfeit", 2, "forged"),
                  span("mentioned", 1, "said"), span("excessive", 1, "high")]
    t = evaluate([doc], cfg, breakdown=True)
    assert [o[3] for o in t.outcomes] == [
        "restored", "applied, other wording", "suggested, canonical among candidates", "suggested, other candidates",
        "held back: weak-evidence", "not found"]
    assert [(a, b) for _, a, b, _ in t.outcomes] == [(s.start, s.end) for s in doc.spans]
    assert t.to_json()["outcomes"]["restored"] == 1
    # Without the breakdown nothing extra is computed or reported.
    plain = evaluate([doc], cfg)
    assert plain.outcomes == [] and "outcomes" not in plain.to_json()
    assert (plain.detected, plain.exact) == (t.detected, t.exact) == (4, 1)
