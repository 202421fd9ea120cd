"""Process inspection for the interrupt test and trials (Linux ``/proc``): children, liveness, temp files.

Shared with ``benchmarks/interrupt_trials.py``, which runs the same checks 20 times and reports
them: both judge "no worker left behind" the same way.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


def children(pid: int) -> list[int]:
    """Direct child processes of ``pid`` (all its threads), from ``/proc``."""
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return out


def alive(pid: int) -> bool:
    """Running (a zombie waiting to be reaped by init counts as gone: it holds no memory and runs nothing)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def temp_files(folder: str | os.PathLike[str]) -> list[str]:
    """Temp files ``write_atomic`` leaves if it is cut short (``.NAME.*.textmend``)."""
    return sorted(str(p) for p in Path(folder).rglob(".*.textmend"))


@dataclass
class Trial:
    exit_code: int | None
    stop_seconds: float  # from the signal to the process's exit
    workers: int  # child processes seen before the signal (workers, and git during discovery)
    left: list[int]  # worker processes still running afterwards
    temps: list[str]
    written: int  # files fully fixed
    bad: list[str]  # files neither original nor fully fixed
    hung: bool


def make_files(folder: Path, n: int, text: str) -> None:
    for i in range(n):
        (folder / f"doc{i:03d}.txt").write_text(text, encoding="utf-8")


def run_trial(folder: Path, original: str, fixed: str, sig: int, args: list[str], timeout: float = 30.0,
              env: dict[str, str] | None = None, after: int = 1) -> Trial:
    """Start ``textmend fix -w`` on ``folder``, signal it once ``after`` files are written, and inspect what is
    left.

    SIGINT goes to the whole process group, as a terminal's Ctrl-C does; TERM and KILL go to the main
    process only, as ``kill PID`` does (so the workers must notice on their own).
    """
    cmd = [sys.executable, "-m", "textmend", "fix", "-w", "-q", *args, str(folder)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                            env=env)
    files = sorted(folder.glob("*.txt"))
    workers: set[int] = set()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        workers.update(children(proc.pid))
        if workers and sum(p.read_text(encoding="utf-8") != original for p in files[:after + 40]) >= after:
            break
        time.sleep(0.005)
    workers.update(children(proc.pid))
    t0 = time.monotonic()
    hung = False
    if proc.poll() is None:
        if sig == signal.SIGINT:
            os.killpg(proc.pid, sig)
        else:
            os.kill(proc.pid, sig)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            hung = True
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    stop = time.monotonic() - t0
    proc.stderr.close()
    time.sleep(0.05)  # a dying worker needs a moment to leave the process table
    left = [p for p in workers if alive(p)]
    for p in left:
        os.kill(p, signal.SIGKILL)
    written = bad = 0
    bad_names = []
    for p in files:
        t = p.read_text(encoding="utf-8")
        if t == fixed:
            written += 1
        elif t != original:
            bad += 1
            bad_names.append(p.name)
    return Trial(proc.returncode, stop, len(workers), left, temp_files(folder), written, bad_names, hung)
