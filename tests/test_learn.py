"""``textmend learn``: alignment of an original with its spun copy, and the map it writes."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import textmend
from textmend import Config
from textmend.cli.learn import learn_command
from textmend.knowledge.align import align
from textmend.knowledge.learn import key, learn, recovered, render
from textmend.knowledge.phrasemap import parse_file

ORIGINAL = """Ministers from ten countries met on Monday to talk about trading on Friday.

The talks were held against a backdrop of rising prices. "We agreed on most points," the minister said in a statement.
Officials said the countries would meet again. Their education and training was delayed by the storm.

A rule change was discussed at length by the delegates, who wanted the committee to publish all results at once and in full.
The bodies that oversee the market were not invited.
It's "final", he said."""

SPUN = """Ministers from ten international locations met on Monday to speak about buying and selling on Friday.

The talks had been held in opposition to a backdrop of rising costs. "We agreed on most factors," the minister mentioned in an announcement.
Officials mentioned the international locations would meet once more. Their schooling and coaching was delayed by the storm.

A rule change was discussed at length by the delegates, whose wish it was that every member of the panel should release each outcome together and completely.
The our bodies that oversee the market had been not invited.
It’s “final,” he mentioned."""


@pytest.fixture
def learned():
    entries, skipped = learn([(ORIGINAL, SPUN)])
    return {e.garbled: e for e in entries}, skipped


def test_multiword_swaps_are_found_whole_and_fixed(learned):
    entries, _ = learned
    assert entries["international locations"].candidates == ["countries"]
    assert entries["buying and selling"].candidates == ["trading"]
    assert entries["in opposition to"].candidates == ["against"]
    for g in ("international locations", "buying and selling", "in opposition to"):
        assert entries[g].kind() == "fixed"


def test_single_common_words_are_guarded_and_duplicates_counted(learned):
    entries, _ = learned
    said = entries["mentioned"]
    assert said.candidates == ["said"] and said.kind() == "guarded" and said.count == 3
    assert entries["international locations"].count == 2
    assert entries["factors"].kind() == "guarded"


def test_deletions_take_a_neighbour_and_auxiliaries_bridge(learned):
    entries, _ = learned
    assert entries["our bodies"].candidates == ["bodies"]
    assert entries["schooling and coaching"].candidates == ["education and training"]
    # "had been" / "were" is only function words: it takes the next shared word to be worth an entry.
    assert entries["had been held"].candidates == ["were held"]


def test_what_is_not_a_synonym_swap_is_skipped(learned):
    entries, _ = learned
    keys = {key(g) for g in entries}
    # A rewritten clause (more than 6 words on a side) is not a swap.
    assert not any("panel" in k or "committee" in k for k in keys)
    # Curly vs straight quotes and a moved comma are not swaps either.
    assert not any(k in ("it's", "final") for k in keys)
    assert all("," not in k and '"' not in k for k in keys)


def test_several_restorations_make_an_ambiguous_entry():
    entries, _ = learn([("He said it.", "He mentioned it."), ("She noted it.", "She mentioned it."),
                        ("They said so.", "They mentioned so.")])
    (e,) = entries
    assert e.kind() == "ambiguous" and e.candidates == ["said", "noted"]
    assert "seen 3x: said 2, noted 1" in render(entries, "t", ["a", "b"])


def test_alignment_is_exact_where_difflib_grabs_a_stray_pair():
    # difflib alone pairs "staff, pursuant to rules and custom" with "workers" around a stray ", in".
    orig = "Most of the staff, pursuant to rules and custom, in the region of Ohio"
    spun = "Most of the workers, in keeping with guidelines and customized, within the area of Ohio"
    blocks = {(b.garbled, b.restoration) for b in align(orig, spun)}
    assert ("workers", "staff") in blocks
    assert ("in keeping with guidelines and customized", "pursuant to rules and custom") in blocks
    assert ("within the area", "in the region") in blocks


def test_map_parses_and_repairs_the_spun_text(tmp_path: Path):
    entries, _ = learn([(ORIGINAL, SPUN)])
    path = tmp_path / "learned.tsv"
    path.write_text(render(entries, "learned-test", ["orig.txt", "spun.txt"]), encoding="utf-8")
    m = parse_file(path)
    assert m.id == "learned-test" and m.provenance == "learned: textmend learn from orig.txt and spun.txt"
    assert len(m.entries) == len(entries)
    fixed = textmend.fix_text(SPUN, Config(map_files=(str(path),), builtin_maps=False, assume_spun=True))
    assert "ten countries met on Monday to talk about trading on Friday" in fixed
    assert "held against a backdrop" in fixed and "the minister said in a statement" in fixed


def test_learn_command_writes_a_loadable_map(tmp_path: Path):
    (tmp_path / "orig.txt").write_text(ORIGINAL, encoding="utf-8")
    (tmp_path / "spun.txt").write_text(SPUN, encoding="utf-8")
    out = tmp_path / "out.tsv"
    res = CliRunner().invoke(learn_command, [str(tmp_path / "orig.txt"), str(tmp_path / "spun.txt"),
                                             "-o", str(out), "--id", "mine"])
    assert res.exit_code == 0, res.output
    assert "entries (" in res.output  # summary on stderr (mixed in by CliRunner)
    m = parse_file(out)
    assert m.id == "mine" and "textmend learn from orig.txt and spun.txt" in m.provenance
    rows = {e.garbled: e for e in m.entries}
    assert rows["international locations"].kind == "fixed" and rows["mentioned"].kind == "guarded"
    assert rows["mentioned"].note == "seen 3x"
    default = CliRunner().invoke(learn_command, [str(tmp_path / "orig.txt"), str(tmp_path / "spun.txt")])
    assert default.exit_code == 0 and "#: id = learned-spun" in default.output


def test_phrases_found_in_clean_text_become_guarded(tmp_path: Path):
    (tmp_path / "orig.txt").write_text("He won, despite the rain. Leaders of countries met.", encoding="utf-8")
    (tmp_path / "spun.txt").write_text("He won, regardless of the rain. Leaders of international locations met.",
                                       encoding="utf-8")
    (tmp_path / "clean.jsonl").write_text('{"text": "Regardless of price, they buy."}\n'
                                          '{"text": "It rose, regardless  of costs."}\n', encoding="utf-8")
    out = tmp_path / "out.tsv"
    args = [str(tmp_path / "orig.txt"), str(tmp_path / "spun.txt"), "-o", str(out)]
    assert CliRunner().invoke(learn_command, args).exit_code == 0
    assert {e.garbled: e.kind for e in parse_file(out).entries}["regardless of"] == "fixed"
    res = CliRunner().invoke(learn_command, args + ["--clean", str(tmp_path / "clean.jsonl")])
    assert res.exit_code == 0, res.output
    rows = {e.garbled: e for e in parse_file(out).entries}
    assert rows["regardless of"].kind == "guarded" and rows["regardless of"].note == "seen 1x; 2x in clean text"
    assert rows["international locations"].kind == "fixed"


def test_seed_pair_recovers_at_least_90_percent_of_annotated_garbles(shared: Path):
    seed = shared / "seed"
    original = (seed / "expected_all.txt").read_text(encoding="utf-8")
    spun = (seed / "article.txt").read_text(encoding="utf-8")
    entries, _ = learn([(original, spun)])
    rows = [line.split("\t") for line in (seed / "garbles.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    rows = [r for r in rows if len(r) >= 4]
    hits = sum(recovered(entries, r[1], r[3]) for r in rows)
    assert len(rows) > 100
    assert hits / len(rows) >= 0.90, f"{hits}/{len(rows)}"


def test_recovered_needs_the_canonical_too():
    entries, _ = learn([("a training centre in town", "a coaching facility in town")])
    assert recovered(entries, "coaching facility", "training centre")
    assert recovered(entries, "coaching", "training")  # inside the learned block
    assert not recovered(entries, "coaching facility", "sports hall")
    assert not recovered(entries, "in town", "in town")


def test_learn_and_eval_are_registered_on_the_main_cli():
    from click.testing import CliRunner

    from textmend.cli.main import main

    runner = CliRunner()
    for name in ("learn", "eval"):
        res = runner.invoke(main, [name, "--help"])
        assert res.exit_code == 0, res.output
        assert f"{name} [OPTIONS]" in res.output


def test_validating_learns_own_output(tmp_path: Path):
    """``maps validate`` on a learned map: entries the shipped maps also hold are warnings (not problems), and
    an unknown word gets a hint the user can follow in their own file (no words.txt to edit)."""
    from .cli_support import run

    (tmp_path / "orig.txt").write_text(ORIGINAL + "\nThe training centres closed.\n", encoding="utf-8")
    (tmp_path / "spun.txt").write_text(SPUN + "\nThe coaching facilities closed.\n", encoding="utf-8")
    out = tmp_path / "out.tsv"
    assert run(["learn", str(tmp_path / "orig.txt"), str(tmp_path / "spun.txt"), "-o", str(out)]).exit_code == 0
    r = run(["maps", "validate", str(out)])
    assert r.exit_code == 1
    problems = [line for line in r.stdout.splitlines() if not line.startswith("warning: ")]
    hint = "'#: words = centres'"
    assert len(problems) == 1 and "unknown word(s): centres" in problems[0] and hint in problems[0], problems
    assert "words.txt" not in r.stdout and "duplicate garbled phrase" not in r.stdout
    warnings = [line for line in r.stdout.splitlines() if line.startswith("warning: ")]
    assert any("'international locations' is also a shipped entry" in w for w in warnings), warnings
    # learned "once more" -> "again" is shipped too (the learned map), or would rewrite a shipped repair that
    # writes "once more": either way a warning at our line
    assert any(w.startswith(f"warning: {out}:") and "'once more'" in w for w in warnings), warnings
    out.write_text(out.read_text(encoding="utf-8") + "#: words = centres\n", encoding="utf-8")
    r = run(["maps", "validate", str(out)])
    assert r.exit_code == 0 and r.stderr.startswith(f"0 problem(s), {len(warnings)} warning(s)")


def test_two_user_maps_repeating_each_other_is_a_problem(tmp_path: Path):
    from textmend.knowledge.validate import check

    head = "#: id = {}\n#: title = t\n#: theme = t\n#: provenance = learned: test\n"
    a, b = tmp_path / "a.tsv", tmp_path / "b.tsv"
    a.write_text(head.format("a") + "zorbly fnord\tsaid\n")
    b.write_text(head.format("b") + "Zorbly  fnord\tsaid\n")
    v = check((str(a), str(b)))
    assert [p for p in v.problems if "duplicate garbled phrase 'Zorbly fnord'" in p] and not v.warnings
