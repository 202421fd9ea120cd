"""One ``textmend check`` in a child process on one core, measured from the outside (shared by the benchmarks).

Why ``os.wait4``: it gives the child's own CPU time and peak RSS; ``resource.getrusage(RUSAGE_CHILDREN)`` would
mix in every earlier child of the benchmark.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def check_child(path: Path, cache: Path, *options: str) -> tuple[float, float, int, str, str]:
    """CPU seconds, peak RSS (MB), exit status, stdout and stderr of ``textmend check [options] path``, pinned to
    core 0 when ``taskset`` exists, with the index cache in ``cache`` (as a user has it after the first run)."""
    env = dict(os.environ, TEXTMEND_CACHE_DIR=str(cache))
    cmd = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    cmd += [sys.executable, "-m", "textmend", "check", *options, str(path)]
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    return (usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), stdout,
            stderr)
