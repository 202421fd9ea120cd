"""Big trees: 2,000 generated files of every kind scanned with -j 2; bad files reported by path; good files
identical to single-file runs; fix -w changes only spun files, byte for byte outside the edits; SIGKILL
mid-run leaves every file original or fully fixed.

Unreadable files: tests run as root, where ``chmod 000`` does not stop reads; the chmod-000 file counts as bad
only when it really cannot be read (non-root runs) and as a good file otherwise. Dangling symlinks in the tree
are warnings (as in git), neither scanned nor errors.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from textmend.config import Config
from textmend.engine.markup import kind_for_path
from textmend.engine.pipeline import analyse
from textmend.output.report import to_json_line

from .cli_support import CLEAN, MAP_ARGS, MINI, SPUN, run, run_proc

N = 2000
BIG = 5_000_000
MD_SPUN = "# Notes\n\n" + SPUN + "\n```\ninternational locations in code\n```\n"
HTML_SPUN = f"<html><body><p title='international locations'>{SPUN}</p></body></html>\n"
MD_CODE_ONLY = "Plain words here.\n\n    international locations indented code\n\n`excessive commissioner`\n"


def _content(i: int) -> tuple[str, bytes]:
    """(relative name, bytes) of generated file number ``i``."""
    d = f"d{i % 20:02}"
    k, k20 = i % 10, i % 20
    if k20 == 7:
        return f"{d}/f{i}.txt", ("Caf\xe9 " + CLEAN).encode("latin-1")
    if k20 == 8:
        return f"{d}/f{i}.txt", b"\x00\x01PK\x03\x04" + bytes(range(256))
    if k20 == 17:
        return f"{d}/f{i}.html", f"<p class='x'>{CLEAN}</p>\n".encode()
    if k20 == 18:
        return f"{d}/f{i}.txt", b""
    if k20 == 9:
        return f"{d}/f{i}.md", MD_CODE_ONLY.encode()
    if k20 == 19:
        return f"{d}/f{i}.html", HTML_SPUN.encode()
    if k in (0, 1, 2):
        return f"{d}/f{i}.txt", f"Document {i}. {CLEAN}".encode()
    if k == 3:
        return f"{d}/f{i}.txt", f"Document {i}. {SPUN}".encode()
    if k == 4:
        return f"{d}/f{i}.txt", f"Document {i}.\r\n{SPUN}{CLEAN}".replace("\n", "\r\n").replace("\r\r", "\r").encode()
    if k == 5:
        return f"{d}/f{i}.txt", ("\ufeff" + f"Document {i}. {SPUN}").encode()
    return f"{d}/f{i}.md", MD_SPUN.encode()


def _cfg(path: str) -> Config:
    return Config(map_files=(MINI,), builtin_maps=False, markup=kind_for_path(path))


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    root = tmp_path_factory.mktemp("tree")
    originals: dict[str, bytes] = {}
    for i in range(N):
        rel, data = _content(i)
        p = root / rel
        p.parent.mkdir(exist_ok=True)
        p.write_bytes(data)
        originals[rel] = data
    chunk = (CLEAN * (BIG // len(CLEAN) + 1))[:BIG]
    big = chunk[: BIG // 2] + SPUN + chunk[BIG // 2 :]
    (root / "big.txt").write_text(big)
    originals["big.txt"] = big.encode()
    bad = {rel for rel, data in originals.items() if b"\x00" in data or b"\xe9" in data}
    for n in range(3):
        os.symlink(root / f"missing{n}", root / f"d0{n}" / f"dangling{n}.txt")  # a warning, not an input
    locked = root / "d05" / "locked.txt"
    locked.write_text(SPUN)
    os.chmod(locked, 0)
    try:
        originals["d05/locked.txt"] = locked.read_bytes()  # root: readable, so a good file
    except PermissionError:
        bad.add("d05/locked.txt")
    (root / "d06" / "folder.txt").mkdir()  # a directory named like a file: walked into, nothing to scan
    good = sorted(rel for rel in originals if rel not in bad)
    return root, originals, bad, good


def _expected_line(root: Path, rel: str, originals) -> str:
    path = str(root / rel)
    text = originals[rel].decode("utf-8")
    return to_json_line(analyse(text, _cfg(path), repair=False), path)


def test_tree_check_parallel(tree):
    root, originals, bad, good = tree
    r = run_proc(["check", *MAP_ARGS, "-j", "2", "--output-format", "json", str(root)], timeout=300)
    stderr = r.stderr.decode()
    assert r.returncode == 2, stderr[-2000:]
    assert "Traceback" not in stderr
    for rel in bad:
        assert f"error: {root / rel}:" in stderr, rel
    assert stderr.count("error: ") == len(bad)
    warnings = [line for line in stderr.splitlines() if line.startswith("warning: ")]
    assert warnings == [f"warning: {root / f'd0{n}' / f'dangling{n}.txt'}: broken symbolic link (missing target "
                        "or a loop), skipped" for n in range(3)]
    lines = r.stdout.decode().splitlines()
    got_paths = [json.loads(line)["path"] for line in lines]
    assert got_paths == sorted(got_paths) and sorted(os.path.relpath(p, root) for p in got_paths) == good
    for line, path in zip(lines, got_paths):
        assert line == _expected_line(root, os.path.relpath(path, root), originals), path
    spun = sum(json.loads(line)["spun"] for line in lines)
    assert f"{len(good)} file(s) scanned, {spun} spun" in stderr


def test_tree_single_file_runs_match(tree):
    root, originals, _bad, good = tree
    for rel in [good[0], "d03/f3.txt", "d04/f4.txt", "d05/f5.txt", "d06/f6.md", "d19/f19.html"]:
        r = run(["check", *MAP_ARGS, "-j", "1", "--output-format", "json", str(root / rel)])
        assert r.stdout == _expected_line(root, rel, originals) + "\n", rel


def _apply(text: str, edits: list[dict]) -> str:
    for e in sorted((e for e in edits if e["applied"]), key=lambda e: -e["start"]):
        assert text[e["start"]:e["end"]] == e["original"]
        text = text[: e["start"]] + e["replacement"] + text[e["end"]:]
    return text


def test_tree_fix_write_changes_only_spun_files(tree, tmp_path):
    root, originals, bad, good = tree
    work = tmp_path / "w"
    shutil.copytree(root, work, symlinks=True)
    r = run_proc(["fix", *MAP_ARGS, "-j", "2", "-w", str(work)], timeout=300)
    assert r.returncode == 2 and "Traceback" not in r.stderr.decode()
    changed = 0
    for rel in good:
        text = originals[rel].decode("utf-8")
        res = analyse(text, _cfg(str(work / rel)), repair=False)
        expected = _apply(text, [e.to_json(1) for e in res.edits]).encode("utf-8")
        now = (work / rel).read_bytes()
        if res.edits and any(e.safe for e in res.edits):
            changed += 1
            assert now == expected, rel
            assert now != originals[rel]
        else:
            assert now == originals[rel], rel
    for rel in bad:
        if not os.path.islink(work / rel):
            assert (work / rel).read_bytes() == originals[rel]
    assert changed > 800  # every spun file (4 of 10 kinds, plus html) was repaired
    assert not list(work.rglob("*.textmend"))
    assert (work / "d04" / "f4.txt").read_bytes().count(b"\r\n") == originals["d04/f4.txt"].count(b"\r\n")
    assert (work / "d05" / "f5.txt").read_bytes().startswith(b"\xef\xbb\xbf")


def test_fix_interrupted_by_sigkill_leaves_files_whole(tmp_path):
    doc = (SPUN + CLEAN * 5) * 60  # ~30 kB, 300 edits: slow enough to be caught mid-run
    expected = analyse(doc, _cfg("x.txt")).text
    assert expected != doc
    paths = []
    for i in range(60):
        p = tmp_path / f"f{i:02}.txt"
        p.write_text(doc)
        paths.append(p)
    proc = subprocess.Popen([sys.executable, "-m", "textmend", "fix", *MAP_ARGS, "-j", "1", "-q", "-w",
                             str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            done = sum(1 for p in paths if p.stat().st_size != len(doc.encode()))
            if done >= 3 or proc.poll() is not None:
                break
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    if proc.returncode != -signal.SIGKILL:
        pytest.skip("the run finished before it could be killed")
    states = {"original": 0, "fixed": 0}
    for p in paths:
        now = p.read_text()
        assert now in (doc, expected), p.name
        states["original" if now == doc else "fixed"] += 1
    assert states["fixed"] >= 3 and states["original"] >= 1, states
    leftovers = list(tmp_path.glob(".*.textmend"))
    assert len(leftovers) <= 1  # at most the one temp file being written when the kill came
