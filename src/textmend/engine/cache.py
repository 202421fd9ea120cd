"""A disk cache of compiled indexes, so each process (and each -j worker) skips parsing and compiling.

The key covers everything the index is built from: textmend's version and index-shaping source files, the
options, and the size and mtime of every map file. A stale, unreadable or foreign cache file is ignored and
rebuilt; a cache folder that cannot be written is skipped. ``TEXTMEND_CACHE_DIR=off`` disables it.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
#: Cache files kept; older ones (other map versions, other configurations) are removed on write.
KEEP = 24
_SHAPING = ("engine/index.py", "knowledge/inflect.py", "knowledge/phrasemap.py", "normalize.py",
            "knowledge/rules.py", "model.py", "engine/cache.py", "engine/evidence.py")


def cache_dir() -> Path | None:
    env = os.environ.get("TEXTMEND_CACHE_DIR")
    if env is not None:
        return None if env.strip().lower() in ("", "off", "0", "none") else Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "textmend"


def _stamp(path: Path) -> str:
    try:
        st = path.stat()
    except OSError:
        return f"{path}:missing"
    return f"{path}:{st.st_size}:{st.st_mtime_ns}"


def cache_key(files: list[Path], options: tuple[object, ...]) -> str:
    from .._version import __version__

    here = Path(__file__).resolve().parents[1]  # the package
    parts = [__version__, sys.version, repr(options)]
    parts += [_stamp(here / name) for name in _SHAPING]
    parts += [_stamp(p) for p in sorted(files)]
    # (surrogatepass: a map's path may hold bytes that are not UTF-8, which Python keeps as surrogates)
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def cached(key: str, build: Callable[[], T]) -> T:
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"index-{key}.pickle"
    try:
        with open(path, "rb") as fh:
            value: T = pickle.load(fh)
            return value
    except Exception:  # missing, truncated, or from another version: rebuild
        pass
    value = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=str(folder), suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        _prune(folder)
    except OSError:
        pass
    return value


def _prune(folder: Path) -> None:
    files = sorted(folder.glob("index-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP:]:
        try:
            old.unlink()
        except OSError:
            pass
