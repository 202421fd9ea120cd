"""Scan throughput of ``textmend check`` next to codespell on the same clean newswire, and the cost of a 10x map.

Why: the architecture promises a scan that is linear in the text and independent of the number of entries;
this measures both claims on one core, best of N, in one run, so the figures are comparable.

    python benchmarks/throughput.py [--corpus ../shared/corpora/reuters21578-even.jsonl] [--repeat 3]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
DEFAULT_CORPORA = [HERE.parent.parent / "shared" / "corpora" / "reuters21578-even.jsonl",
                   Path("/work/shared/corpora/reuters21578-even.jsonl")]


def best_of(n: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def pin_prefix() -> list[str]:
    """``taskset -c 0`` when there is one: every contender gets the same single core."""
    return ["taskset", "-c", "0"] if shutil.which("taskset") else []


def tool(name: str) -> list[str]:
    """The console script installed beside this Python (the venv's), else on PATH."""
    local = Path(sys.executable).parent / name
    if local.exists():
        return [str(local)]
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"{name} is not installed (pip install -e '.[bench]')")
    return [found]


def run(cmd: list[str], cwd: str) -> None:
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if proc.returncode not in (0, 1, 65):  # findings are fine (codespell says 65); errors are not
        raise SystemExit(f"{' '.join(cmd[:4])}... failed ({proc.returncode}): {proc.stderr[-500:]}")


def synthetic_map(path: Path, n: int, seed: int = 1) -> None:
    """``n`` multiword entries of random pseudo-words: text never contains them, so they cost only index size."""
    rnd = random.Random(seed)

    def word() -> str:
        return "".join(rnd.choice(string.ascii_lowercase) for _ in range(rnd.randint(4, 9)))

    lines = ["#: id = synthetic", "#: title = synthetic entries for the 10x benchmark", "#: theme = synthetic",
             "#: provenance = generated: benchmarks/throughput.py, random pseudo-words"]
    seen: set[str] = set()
    while len(seen) < n:
        g = " ".join(word() for _ in range(rnd.randint(2, 3)))
        if g not in seen:
            seen.add(g)
            lines.append(f"{g}\t{word()} {word()}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def library_loop(texts: list[str], cfg) -> Callable[[], int]:
    """What ``textmend check`` does per document, in process: the pipeline with repair off."""
    from textmend.pipeline import analyse

    def go() -> int:
        return sum(len(analyse(t, cfg, repair=False).edits) for t in texts)

    return go


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=next((p for p in DEFAULT_CORPORA if p.exists()), None))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--limit", type=int, default=0, help="Use only the first N documents (0: all).")
    ap.add_argument("--out", type=Path, default=HERE / "results.md", help="Where to write the results ('-': nowhere).")
    args = ap.parse_args()
    if args.corpus is None or not args.corpus.exists():
        raise SystemExit("no corpus: pass --corpus PATH (a JSONL of {\"text\": ...})")
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    from textmend import Config
    from textmend.pipeline import index_for

    with open(args.corpus, encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh if line.strip()]
    if args.limit:
        texts = texts[: args.limit]
    big = "\n\n".join(texts) + "\n"
    mb = len(big.encode("utf-8")) / 1e6
    rows: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="textmend-bench-") as tmp:
        big_path = Path(tmp) / "corpus.txt"
        big_path.write_text(big, encoding="utf-8")
        docs_dir = Path(tmp) / "docs"
        docs_dir.mkdir()
        doc_paths = []
        for i, t in enumerate(texts):
            p = docs_dir / f"{i:05d}.txt"
            p.write_text(t, encoding="utf-8")
            doc_paths.append(str(p.relative_to(tmp)))

        cfg = Config()
        t0 = time.perf_counter()
        index = index_for(cfg)
        build_real = time.perf_counter() - t0
        n_real = len(index)
        lib = best_of(args.repeat, library_loop(texts, cfg))
        rows.append((f"textmend library loop, {len(texts)} docs (in process, index built)", lib))
        pin = pin_prefix()
        rows.append(("textmend check, one file (whole process)",
                     best_of(args.repeat, lambda: run(pin + tool("textmend") + ["check", "corpus.txt"], tmp))))
        rows.append((f"textmend check, {len(texts)} files (whole process)",
                     best_of(args.repeat, lambda: run(pin + tool("textmend") + ["check"] + doc_paths, tmp))))
        rows.append(("codespell, one file (whole process)",
                     best_of(args.repeat, lambda: run(pin + tool("codespell") + ["corpus.txt"], tmp))))
        rows.append((f"codespell, {len(texts)} files (whole process)",
                     best_of(args.repeat, lambda: run(pin + tool("codespell") + ["docs"], tmp))))

        syn = Path(tmp) / "synthetic.tsv"
        synthetic_map(syn, 10 * n_real)
        cfg10 = Config(maps=(str(syn),))
        t0 = time.perf_counter()
        n_big = len(index_for(cfg10))
        build_big = time.perf_counter() - t0
        real = best_of(args.repeat, library_loop(texts, cfg))
        grown = best_of(args.repeat, library_loop(texts, cfg10))

    machine = f"{platform.machine()}, nproc {os.cpu_count()}, Python {platform.python_version()}, {platform.system()}"
    lines = [f"corpus: {args.corpus.name}, {len(texts)} documents, {mb:.2f} MB; best of {args.repeat}; "
             f"one core ({'taskset -c 0' if pin else 'no taskset'}); {machine}", "",
             "| what | seconds | MB/s |", "|---|---:|---:|"]
    lines += [f"| {name} | {sec:.2f} | {mb / sec:.1f} |" for name, sec in rows]
    lines += ["", f"| map size | entries | index build s | library loop s | MB/s |", "|---|---:|---:|---:|---:|",
              f"| shipped maps | {n_real} | {build_real:.2f} | {real:.2f} | {mb / real:.1f} |",
              f"| shipped + synthetic (10x) | {n_big} | {build_big:.2f} | {grown:.2f} | {mb / grown:.1f} |",
              "", f"scan time ratio, 10x map / shipped maps: {grown / real:.2f}"]
    table = "\n".join(lines)
    print(table)
    if str(args.out) != "-":
        cmd = "python benchmarks/throughput.py " + " ".join(sys.argv[1:])
        old = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        notes = old[old.index("\n## Notes"):] if "\n## Notes" in old else ""  # hand-written, kept
        args.out.write_text("# Throughput\n\n"
                            f"Command: `{cmd.strip()}` (run from the repository root, venv active), "
                            f"{time.strftime('%Y-%m-%d')}.\n\n{table}\n{notes}", encoding="utf-8")
        print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
