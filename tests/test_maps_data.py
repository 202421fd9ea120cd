"""The shipped phrase maps are data under test, as codespell's dictionaries are."""
from __future__ import annotations

import pytest

import textmend
from textmend import Config
from textmend.knowledge.phrasemap import MapError, builtin_maps, parse_pps_csv, parse_tsv
from textmend.knowledge.validate import validate, validate_maps

MAPS = builtin_maps()
ENTRY_MAPS = [m for m in MAPS if m.entries]


def test_shipped_maps_validate():
    problems = validate()
    assert problems == [], "\n".join(problems[:40])


def test_every_map_has_provenance_and_examples():
    assert ENTRY_MAPS, "no phrase maps shipped"
    for m in ENTRY_MAPS:
        assert m.provenance.split(":")[0] in ("hand-written", "generated", "learned"), m.path
        assert m.examples, f"{m.path}: no '#: example' lines"
        assert m.clean or m.clean_in_spun, f"{m.path}: no '#: clean' lines"


@pytest.mark.parametrize("m", ENTRY_MAPS, ids=lambda m: m.id)
def test_map_examples_hold(m):
    """Every family: its failing examples are repaired, its passing examples left alone."""
    spun = Config(assume_spun=True)
    for text, expected in m.examples:
        assert textmend.repair(text, spun).text == expected, f"{m.path}: example {text!r}"
    for text in m.clean:
        r = textmend.repair(text)
        assert r.text == text, f"{m.path}: clean line changed: {text!r} -> {r.text!r}"
    for text in m.clean_in_spun:
        assert textmend.repair(text, spun).text == text, f"{m.path}: clean-in-spun line changed: {text!r}"


def _map(body: str, header: str = "") -> str:
    return ("#: id = t\n#: title = t\n#: theme = t\n#: provenance = hand-written: test\n" + header + body)


def test_validator_catches_duplicates_cycles_garbled_restorations_and_typos():
    m = parse_tsv(_map("alpha beta\tgamma delta\nAlpha  Beta\tgamma\nfoo bar\tbaz qux\nbaz qux\tfoo bar\n"
                       "nice words\tteh result\n"), "t.tsv")
    problems = "\n".join(validate_maps((m,)))
    assert "duplicate garbled phrase" in problems
    assert "cycle" in problems
    assert "is itself a fixed garble" in problems
    assert "unknown word(s): teh" in problems


def test_a_cycle_through_a_suggestion_only_entry_is_no_problem():
    """"talk" -> "speak" applied and "speak" -> "talk" only ever suggested cannot flip text back and forth."""
    m = parse_tsv(_map("talk over\tspeak over\tguarded\nspeak over\ttalk over|chat over\tambiguous\n"), "t.tsv")
    assert not [p for p in validate_maps((m,)) if "cycle" in p]
    m = parse_tsv(_map("talk over\tspeak over\tguarded\nspeak over\ttalk over\tguarded\n"), "t.tsv")
    assert [p for p in validate_maps((m,)) if "cycle" in p]


def test_parser_rejects_malformed_lines():
    for body in ("only-one-column\n", "a\tb\tweird\n", "a\tb\tguarded\tnext=@nope\n", "a\tb\tfixed\t\t1.5\n"):
        with pytest.raises(MapError):
            parse_tsv(_map(body), "bad.tsv")
    with pytest.raises(MapError):
        parse_tsv("#: id = x\nfoo\tbar\n", "nohead.tsv")


def test_trailing_punctuation_becomes_context():
    m = parse_tsv(_map("But not,\tHowever,\tguarded\n"), "t.tsv")
    e = m.entries[0]
    assert e.garbled == "But not" and e.candidates == ("However",) and "next=," in e.when


def test_pps_csv_import_keeps_clean_pairs_and_lists_skipped():
    csv_text = ('Fingerprint - Tortured Phrase,Expected Text,Nb Retrieved Papers\n'
                '"counterfeit consciousness",artificial intelligence,120\n'
                '"bosom peril" AND "tumor",breast cancer,4\n'
                '"irregular woodland",random forest ?,9\n'
                '"profound learning",deep learning,300\n'
                '"profound learning",deep learning,1\n')
    m = parse_pps_csv(csv_text, "pps.csv")
    assert [(e.garbled, e.candidates[0]) for e in m.entries] == [
        ("counterfeit consciousness", "artificial intelligence"), ("profound learning", "deep learning")]
    assert len(m.skipped) == 3
