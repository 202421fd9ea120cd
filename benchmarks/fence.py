#!/usr/bin/env python3
"""A Markdown file that is one huge code fence full of fingerprints: protected text must cost one scan.

Why: before protected spans were skipped by the matcher, every fingerprint inside a fence was matched,
widened into a second pass and suppressed one by one (13 MB: 75 s and 792 MB). Builds the file in a temp
folder (``--lines`` lines, two fingerprints each, plus the same size of plain fence for comparison), runs
``textmend check`` on each in a child process on one core, and prints CPU seconds and peak RSS.

    python benchmarks/fence.py [--lines 200000] [--repeat 2]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from child import check_child  # this folder: the benchmarks' shared child runner

LINE = 'x = "international locations"  # crimes in opposition to humanity'
PLAIN = 'x = "the list of locations here"  # a plain comment about the code'


def build(folder: Path, lines: int) -> tuple[Path, Path]:
    """(fence of fingerprints, fence of plain code of the same size)."""
    out = []
    for name, line in (("fingerprints.md", LINE), ("plain.md", PLAIN)):
        p = folder / name
        p.write_text("# Doc\n\nSome text.\n\n```\n" + "\n".join([line] * lines) + "\n```\n\nEnd.\n",
                     encoding="utf-8")
        out.append(p)
    return out[0], out[1]


def run(path: Path, cache: Path) -> tuple[float, float, int]:
    """CPU seconds, peak RSS (MB) and exit code of one ``textmend check`` child."""
    cpu, rss, status, _, _ = check_child(path, cache, "-j", "1")
    return cpu, rss, status


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=200_000, help="lines in each fence (default 200,000)")
    ap.add_argument("--repeat", type=int, default=2, help="runs of each file; the best is shown")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="textmend-fence-") as d:
        folder = Path(d)
        cache = folder / "cache"
        fingerprints, plain = build(folder, a.lines)
        run(plain, cache)  # builds the index cache, as a user's first run does
        for path in (plain, fingerprints):
            best = min(run(path, cache) for _ in range(a.repeat))
            if best[2] not in (0, 1):
                raise SystemExit(f"fence: textmend failed on {path.name} ({best[2]})")
            size = path.stat().st_size / 1e6
            print(f"{path.name:<16} {size:5.1f} MB   {best[0]:6.2f} s CPU   {best[1]:6.0f} MB peak RSS   "
                  f"exit {best[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
