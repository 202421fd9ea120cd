"""Output formats: JSON Lines (schema 1), GitHub workflow commands, SARIF 2.1.0 (schema-validated), HTML."""
from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from textmend.output.formatter import LineIndex
from textmend.output.github import gh_escape_data, gh_escape_property

from .cli_support import AMBIGUOUS, CLEAN, MAP_ARGS, SPUN, run

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "b.txt").write_text(SPUN)
    (tmp_path / "a.txt").write_text(CLEAN)
    (tmp_path / "c.txt").write_bytes(("Intro.\r\n" + AMBIGUOUS.replace("\n", "\r\n")).encode())
    return tmp_path


def _paths(tree):
    return [str(tree / n) for n in ("b.txt", "a.txt", "c.txt")]


def test_json_one_object_per_input_in_input_order(tree):
    r = run(["check", *MAP_ARGS, "--output-format", "json", *_paths(tree)])
    objs = [json.loads(line) for line in r.stdout.splitlines()]
    assert [o["path"] for o in objs] == _paths(tree)
    for o in objs:
        assert o["schema"] == 2 and set(o) == {"schema", "path", "score", "spun", "sentences", "edits"}
        text = Path(o["path"]).read_bytes().decode()
        for e in o["edits"]:
            assert text[e["start"]:e["end"]] == e["original"]
            assert set(e) == SCHEMA_2_EDIT
            assert e["applied"] is False  # check applies nothing, whatever the fix's applicability
            assert e["applicability"] in ("safe", "unsafe") and e["reason"] and e["detail"]
    assert objs[1]["edits"] == [] and objs[0]["spun"] is True
    applicability = [e["applicability"] for o in objs for e in o["edits"]]
    assert applicability.count("unsafe") == 1 and applicability.count("safe") == 10


SCHEMA_2_EDIT = {"start", "end", "original", "replacement", "rule", "source", "confidence", "applicability",
                 "applied", "status", "reason", "detail", "note", "candidates"}


def test_schema_1_behind_the_option(tree):
    """``--schema 1``: the previous release's objects, whose ``applied`` meant "fix applies it"."""
    r = run(["check", *MAP_ARGS, "--output-format", "json", "--schema", "1", *_paths(tree)])
    objs = [json.loads(line) for line in r.stdout.splitlines()]
    assert [o["schema"] for o in objs] == [1, 1, 1]
    edits = [e for o in objs for e in o["edits"]]
    assert all(set(e) == {"start", "end", "original", "replacement", "rule", "source", "confidence", "applied",
                          "candidates"} for e in edits)
    assert [e["applied"] for e in edits].count(True) == 10
    assert run(["check", *MAP_ARGS, "--format", "json", "--schema", "3", *_paths(tree)]).exit_code == 2


def test_schema_2_carries_the_rule_note(tmp_path):
    m = tmp_path / "noted.tsv"
    m.write_text("#: id = noted\n#: title = t\n#: theme = t\n#: provenance = test\n"
                 "international locations\tcountries\t\t\t\tthe autoblog spinner's 'countries'\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(SPUN)
    r = run(["check", "--isolated", "--no-builtin-maps", "--map", str(m), "--format", "json", str(tmp_path / "a.txt")])
    (e,) = json.loads(r.stdout)["edits"]
    assert e["rule"] == "noted/international-locations" and e["note"] == "the autoblog spinner's 'countries'"


def test_format_alias_and_jsonl_are_the_same(tree):
    a = run(["check", *MAP_ARGS, "--format", "json", *_paths(tree)]).stdout
    b = run(["check", *MAP_ARGS, "--output-format", "jsonl", *_paths(tree)]).stdout
    assert a == b and a


def test_fix_json_reports_applied_edits(tree):
    r = run(["fix", *MAP_ARGS, "--format", "json", str(tree / "b.txt")])
    o = json.loads(r.stdout)
    assert all(e["applied"] and e["applicability"] == "safe" for e in o["edits"]) and len(o["edits"]) == 5
    unsafe = json.loads(run(["fix", *MAP_ARGS, "--format", "json", "--unsafe", str(tree / "c.txt")]).stdout)
    (amb,) = [e for e in unsafe["edits"] if e["rule"] == "mini/counterfeit"]
    assert amb["applied"] and amb["applicability"] == "unsafe" and amb["reason"] == "unsafe-applied"


# --- GitHub ----------------------------------------------------------------------------------------
GH_LINE = re.compile(r"^::(warning|notice|error) file=(?P<file>[^,:]*),line=\d+,col=\d+,endLine=\d+,"
                     r"endColumn=\d+,title=[^,:]*::[^\r\n]*$")


def test_github_annotations_match_workflow_command_syntax(tree):
    r = run(["check", *MAP_ARGS, "--output-format", "github", *_paths(tree)])
    lines = r.stdout.splitlines()
    assert len(lines) == 5 + 6  # b.txt: 5 edits; c.txt: 5 edits + 1 suggestion
    for line in lines:
        assert GH_LINE.match(line), line
    assert sum(line.startswith("::notice ") for line in lines) == 1
    first_c = next(line for line in lines if "c.txt" in line)
    # c.txt starts with "Intro.\r\n": the first edit is on line 2, column 9; endColumn is exclusive
    assert ",line=2,col=9,endLine=2,endColumn=32," in first_c


def test_github_escaping():
    assert gh_escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert gh_escape_property("a,b:c%d\n") == "a%2Cb%3Ac%25d%0A"


def test_github_escapes_path_properties(tmp_path):
    p = tmp_path / "we,ird:name.txt"
    p.write_text(SPUN)
    r = run(["check", *MAP_ARGS, "--output-format", "github", "we,ird:name.txt"], cwd=tmp_path)
    assert r.stdout.splitlines()[0].startswith("::warning file=we%2Cird%3Aname.txt,line=1,col=9,")
    for line in r.stdout.splitlines():
        assert GH_LINE.match(line), line


def test_line_index_counts_code_points_and_crlf():
    li = LineIndex("ab\r\ncé\nx")
    assert li.at(0) == (1, 1) and li.at(4) == (2, 1) and li.at(5) == (2, 2) and li.at(7) == (3, 1)


# --- SARIF -----------------------------------------------------------------------------------------
def _schema() -> dict:
    from .conftest import shared_dir

    d = shared_dir()
    f = d / "schemas" / "sarif-schema-2.1.0.json" if d else None
    if f is None or not f.exists():
        pytest.skip("SARIF schema not available (../shared/schemas)")
    return json.loads(f.read_text())


def _sarif(tree, *extra):
    r = run(["check", *MAP_ARGS, "--output-format", "sarif", *extra, *_paths(tree)])
    assert r.exit_code == 1, r.stderr
    return json.loads(r.stdout)


def test_sarif_validates_against_schema(tree):
    jsonschema = pytest.importorskip("jsonschema")
    schema = _schema()
    doc = _sarif(tree)
    jsonschema.validate(doc, schema)  # raises on any violation
    empty = json.loads(run(["check", *MAP_ARGS, "--output-format", "sarif", str(tree / "a.txt")]).stdout)
    jsonschema.validate(empty, schema)
    assert empty["runs"][0]["results"] == []


def test_sarif_content_rules_locations_fixes(tree):
    doc = _sarif(tree)
    run0 = doc["runs"][0]
    assert doc["version"] == "2.1.0" and run0["columnKind"] == "unicodeCodePoints"
    rules = run0["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids)) and "mini/international-locations" in ids
    results = run0["results"]
    assert len(results) == 11
    for res in results:
        assert ids[res["ruleIndex"]] == res["ruleId"]
    # Each rule documents itself from its map: what it restores, why, where it comes from, an example.
    rule = rules[ids.index("mini/international-locations")]
    assert rule["shortDescription"]["text"] == "Spun wording: 'international locations' -> 'countries'"
    assert rule["fullDescription"]["text"].startswith("Restores 'international locations' -> 'countries' (fixed")
    help_text = rule["help"]["text"]
    assert help_text.startswith("A small map for engine tests.")
    assert "Provenance: hand-written: test fixture covering each entry kind." in help_text
    assert 'Example: "They met in Western international locations." -> "They met in Western countries."' in help_text
    assert "`textmend rule mini/international-locations`" in rule["help"]["markdown"]
    assert rule["properties"] == {"kind": "fixed", "map": "mini", "confidence": 0.95,
                                  "provenance": "hand-written: test fixture covering each entry kind"}
    assert all("help" in r and "fullDescription" in r for r in rules)
    notes = [r for r in results if r["level"] == "note"]
    assert len(notes) == 1 and "fixes" not in notes[0] and notes[0]["ruleId"] == "mini/counterfeit"
    # Applying every fix (line/column regions) to the original gives the repaired text.
    by_file: dict[str, list] = {}
    for res in results:
        for fix in res.get("fixes", []):
            for ch in fix["artifactChanges"]:
                by_file.setdefault(ch["artifactLocation"]["uri"], []).extend(ch["replacements"])
    for uri, reps in by_file.items():
        path = Path(uri[7:]) if uri.startswith("file://") else tree / uri
        text = path.read_bytes().decode()
        fixed = run(["fix", *MAP_ARGS, "--format", "json", str(path)]).stdout
        expected = _apply_json(text, json.loads(fixed)["edits"])
        assert _apply_sarif(text, reps) == expected


def _apply_json(text, edits):
    for e in sorted((e for e in edits if e["applied"]), key=lambda e: -e["start"]):
        text = text[:e["start"]] + e["replacement"] + text[e["end"]:]
    return text


def _apply_sarif(text, reps):
    li = LineIndex(text)

    def off(line, col):
        return li.starts[line - 1] + col - 1

    for rep in sorted(reps, key=lambda r: (-r["deletedRegion"]["startLine"], -r["deletedRegion"]["startColumn"])):
        d = rep["deletedRegion"]
        a, b = off(d["startLine"], d["startColumn"]), off(d["endLine"], d["endColumn"])
        text = text[:a] + rep["insertedContent"]["text"] + text[b:]
    return text


def test_sarif_relative_uris(tree):
    r = run(["check", *MAP_ARGS, "--output-format", "sarif", "b.txt"], cwd=tree)
    loc = json.loads(r.stdout)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "b.txt", "uriBaseId": "%SRCROOT%"}
    assert loc["region"]["startLine"] == 1 and loc["region"]["startColumn"] == 9


def test_sarif_absolute_paths_are_file_uris(tmp_path):
    """An absolute input path is a ``file:`` URI (percent-encoded), with no ``%SRCROOT%`` base to resolve."""
    src = tmp_path / "spun dir" / "naïve b.txt"
    src.parent.mkdir()
    src.write_text(SPUN)
    doc = json.loads(run(["check", *MAP_ARGS, "--output-format", "sarif", str(src)]).stdout)
    run0 = doc["runs"][0]
    expected = {"uri": src.as_uri()}
    assert expected["uri"].startswith("file:///") and "spun%20dir/na%C3%AFve%20b.txt" in expected["uri"]
    assert [a["location"] for a in run0["artifacts"]] == [expected]
    for res in run0["results"]:
        assert res["locations"][0]["physicalLocation"]["artifactLocation"] == expected
        for fix in res.get("fixes", []):
            assert fix["artifactChanges"][0]["artifactLocation"] == expected


# --- HTML ------------------------------------------------------------------------------------------
VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col", "area", "base", "source"}


class _WellFormed(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"unexpected </{tag}>, open: {self.stack}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def _html(tree, *cmd):
    r = run([*cmd, *MAP_ARGS, *_paths(tree)])
    return r.stdout


def test_html_report_is_well_formed_and_self_contained(tree):
    page = _html(tree, "fix", "--output-format", "html")
    assert page.startswith("<!DOCTYPE html>")
    p = _WellFormed()
    p.feed(page)
    p.close()
    assert not p.problems and not p.stack, (p.problems, p.stack)
    for tag, attrs in p.tags:
        assert tag not in ("script", "link", "img", "iframe"), tag
        for k, v in attrs.items():
            assert not (k in ("src", "href") and v and not v.startswith("#")), (tag, k, v)
    dels = [a for t, a in p.tags if t == "del"]
    ins = [a for t, a in p.tags if t == "ins"]
    assert len(dels) == len(ins) == 10 and all("confidence 0.95" in a["title"] or "confidence 0.90" in a["title"]
                                                for a in ins)
    assert sum(1 for t, _ in p.tags if t == "mark") == 1  # the reported suggestion
    assert sum(1 for t, _ in p.tags if t == "tr") == 4  # header + one row per file
    strips = [a for t, a in p.tags if t == "div" and a.get("class") == "strip"]
    assert len(strips) == 2
    text = "".join(p.text)
    assert "crimes in opposition to humanity" in text and "crimes against humanity" in text


def test_html_links_reach_their_sections_and_the_strip_has_a_legend(tree):
    page = _html(tree, "report")
    p = _WellFormed()
    p.feed(page)
    ids = {a["id"] for _, a in p.tags if "id" in a}
    links = [a["href"] for t, a in p.tags if t == "a"]
    assert links and all(h.startswith("#") and h[1:] in ids for h in links), (links, ids)
    rows = re.findall(r"<tr><td>(.*?)</td>", page)
    assert rows == [f'<a href="#f1">{tree / "b.txt"}</a>', str(tree / "a.txt"), f'<a href="#f3">{tree / "c.txt"}</a>']
    legends = [a for t, a in p.tags if t == "p" and a.get("class") == "legend"]
    assert len(legends) == 1
    legend = page[page.index('<p class="legend">'):].split("</p>", 1)[0]
    assert "Grey: no evidence of spinning" in legend and legend.count("<span style=\"background:") == 5


def test_html_of_clean_files_only_has_no_dead_links_or_legend(tmp_path):
    (tmp_path / "a.txt").write_text(CLEAN)
    page = run(["report", *MAP_ARGS, str(tmp_path / "a.txt")]).stdout
    assert "<a " not in page and "legend" not in page.split("</style>")[1]


def test_report_help_and_summary_say_what_report_does(tree):
    report_help = " ".join(run(["report", "--help"]).stdout.split())
    assert "html (default), text," in report_help and "text (default)" not in report_help
    assert "text (default)" in " ".join(run(["check", "--help"]).stdout.split())
    r = run(["report", *MAP_ARGS, *_paths(tree)])
    assert "11 finding(s): 10 fixable, 1 reported" in r.stderr and "applied" not in r.stderr
    r = run(["report", "--format", "text", *MAP_ARGS, *_paths(tree)])
    assert r.stdout == run(["check", *MAP_ARGS, *_paths(tree)]).stdout != ""


def test_html_escapes_input(tmp_path):
    (tmp_path / "x.txt").write_text("<script>alert(1)</script> Western international locations & co.\n")
    page = run(["report", *MAP_ARGS, str(tmp_path / "x.txt")]).stdout
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page


def test_html_renders_in_chromium(tree, tmp_path):
    chromium = next((c for c in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if Path(c).exists()), None)
    if chromium is None:
        pytest.skip("no headless Chromium at /usr/bin/chromium")
    page = tmp_path / "r.html"
    run(["report", *MAP_ARGS, "-o", str(page), *_paths(tree)])
    shot = tmp_path / "shot.png"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", f"--screenshot={shot}",
                    "--window-size=1200,900", page.as_uri()], capture_output=True, timeout=60)
    assert shot.exists() and shot.stat().st_size > 5000
    dom = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=60).stdout
    assert dom.count("<del") == 10 and "textmend report" in dom


def test_docs_describe_every_format():
    from textmend.output.formats import FORMATS

    text = (REPO / "docs" / "output-formats.md").read_text()
    headings = [line for line in text.splitlines() if line.startswith("### ")]
    for fmt in FORMATS:
        assert any(f"`{fmt}`" in h for h in headings), fmt


def test_fast_json_line_is_byte_for_byte_the_json_object():
    """formats.json_line builds the line as text for speed; it must equal json.dumps of Result.to_json."""
    from textmend import Config, check, repair
    from textmend.output.json_lines import json_line
    from textmend.output.report import to_json_line

    from .conftest import MINI

    cfg = Config(map_files=(MINI,), builtin_maps=False)
    texts = ["", "One. Two.", SPUN, SPUN * 3 + CLEAN, AMBIGUOUS, "Café “crimes in opposition to humanity”. Ünd.",
             "no end punctuation\n\nsecond paragraph", "One. Two! " * 3000 + SPUN]  # the last: > one chunk
    for text in texts:
        for res in (repair(text, cfg), check(text, cfg), repair(text, cfg, assume_spun=True)):
            for path in ("a.txt", None, 'we"ird\\path.txt', "ünï\x01\u2028.txt"):
                assert json_line(res, path) == to_json_line(res, path)
                assert json_line(res, path, 1) == to_json_line(res, path, 1)
            _ = res.sentences  # also from an already segmented Result
            assert json_line(res, "a.txt") == to_json_line(res, "a.txt")


def test_a_big_input_s_json_line_is_streamed_by_the_parent_and_is_the_same_line(tmp_path, monkeypatch):
    """Past ``RENDER_LIMIT`` the worker does not render the line (it would be held whole, twice); the
    formatter writes it in pieces. The bytes are the same either way."""
    from textmend.cli import batch

    (tmp_path / "a.txt").write_text("Fine. " * 50 + SPUN, encoding="utf-8")
    whole = run(["check", "--format", "json", "-j", "1", "a.txt"], cwd=tmp_path)
    monkeypatch.setattr(batch, "RENDER_LIMIT", 10)
    calls: list[int] = []
    real = batch.json_line
    monkeypatch.setattr(batch, "json_line", lambda *a, **k: calls.append(1) or real(*a, **k))
    streamed = run(["check", "--format", "json", "-j", "1", "a.txt"], cwd=tmp_path)
    assert calls == [] and streamed.exit_code == whole.exit_code == 1
    assert streamed.stdout == whole.stdout and json.loads(streamed.stdout)["edits"]
