"""The long fuzz campaign: ``python -m tests.fuzz.run --count 100000`` (from the repository root).

Runs the four properties of ``cli_fuzz`` (CLI arguments 40%, config files, map files and JSONL inputs 20%
each) for ``--count`` examples in all, stops at the first traceback (Hypothesis prints the shrunk input),
and prints how many CLI runs were made and how long they took. Not part of the test suite: it takes minutes.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

from hypothesis import HealthCheck, Phase, given, settings

from . import cli_fuzz
from .cli_fuzz import STDIN, argv, config_case, invoke, jsonl_case, map_case

SHARES = (("cli arguments", 0.4), ("config files", 0.2), ("map files", 0.2), ("jsonl inputs", 0.2))


def _properties():
    return {
        "cli arguments": given(argv(), STDIN)(lambda args, stdin: invoke(args, stdin)),
        "config files": given(config_case())(lambda case: invoke(case[0], None, case[1])),
        "map files": given(map_case())(lambda case: invoke(case[0], None, case[1])),
        "jsonl inputs": given(jsonl_case())(lambda case: invoke(case[0], None, case[1])),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=100_000, help="examples in all (default 100,000)")
    ap.add_argument("--seed", type=int, default=None, help="Hypothesis seed (default: random)")
    ap.add_argument("--only", default=None, help="comma-separated properties to run (default: all four): "
                    + ", ".join(name for name, _ in SHARES))
    a = ap.parse_args()
    only = {x.strip() for x in a.only.split(",")} if a.only else {name for name, _ in SHARES}
    os.environ["TEXTMEND_CACHE_DIR"] = tempfile.mkdtemp(prefix="textmend-fuzz-cache-")
    props = _properties()
    start = time.perf_counter()
    shares = [(name, share) for name, share in SHARES if name in only]
    scale = sum(share for _, share in shares)
    for name, share in shares:
        n = max(1, round(a.count * share / scale))
        before, t0 = cli_fuzz.CALLS[0], time.perf_counter()
        test = settings(max_examples=n, deadline=None, database=None, suppress_health_check=list(HealthCheck),
                        phases=[Phase.generate, Phase.shrink], derandomize=False)(props[name])
        if a.seed is not None:
            from hypothesis import seed

            test = seed(a.seed)(test)
        test()
        print(f"{name:<14} {cli_fuzz.CALLS[0] - before:>7} runs, no traceback, {time.perf_counter() - t0:7.1f} s",
              flush=True)
    print(f"{'total':<14} {cli_fuzz.CALLS[0]:>7} runs, no traceback, {time.perf_counter() - start:7.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
