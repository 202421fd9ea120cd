"""Ctrl-C (or TERM, or KILL) during ``textmend fix -w DIR -j 2`` on 200 spun files, N times.

Why: an interrupted rewrite must stop promptly, leave no worker process and no temp file behind, leave every
file either original or fully fixed, and exit 130 (143 for TERM). Each trial starts a real process in its
own process group, waits until it has written a first file (so the workers are busy), sends the signal to
the whole group as a terminal does, and checks all of that.

    python benchmarks/interrupt_trials.py [--trials 20] [--signal INT|TERM|KILL] [--files 200]
"""
from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.proc_support import make_files, run_trial  # noqa: E402

ARTICLE = ROOT / "examples" / "seed" / "article.txt"


def expected_fix(text: str, args: list[str]) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "one.txt"
        p.write_text(text, encoding="utf-8")
        subprocess.run([sys.executable, "-m", "textmend", "fix", "-w", "-q", *args, str(p)], check=False)
        return p.read_text(encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--trials", type=int, default=20)
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--signal", default="INT", choices=["INT", "TERM", "KILL"])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--after", type=int, default=1, help="Signal once this many files are written.")
    args = ap.parse_args()
    sig = getattr(signal, f"SIG{args.signal}")
    original = ARTICLE.read_text(encoding="utf-8")
    cli_args = ["-j", str(args.jobs), "--isolated"]
    fixed = expected_fix(original, cli_args)
    assert fixed != original
    trials = []
    for i in range(args.trials):
        with tempfile.TemporaryDirectory(prefix="textmend-int-") as tmp:
            make_files(Path(tmp), args.files, original)
            t = run_trial(Path(tmp), original, fixed, sig, cli_args, after=args.after)
            trials.append(t)
            print(f"trial {i + 1:2d}: exit {t.exit_code}, stopped in {t.stop_seconds:.3f} s, {t.workers} children, "
                  f"{len(t.left)} left, {len(t.temps)} temp files, {t.written} fixed, "
                  f"{args.files - t.written - len(t.bad)} original, {len(t.bad)} broken{', HUNG' if t.hung else ''}",
                  flush=True)
    stops = sorted(t.stop_seconds for t in trials)
    expect = 128 + sig if sig != signal.SIGKILL else -signal.SIGKILL
    print(f"\n{len(trials)} trials, SIG{args.signal}: exit {expect} in {sum(t.exit_code == expect for t in trials)}; "
          f"hung {sum(t.hung for t in trials)}; workers left {sum(len(t.left) for t in trials)}; "
          f"temp files {sum(len(t.temps) for t in trials)}; broken files {sum(len(t.bad) for t in trials)}; "
          f"stop time median {stops[len(stops) // 2]:.3f} s, max {stops[-1]:.3f} s")


if __name__ == "__main__":
    main()
