"""pre-commit: .pre-commit-hooks.yaml declares textmend-check and textmend-fix; their entry points behave
as hooks (fail on findings / rewrite files) on the files pre-commit would pass them."""
from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .cli_support import CLEAN, MINI, SPUN, SPUN_FIXED

REPO = Path(__file__).resolve().parents[1]
HOOKS_FILE = REPO / ".pre-commit-hooks.yaml"


def _load_hooks() -> list[dict]:
    """The hooks file as data (PyYAML when installed; else a reader for its flat 'key: value' lists)."""
    text = HOOKS_FILE.read_text()
    try:
        import yaml
    except ImportError:
        hooks: list[dict] = []
        for line in text.splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            m = re.match(r"^(- |  )(\w+): (.*)$", line)
            assert m, f"unexpected line in hooks file: {line!r}"
            if m.group(1) == "- ":
                hooks.append({})
            value = m.group(3).strip()
            if value.startswith("[") and value.endswith("]"):
                value = [v.strip() for v in value[1:-1].split(",")]
            hooks[-1][m.group(2)] = value
        return hooks
    return yaml.safe_load(text)


@pytest.fixture
def project(tmp_path):
    (tmp_path / "textmend.toml").write_text(f'builtin-maps = false\nextra-maps = ["{MINI}"]\n')
    (tmp_path / "spun.md").write_text(SPUN)
    (tmp_path / "clean.txt").write_text(CLEAN)
    (tmp_path / "code.py").write_text("x = 'international locations'\n")
    return tmp_path


def _hook(hid: str) -> dict:
    hooks = {h["id"]: h for h in _load_hooks()}
    assert set(hooks) == {"textmend-check", "textmend-fix"}
    return hooks[hid]


def _run_hook(hook: dict, files: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run the hook's entry as pre-commit would: entry + args + the matching file names."""
    pattern = re.compile(hook["files"])
    chosen = [f for f in files if pattern.search(f)]
    argv = shlex.split(hook["entry"])
    assert argv[0] == "textmend"
    return subprocess.run([sys.executable, "-m", "textmend", *argv[1:], *hook.get("args", []), *chosen],
                          cwd=cwd, capture_output=True, text=True, timeout=60)


def test_hooks_declared():
    for hid in ("textmend-check", "textmend-fix"):
        h = _hook(hid)
        assert h["language"] == "python" and h["entry"].startswith("textmend ")
        assert re.search(h["files"], "a.md") and re.search(h["files"], "a.html") and re.search(h["files"], "a.txt")
        assert not re.search(h["files"], "a.py")


def test_check_hook_fails_on_spun_and_passes_clean(project):
    h = _hook("textmend-check")
    r = _run_hook(h, ["spun.md", "clean.txt", "code.py"], project)
    assert r.returncode == 1 and "spun.md:1:9:" in r.stdout
    assert (project / "spun.md").read_text() == SPUN
    assert _run_hook(h, ["clean.txt", "code.py"], project).returncode == 0


def test_fix_hook_rewrites_files(project):
    r = _run_hook(_hook("textmend-fix"), ["spun.md", "clean.txt", "code.py"], project)
    assert r.returncode == 0, r.stderr
    assert (project / "spun.md").read_text() == SPUN_FIXED
    assert (project / "clean.txt").read_text() == CLEAN
    assert (project / "code.py").read_text() == "x = 'international locations'\n"


def test_pre_commit_try_repo(project):
    exe = shutil.which("pre-commit")
    if exe is None or shutil.which("git") is None:
        pytest.skip("pre-commit (or git) is not installed")
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run(["git", "add", "-A"], cwd=project, check=True)
    r = subprocess.run([exe, "try-repo", str(REPO), "textmend-check", "--all-files"], cwd=project,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 1 and "spun.md" in r.stdout
