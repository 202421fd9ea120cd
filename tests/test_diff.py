"""Diffs for any line ending (issue 10, item 5): lines split only at "\\n", so every diff applies with
``git apply`` and ``patch -p1`` and gives the repaired text byte for byte; the word diff keeps whole words."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import textmend
from textmend import Config
from textmend.engine.diff import unified_diff
from textmend.output.report import word_diff

from .cli_support import MAP_ARGS, run
from .conftest import MINI

CFG = Config(map_files=(MINI,), builtin_maps=False, assume_spun=True)
#: Every character Python's str.splitlines() breaks at, plus CRLF; only "\n" ends a line for patch and git.
LINE_BREAKS = ["\n", "\r\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
SPUN_PHRASES = ["international locations", "crimes in opposition to humanity", "Excessive Commissioner",
                "coaching facility", "e-mail despatched"]
TOOLS = [t for t in ("git", "patch") if shutil.which(t)]
needs_tools = pytest.mark.skipif(len(TOOLS) < 2, reason="git and GNU patch are needed")


def apply(tool: str, before: str, diff: str) -> str:
    """Apply ``diff`` to a file ``f.txt`` holding ``before`` with a real tool; the file's text afterwards."""
    with tempfile.TemporaryDirectory() as d:
        target = Path(d) / "f.txt"
        target.write_bytes(before.encode("utf-8"))
        (Path(d) / "p.diff").write_bytes(diff.encode("utf-8"))
        cmd = (["git", "apply", "--whitespace=nowarn", "p.diff"] if tool == "git"
               else ["patch", "-p1", "--quiet", "--force", "-i", "p.diff"])
        r = subprocess.run(cmd, cwd=d, capture_output=True, timeout=60)
        assert r.returncode == 0, (tool, r.stdout, r.stderr, diff)
        return target.read_bytes().decode("utf-8")


@needs_tools
@pytest.mark.parametrize("brk", LINE_BREAKS, ids=[repr(b) for b in LINE_BREAKS])
def test_cli_diff_applies_for_every_line_break(tmp_path, brk):
    text = (f"Intro line{brk}Western international locations condemned it.{brk}middle{brk}\n"
            f"The crimes in opposition to humanity{brk}were named.\nlast line{brk}")
    p = tmp_path / "f.txt"
    p.write_bytes(text.encode("utf-8"))
    r = run(["fix", "--diff", *MAP_ARGS, "f.txt"], cwd=tmp_path)
    diff = r.stdout_bytes.decode("utf-8")  # (click's r.stdout turns "\r\n" into "\n")
    assert r.exit_code == 1 and diff.startswith("--- a/f.txt\n+++ b/f.txt\n")
    fixed = textmend.repair(text, CFG).text
    assert fixed != text
    for tool in TOOLS:
        assert apply(tool, text, diff) == fixed, tool


def test_lines_split_only_at_newline():
    diff = unified_diff("a\u2028b\x0cc\rd\r\ne\n", "a\u2028B\x0cc\rd\r\ne\n", "f.txt")
    # one changed line (everything up to the first "\n" after the change), not a line per break character
    assert diff.count("\n-") == 1 and diff.count("\n+a") == 1, diff
    assert "-a\u2028b\x0cc\rd\r\n" in diff


def test_no_newline_at_end_marker():
    diff = unified_diff("one\ntwo", "one\n2", "f.txt")
    assert diff.endswith("-two\n\\ No newline at end of file\n+2\n\\ No newline at end of file\n")


# A text: words, spun phrases and every line-break character, in any order.
PIECES = st.one_of(st.sampled_from(LINE_BREAKS), st.sampled_from(SPUN_PHRASES),
                   st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8),
                   st.sampled_from([" ", "word", ".", "\t", "\ufeff"]))
TEXT = st.lists(PIECES, max_size=30).map("".join)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@needs_tools
@SETTINGS
@given(TEXT)
@example("x\r")
@example("a\u2028b\rinternational locations\r")
@example("\r\ninternational locations")
def test_repair_diff_applies_with_git_and_patch(text):
    r = textmend.repair(text, CFG)
    diff = r.diff("f.txt")
    if r.text == text:
        assert diff == ""
        return
    for tool in TOOLS:
        assert apply(tool, text, diff) == r.text, tool


@needs_tools
@SETTINGS
@given(TEXT, st.lists(st.tuples(st.integers(0, 400), st.integers(0, 6), PIECES), max_size=4))
def test_any_change_diff_applies_with_git_and_patch(before, changes):
    """Not only repairs: any edit (inserted or deleted line breaks too) of any such text."""
    after = before
    for pos, length, piece in changes:
        pos = min(pos, len(after))
        after = after[:pos] + piece + after[pos + length:]
    diff = unified_diff(before, after, "f.txt")
    if before == after:
        assert diff == ""
        return
    for tool in TOOLS:
        assert apply(tool, before, diff) == after, tool


def test_word_diff_keeps_whole_words_of_context():
    text = ("Thisisaverylongwordthatmustnotbecut and another sentence here: Western international locations "
            "condemned the crimes, with more words following that go well beyond sixty characters of context.")
    r = textmend.repair(text, CFG)
    out = word_diff(text, r.edits, color=False, context=30)
    lines = out.splitlines()
    assert lines, out
    words = set(text.replace(":", " ").replace(",", " ").replace(".", " ").split())
    for line in lines:
        plain = line.replace("[-", " ").replace("-]", " ").replace("{+", " ").replace("+}", " ")
        for w in plain.replace(":", " ").replace(",", " ").replace(".", " ").split():
            assert w in words or w in ("countries",), (w, line)


def test_word_diff_context_stops_at_line_breaks():
    text = "first line\u2028Western international locations\fcondemned\rthe crimes\n"
    r = textmend.repair(text, CFG)
    out = word_diff(text, r.edits, color=False)
    assert out == "Western [-international locations-]{+countries+}\n", repr(out)


ODD_NAMES = ["x\udcff.txt", "tab\there.txt", 'quote".txt', "café.txt", "sp ace.txt"]


@needs_tools
@pytest.mark.parametrize("name", ODD_NAMES, ids=["not-utf8", "tab", "quote", "utf8", "space"])
def test_diff_of_a_file_with_an_odd_name_applies(tmp_path, name):
    """Names git must quote (bytes that are not UTF-8, control characters, quotes) are C-quoted in the
    headers, so ``git apply`` and ``patch -p1`` find the file."""
    raw = os.fsencode(name)
    text = "Western international locations met.\n"
    fixed = textmend.repair(text, CFG).text
    r = run(["fix", "--diff", *MAP_ARGS, name], cwd=_with_file(tmp_path, raw, text))
    assert r.exit_code == 1, r.stderr
    diff = r.stdout_bytes
    for tool in TOOLS:
        d = _with_file(tmp_path / tool, raw, text)
        (d / "p.diff").write_bytes(diff)
        cmd = ["git", "apply", "p.diff"] if tool == "git" else ["patch", "-p1", "--quiet", "-i", "p.diff"]
        res = subprocess.run(cmd, cwd=d, capture_output=True, timeout=60)
        assert res.returncode == 0, (tool, res.stderr, diff)
        assert (d / os.fsdecode(raw)).read_bytes() == fixed.encode(), tool


def _with_file(folder: Path, raw: bytes, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with open(os.path.join(os.fsencode(str(folder)), raw), "wb") as fh:
        fh.write(text.encode())
    return folder


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif", "html"])
def test_names_that_are_not_utf8_are_escaped_in_every_format(tmp_path, fmt):
    import json as _json

    (tmp_path / "x\udcff.txt").write_text("Western international locations met.\n")
    out = tmp_path / "out"
    r = run(["check", *MAP_ARGS, "--format", fmt, "-o", str(out), "x\udcff.txt"], cwd=tmp_path)
    assert r.exit_code == 1, r.stderr
    body = out.read_bytes().decode("utf-8")  # valid UTF-8 whatever the names
    if fmt == "json":
        assert os.fsencode(_json.loads(body)["path"]) == b"x\xff.txt"  # the escape reads back as the name
    elif fmt == "sarif":
        assert _json.loads(body)["runs"][0]["artifacts"][0]["location"]["uri"] == "x%FF.txt"
    else:
        assert "x\\udcff.txt" in body
