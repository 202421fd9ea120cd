"""Inputs: turn the paths on the command line into an ordered list of files to scan.

Directories are walked recursively, honouring ``.gitignore`` (through git when it is there, so the rules are
git's own; a small reader of ``.gitignore`` files otherwise) and include/exclude globs. Explicitly named files
are always scanned unless excluded: a pre-commit hook names them one by one. The order is deterministic:
arguments in the order given, each directory's files sorted.
"""
from __future__ import annotations

import fnmatch
import os
import shutil
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..config import DEFAULT_INCLUDE

__all__ = ["DEFAULT_INCLUDE", "Discovery", "Patterns", "discover", "matches"]
#: Folders never walked into, gitignored or not.
SKIP_DIRS = frozenset({".git", ".hg", ".svn", ".tox", ".nox", ".venv", "__pycache__", "node_modules"})


@dataclass(frozen=True)
class Patterns:
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    gitignore: bool = True


@dataclass
class Discovery:
    files: list[str]
    errors: list[str]  # one message per argument that names nothing
    #: Broken symbolic links met in a walked folder: reported, as git does, without failing the run.
    warnings: list[str] = field(default_factory=list)


def matches(rel: str, patterns: Iterable[str]) -> bool:
    """Glob match on a ``/``-separated relative path: patterns with a ``/`` match the path (or a folder
    prefix of it), others match the file name or any folder name."""
    rel = rel.replace(os.sep, "/")
    while rel.startswith("./"):
        rel = rel[2:]
    parts = rel.split("/")
    for pat in patterns:
        pat = pat.rstrip("/")
        if "/" in pat:
            pat = pat.lstrip("/")
            if fnmatch.fnmatch(rel, pat) or any(fnmatch.fnmatch("/".join(parts[:i]), pat)
                                                for i in range(1, len(parts))):
                return True
        elif any(fnmatch.fnmatch(part, pat) for part in parts):
            return True
    return False


def discover(paths: Iterable[str], patterns_for: Callable[[str], Patterns]) -> Discovery:
    """Files to scan, in order, without duplicates; ``patterns_for(path)`` gives the globs for an argument."""
    files: list[str] = []
    errors: list[str] = []
    warnings: list[str] = []
    seen: set[str] = set()

    def add(p: str, key: str | None = None) -> None:
        key = key or (os.path.normpath(os.path.abspath(p)) if p != "-" else "-")
        if key not in seen:
            seen.add(key)
            files.append(p)

    for arg in paths:
        if arg == "-":
            add(arg)
            continue
        if not os.path.lexists(arg):
            errors.append(f"{arg}: no such file or directory")
            continue
        pats = patterns_for(arg)
        if os.path.isdir(arg):
            base = os.path.normpath(os.path.abspath(arg))  # once per folder, not per file
            for rel in _walk(arg, pats.gitignore):
                if matches(rel, pats.include) and not matches(rel, pats.exclude):
                    full = os.path.join(arg, rel)
                    if os.path.islink(full) and not os.path.exists(full):
                        warnings.append(f"{full}: broken symbolic link (missing target or a loop), skipped")
                    else:
                        add(full, os.path.join(base, os.path.normpath(rel)))
        elif not matches(os.path.normpath(arg), pats.exclude):
            add(arg)  # named on the command line: a broken link is an error when it is read
    return Discovery(files, errors, warnings)


def _walk(root: str, gitignore: bool) -> list[str]:
    """Relative paths of the files (and dangling links) below ``root``, sorted."""
    listed = _git_files(root) if gitignore else None
    if listed is None:  # os.walk lists files (and links) apart from folders: no stat per file needed
        return sorted(set(_walk_fs(root, gitignore)))
    keep = []
    for rel in listed:
        if any(part in SKIP_DIRS for part in rel.split("/")[:-1]):
            continue
        full = os.path.join(root, rel)
        if os.path.islink(full) or not os.path.isdir(full):  # git lists submodules as paths too
            keep.append(rel)
    return sorted(set(keep))


def _git_files(root: str) -> list[str] | None:
    """Files git would track under ``root`` (cached + untracked, minus ignored); None outside a work tree."""
    git = shutil.which("git")
    if git is None:
        return None
    try:
        inside = subprocess.run([git, "-C", root, "rev-parse", "--is-inside-work-tree"], capture_output=True,
                                text=True, timeout=30)
        if inside.returncode != 0 or inside.stdout.strip() != "true":
            return None
        out = subprocess.run([git, "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             capture_output=True, timeout=300, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    names = [n for n in out.decode("utf-8", "surrogateescape").split("\0") if n]
    return [n for n in names if os.path.lexists(os.path.join(root, n))]


def _walk_fs(root: str, gitignore: bool) -> list[str]:
    """The fallback without git: walk the tree, applying each folder's ``.gitignore`` below ``root``."""
    out: list[str] = []
    rules: dict[str, list[tuple[str, str, bool, bool]]] = {}  # dir -> (base, pattern, negate, dir_only)
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root).replace(os.sep, "/")
        rel_dir = "" if rel_dir == "." else rel_dir
        inherited = rules.get(os.path.dirname(dirpath.rstrip(os.sep)), []) if rel_dir else []
        mine = list(inherited)
        if gitignore:
            mine += _read_gitignore(os.path.join(dirpath, ".gitignore"), rel_dir)
        rules[dirpath.rstrip(os.sep)] = mine
        kept_dirs = []
        for d in sorted(dirnames):
            rel = f"{rel_dir}/{d}" if rel_dir else d
            if d in SKIP_DIRS or _ignored(rel, True, mine):
                continue
            kept_dirs.append(d)
        dirnames[:] = kept_dirs
        for f in filenames:
            rel = f"{rel_dir}/{f}" if rel_dir else f
            if not _ignored(rel, False, mine):
                out.append(rel)
    return out


def _read_gitignore(path: str, base: str) -> list[tuple[str, str, bool, bool]]:
    try:
        lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    rules = []
    for line in lines:
        line = line.rstrip()
        if not line or line.startswith("#"):
            continue
        negate = line.startswith("!")
        line = line[1:] if negate else line
        dir_only = line.endswith("/")
        rules.append((base, line.rstrip("/"), negate, dir_only))
    return rules


def _ignored(rel: str, is_dir: bool, rules: list[tuple[str, str, bool, bool]]) -> bool:
    """gitignore semantics, simplified: the last matching rule wins; ``/`` in a pattern anchors it."""
    ignored = False
    for base, pat, negate, dir_only in rules:
        if dir_only and not is_dir:
            continue
        sub = rel[len(base) + 1 :] if base else rel
        if base and not rel.startswith(base + "/"):
            continue
        hit = fnmatch.fnmatch(sub, pat.lstrip("/")) if "/" in pat else fnmatch.fnmatch(sub.rsplit("/", 1)[-1], pat)
        if hit:
            ignored = not negate
    return ignored
