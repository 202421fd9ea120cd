"""Time ``textmend --help`` as a user sees it (whole process). Target: under 0.5 s.

Why: a CLI that takes a second to print its help feels broken, and the same start-up cost is paid by every
pre-commit run on a handful of files. Heavy imports belong inside the commands.

    python benchmarks/help_time.py [--repeat 5]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET = 0.5


def command() -> list[str]:
    local = Path(sys.executable).parent / "textmend"
    if local.exists():
        return [str(local), "--help"]
    found = shutil.which("textmend")
    return [found, "--help"] if found else [sys.executable, "-m", "textmend", "--help"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    cmd = command()
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            print(f"{' '.join(cmd)} failed: {proc.stderr[-500:]}", file=sys.stderr)
            return 2
    best, median = min(times), statistics.median(times)
    verdict = "ok" if best < TARGET else "over target"
    print(f"{' '.join(cmd)}: best {best:.3f} s, median {median:.3f} s of {args.repeat} "
          f"(target < {TARGET} s: {verdict})")
    return 0 if best < TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
