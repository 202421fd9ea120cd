"""Inputs: directories, include/exclude globs, .gitignore (with git and without), bad files, PPS CSV maps."""
from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from textmend.exitcodes import ExitCode
from textmend.io import inputs
from textmend.io.inputs import Patterns, discover, matches

from .cli_support import CLEAN, FIXTURES, MAP_ARGS, SPUN, run


def _layout(root):
    files = {"a.txt": SPUN, "b.md": CLEAN, "sub/c.txt": SPUN, "sub/deep/d.html": CLEAN, "sub/e.py": "x = 1\n",
             "build/out.txt": SPUN, "notes.log": SPUN, "sub/keep.log": CLEAN, ".git/x.txt": SPUN,
             "node_modules/m.txt": SPUN}
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    (root / ".gitignore").write_text("build/\n*.log\n!keep.log\n")
    return root


def _rels(root, found):
    return [os.path.relpath(p, root).replace(os.sep, "/") for p in found.files]


def test_glob_matching():
    assert matches("sub/deep/x.md", ["*.md"]) and matches("sub/deep/x.md", ["deep"])
    assert matches("sub/deep/x.md", ["sub/*"]) and matches("sub/deep/x.md", ["sub/deep"])
    assert not matches("sub/deep/x.md", ["*.txt"]) and not matches("subx/y.txt", ["sub"])


def test_walk_without_git_honours_gitignore(tmp_path, monkeypatch):
    root = _layout(tmp_path)
    monkeypatch.setattr(inputs, "_git_files", lambda r: None)
    found = discover([str(root)], lambda a: Patterns())
    assert _rels(root, found) == ["a.txt", "b.md", "sub/c.txt", "sub/deep/d.html"]
    found = discover([str(root)], lambda a: Patterns(include=("*.txt", "*.log")))
    assert _rels(root, found) == ["a.txt", "sub/c.txt", "sub/keep.log"]  # !keep.log re-includes
    found = discover([str(root)], lambda a: Patterns(gitignore=False))
    assert "build/out.txt" in _rels(root, found) and ".git/x.txt" not in _rels(root, found)


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_walk_in_git_work_tree_uses_git(tmp_path, monkeypatch):
    root = _layout(tmp_path)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    (root / "sub" / ".gitignore").write_text("deep/\n")
    calls = []
    real = inputs._git_files
    monkeypatch.setattr(inputs, "_git_files", lambda r: calls.append(r) or real(r))
    found = discover([str(root)], lambda a: Patterns())
    assert calls and _rels(root, found) == ["a.txt", "b.md", "sub/c.txt"]
    # a subdirectory of the work tree
    found = discover([str(root / "sub")], lambda a: Patterns())
    assert _rels(root, found) == ["sub/c.txt"]


def test_explicit_files_scanned_even_if_ignored_but_excluded_when_asked(tmp_path):
    root = _layout(tmp_path)
    found = discover([str(root / "build" / "out.txt"), str(root / "sub" / "e.py")], lambda a: Patterns())
    assert _rels(root, found) == ["build/out.txt", "sub/e.py"]
    found = discover([str(root / "build" / "out.txt")], lambda a: Patterns(exclude=("build",)))
    assert found.files == []


def test_order_and_dedup(tmp_path):
    root = _layout(tmp_path)
    found = discover([str(root / "sub" / "c.txt"), str(root), str(root / "a.txt")], lambda a: Patterns())
    assert _rels(root, found)[0] == "sub/c.txt" and len(found.files) == len(set(found.files)) == 4


def test_cli_include_exclude_and_no_gitignore(tmp_path):
    root = _layout(tmp_path)
    r = run(["check", *MAP_ARGS, "--format", "json", "--exclude", "sub", str(root)])
    assert [os.path.basename(json.loads(x)["path"]) for x in r.stdout.splitlines()] == ["a.txt", "b.md"]
    r = run(["check", *MAP_ARGS, "--format", "json", "--include", "*.txt", "--no-gitignore", str(root)])
    names = [os.path.relpath(json.loads(x)["path"], root) for x in r.stdout.splitlines()]
    assert "build/out.txt" in names and all(n.endswith(".txt") for n in names)


def test_missing_path_reported_and_others_processed(tmp_path):
    (tmp_path / "a.txt").write_text(SPUN)
    r = run(["check", *MAP_ARGS, str(tmp_path / "nope.txt"), str(tmp_path / "a.txt")])
    assert r.exit_code == ExitCode.ERROR
    assert f"error: {tmp_path / 'nope.txt'}: no such file or directory" in r.stderr
    assert r.stdout.count("mini/") == 5


def test_bad_files_reported_by_path(tmp_path):
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "latin.txt").write_bytes("caf\xe9".encode("latin-1"))
    os.symlink(tmp_path / "gone", tmp_path / "dangling.txt")
    (tmp_path / "dir.txt").mkdir()
    (tmp_path / "ok.txt").write_text(SPUN)
    r = run(["check", *MAP_ARGS, "--format", "json", str(tmp_path)])
    assert r.exit_code == ExitCode.ERROR
    for name in ("bin.txt", "latin.txt"):
        assert f"error: {tmp_path / name}:" in r.stderr, name
    assert f"warning: {tmp_path / 'dangling.txt'}: broken symbolic link" in r.stderr
    assert "binary file" in r.stderr and "cannot decode as utf-8" in r.stderr
    assert [json.loads(x)["path"] for x in r.stdout.splitlines()] == [str(tmp_path / "ok.txt")]
    assert "1 file(s) scanned" in r.stderr and "2 error(s)" in r.stderr


def test_broken_links_in_a_walked_folder_are_warnings(tmp_path):
    """As git does: a dangling symlink (or a link loop) in a tree is reported, and the run does not fail."""
    (tmp_path / "ok.txt").write_text(SPUN)
    os.symlink(tmp_path / "gone", tmp_path / "dangling.txt")
    os.symlink(tmp_path / "loop.txt", tmp_path / "loop.txt")
    os.symlink(tmp_path / "gone", tmp_path / "ignored.bin")  # not an input: no word about it
    r = run(["check", *MAP_ARGS, str(tmp_path)])
    assert r.exit_code == ExitCode.FINDINGS, r.stderr
    warnings = [line for line in r.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [f"warning: {tmp_path / 'dangling.txt'}: broken symbolic link (missing target or a loop), "
                        "skipped", f"warning: {tmp_path / 'loop.txt'}: broken symbolic link (missing target or a "
                        "loop), skipped"]
    assert "error" not in r.stderr
    # named on the command line, the same link is an error
    r = run(["check", *MAP_ARGS, str(tmp_path / "dangling.txt")])
    assert r.exit_code == ExitCode.ERROR and f"error: {tmp_path / 'dangling.txt'}:" in r.stderr


# --- Problematic Paper Screener CSV ----------------------------------------------------------------
PPS = str(FIXTURES / "pps_export.csv")


def test_pps_csv_map_applies_clean_rows(tmp_path):
    p = tmp_path / "paper.txt"
    p.write_text("We used profound learning and an irregular woodland classifier.\n")
    r = run(["fix", "--isolated", "--no-builtin-maps", "--map", PPS, str(p)])
    assert r.stdout == "We used deep learning and a random forest classifier.\n"  # a/an follows the word
    assert r.exit_code == 0


def test_pps_csv_skipped_rows_reported(tmp_path):
    p = tmp_path / "paper.txt"
    p.write_text("Nothing here.\n")
    r = run(["check", "--isolated", "--no-builtin-maps", "--map", PPS, str(p)])
    assert f"{PPS}: 6 row(s) skipped (-v lists them)" in r.stderr
    r = run(["check", "-v", "--isolated", "--no-builtin-maps", "--map", PPS, str(p)])
    listed = [line for line in r.stderr.splitlines() if line.startswith(f"  {PPS}: skipped")]
    assert len(listed) == 6
    text = "\n".join(listed)
    for what in ("line 5: combined fingerprint", "line 7: combined fingerprint", "line 8: combined fingerprint",
                 "line 9: not a clean phrase pair", "line 10: duplicate", "line 11: not a clean phrase pair"):
        assert what in text, what
