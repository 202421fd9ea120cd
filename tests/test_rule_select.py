"""Rules users can address: ``textmend rule ID``, ``--list``, and select/ignore by rule or map id."""
from __future__ import annotations

import json

import pytest

import textmend
from textmend import Config
from textmend.exitcodes import ExitCode
from textmend.knowledge.rulebook import RuleBook

from .cli_support import MAP_ARGS, SPUN, run

TEXT = "Western international locations condemned the crimes in opposition to humanity."


def test_rule_explains_what_it_restores_why_and_where_from():
    r = run(["rule", "news/international-locations"])
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    assert out.splitlines()[0] == "news/international-locations"
    assert "restores    'international locations' -> 'countries'" in out
    assert "kind        fixed: a spinner fingerprint" in out
    assert "map         news: Autoblog news spinner family" in out
    assert "provenance  hand-written: word-level substitutions of the autoblog news spinner family" in out
    assert ("example     The ministry mentioned on Tuesday that talks with neighbouring international locations "
            "would resume.\n          ->  The ministry said on Tuesday that talks with neighbouring countries "
            "would resume.") in out


def test_rule_shows_its_note(tmp_path):
    m = tmp_path / "noted.tsv"
    m.write_text("#: id = noted\n#: title = Notes\n#: theme = t\n#: provenance = test map\n"
                 "#: example = They met in international locations. => They met in countries.\n"
                 "international locations\tcountries\tguarded\tprev=@det\t0.8\tthe spinner's word for countries\n",
                 encoding="utf-8")
    r = run(["rule", "--no-builtin-maps", "--map", str(m), "noted/international-locations"])
    assert "  why         the spinner's word for countries" in r.stdout
    assert "  when        prev=@det" in r.stdout and "  confidence  0.80" in r.stdout
    assert "  example     They met in international locations.\n          ->  They met in countries." in r.stdout


def test_rule_list_and_map_listing():
    every = run(["rule", "--list"]).stdout.splitlines()
    assert len(every) == len(RuleBook()) > 5000
    assert "news/international-locations\tfixed\t'international locations' -> 'countries'" in every
    news = run(["rule", "news"]).stdout.splitlines()
    assert news and all(line.startswith("news/") for line in news)
    assert run(["rule", "--list", "spintax"]).stdout.splitlines() == [
        "spintax/braces\tguarded\t'{that a}' -> 'that a'", "spintax/alternatives\tambiguous\t'{a|b|c}' -> 'a'"]


def test_unknown_rule_suggests_close_ids():
    r = run(["rule", "news/internatonal-locations"])
    assert r.exit_code == ExitCode.ERROR and "did you mean news/international-locations" in r.stderr


def test_library_select_and_ignore_by_rule_and_map_id():
    assert textmend.repair(TEXT).text == "Western countries condemned the crimes against humanity."
    assert textmend.repair(TEXT, ignore=("news/international-locations",)).text == \
        "Western international locations condemned the crimes against humanity."
    assert textmend.repair(TEXT, select=("news/international-locations",)).text == \
        "Western countries condemned the crimes in opposition to humanity."
    assert textmend.repair(TEXT, ignore="news").text == TEXT  # a map id, comma-separated string accepted
    assert textmend.repair(TEXT, select=("news",), ignore=("news",)).text == TEXT  # ignore wins
    cfg = Config(select=("news",))
    assert cfg.runs("news/x") and not cfg.runs("newsy/x") and not cfg.runs("idioms/x")


def test_ignored_rules_are_not_evidence_either(mini_cfg):
    """An ignored rule finds nothing: its matches do not open the guarded entries around them."""
    text = SPUN + " He mentioned, quietly, that it was over."
    assert "He said," in textmend.repair(text, mini_cfg).text
    fewer = textmend.repair(text, mini_cfg.replace(ignore=("mini/international-locations",
                                                             "mini/crimes-in-opposition-to-humanity")))
    assert not any(e.rule.startswith(("mini/international", "mini/crimes")) for e in fewer.edits)


def test_cli_select_ignore_and_extend(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(SPUN)

    def rules(*args):
        r = run(["check", *MAP_ARGS, "--format", "json", *args, str(f)])
        return sorted({e["rule"] for e in json.loads(r.stdout)["edits"]})

    every = rules()
    assert "mini/international-locations" in every and len(every) >= 4
    assert rules("--ignore", "mini/international-locations") == [x for x in every
                                                                  if x != "mini/international-locations"]
    assert rules("--select", "mini/international-locations,mini/coaching-facility") == [
        "mini/coaching-facility", "mini/international-locations"]
    assert rules("--select", "mini/coaching-facility", "--extend-select", "mini/international-locations") == [
        "mini/coaching-facility", "mini/international-locations"]
    assert rules("--ignore", "mini") == []
    bad = run(["check", *MAP_ARGS, "--ignore", "mini/no-such-rule", str(f)])
    assert bad.exit_code == ExitCode.ERROR and "unknown rule or map id 'mini/no-such-rule'" in bad.stderr


def test_config_select_and_cli_extend(tmp_path):
    (tmp_path / "textmend.toml").write_text(
        f'builtin-maps = false\nextra-maps = ["{MAP_ARGS[1]}"]\nignore = ["mini/international-locations"]\n')
    f = tmp_path / "a.txt"
    f.write_text(SPUN)

    def rules(*args):
        r = run(["check", "--format", "json", *args, str(f)])
        assert r.exit_code == 1, r.stderr
        return {e["rule"] for e in json.loads(r.stdout)["edits"]}

    assert "mini/international-locations" not in rules() and "mini/coaching-facility" in rules()
    assert "mini/coaching-facility" not in rules("--extend-ignore", "mini/coaching-facility")
    assert "mini/international-locations" not in rules("--extend-ignore", "mini/coaching-facility")
    assert "mini/international-locations" in rules("--ignore", "mini/coaching-facility")  # replaces the file's


@pytest.mark.parametrize("selector", ["news", "news/international-locations", "ALL", "figures"])
def test_rulebook_selectors(selector):
    book = RuleBook()
    hits = book.matching(selector)
    assert hits and all(selector == "ALL" or r.id == selector or r.id.startswith(selector + "/") for r in hits)
