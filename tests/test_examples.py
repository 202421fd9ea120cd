"""The shipped example's repaired text and diff are pinned, and the diff applies with patch and git."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import textmend

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ARTICLES = sorted(EXAMPLES.glob("*/article.txt"))


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.parent.name)
def test_example_output_is_pinned(article):
    result = textmend.repair(article.read_text(encoding="utf-8"))
    assert result.text == (article.parent / "article.fixed.txt").read_text(encoding="utf-8")
    assert result.diff(f"examples/{article.parent.name}/article.txt") == \
        (article.parent / "article.diff").read_text(encoding="utf-8")


@pytest.mark.parametrize("tool", ["patch", "git"])
def test_example_diff_applies(tool, tmp_path):
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed")
    article = ARTICLES[0]
    rel = f"examples/{article.parent.name}/article.txt"
    (tmp_path / rel).parent.mkdir(parents=True)
    shutil.copyfile(article, tmp_path / rel)
    diff = (article.parent / "article.diff").read_bytes()
    cmd = ["patch", "-p1"] if tool == "patch" else ["git", "apply", "-"]
    if tool == "git":
        subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(cmd, input=diff, cwd=tmp_path, check=True, capture_output=True)
    assert (tmp_path / rel).read_text(encoding="utf-8") == \
        (article.parent / "article.fixed.txt").read_text(encoding="utf-8")
