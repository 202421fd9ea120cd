"""Speed and memory, side by side in one run: textmend vs codespell vs typos, and the scale-out figures.

Why one script: figures taken in different runs on a shared 2-core machine are not comparable. The table
covers one 7.6 MB file, 100 files and 8,079 files (Reuters-21578 stories, generated into a temp folder and
never committed), text and JSON output, one core (``taskset -c 0``) and all cores, with each run's peak RSS
(the largest process, as ``/usr/bin/time`` reports it). Further sections, each selectable with ``--only``:

- ``ratio``: the library loop with the shipped maps and with the maps grown 10x (synthetic entries), N runs;
- ``many``: ``repair_many`` MB/s on one core and with 2 jobs;
- ``dataset``: ``textmend dataset`` round trips of 100,000 rows of JSONL and of Parquet (time, peak RSS);
- ``spun``: repair time of heavily spun files of 0.5, 1 and 2 MB (the seed article repeated);
- ``spark``: ``repair_struct_udf`` on ``local[2]`` over the 8,079 stories (needs pyspark and Java).

    python benchmarks/speed.py [--repeat 3] [--only table,ratio,many,dataset,spun,spark] [--out benchmarks/results.md]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_CORPORA = [ROOT.parent / "shared" / "corpora" / "reuters21578-even.jsonl",
                   Path("/work/shared/corpora/reuters21578-even.jsonl")]
SECTIONS = ("table", "ratio", "many", "dataset", "spun", "spark")


def tool(name: str) -> list[str]:
    """The console script installed beside this Python (the venv's), else on PATH."""
    local = Path(sys.executable).parent / name
    if local.exists():
        return [str(local)]
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"{name} is not installed (pip install -e '.[bench]')")
    return [found]


def timed(cmd: list[str], cwd: str, ok: tuple[int, ...] = (0, 1, 2, 65)) -> tuple[float, int]:
    """Wall seconds and peak RSS (KB, the largest process of the run, from GNU time) of one command.

    GNU time, not ``wait4``'s rusage: a child forked from this Python keeps this process's RSS as its
    high-water mark across ``exec``, which would hide a small tool's own figure.
    """
    gnu_time = shutil.which("time") or "/usr/bin/time"
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        t0 = time.perf_counter()
        proc = subprocess.run([gnu_time, "-f", "%M", "-o", rss.name, *cmd], cwd=cwd, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
        seconds = time.perf_counter() - t0
        peak = int(rss.read().strip().splitlines()[-1])
    if proc.returncode not in ok:
        err = proc.stderr[-800:].decode(errors="replace")
        raise SystemExit(f"{' '.join(cmd[:6])}... failed ({proc.returncode}): {err}")
    return seconds, peak


def best(n: int, run: Callable[[], tuple[float, int]]) -> tuple[float, int]:
    runs = [run() for _ in range(n)]
    return min(r[0] for r in runs), max(r[1] for r in runs)


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def make_corpus(texts: list[str], tmp: Path) -> dict[str, list[str]]:
    """The three inputs: one file, 100 files, one file per story. Values are the paths to pass."""
    (tmp / "one.txt").write_text("\n\n".join(texts) + "\n", encoding="utf-8")
    for name, k in (("h100", 100), ("all", len(texts))):
        d = tmp / name
        d.mkdir()
        n = len(texts)
        for i in range(k):
            (d / f"{i:05d}.txt").write_text("\n\n".join(texts[i * n // k:(i + 1) * n // k]) + "\n", encoding="utf-8")
    return {"one 7.6 MB file": ["one.txt"], "100 files": ["h100"], f"{len(texts):,} files": ["all"]}


def cli_table(texts: list[str], repeat: int, lines: list[str]) -> None:
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    tm, cs, ty = tool("textmend"), tool("codespell"), tool("typos")
    rows = []
    with tempfile.TemporaryDirectory(prefix="textmend-speed-") as tmp:
        inputs = make_corpus(texts, Path(tmp))
        timed(tm + ["check", "one.txt"], tmp)  # warm the index cache and the page cache
        for label, paths in inputs.items():
            for cores, prefix in (("1 core", pin), ("all cores", [])):
                cell = {}
                for fmt in ("text", "json"):
                    cmd = prefix + tm + ["check", "--format", fmt, *paths]
                    cell[f"textmend {fmt}"] = best(repeat, lambda cmd=cmd: timed(cmd, tmp))
                cmd = prefix + cs + paths
                cell["codespell"] = best(repeat, lambda cmd=cmd: timed(cmd, tmp))
                for fmt in ("text", "json"):
                    threads = ["--threads", "1"] if prefix else []
                    cmd = prefix + ty + threads + ["--format", "brief" if fmt == "text" else "json", *paths]
                    cell[f"typos {fmt}"] = best(repeat, lambda cmd=cmd: timed(cmd, tmp))
                rows.append((label, cores, cell))
    cols = ["textmend text", "textmend json", "codespell", "typos text", "typos json"]
    lines += ["| input | cores | " + " | ".join(f"{c} s (MB peak)" for c in cols) + " | json / text | "
              "textmend text / codespell | textmend json / codespell |",
              "|---|---|" + "---:|" * (len(cols) + 3)]
    for label, cores, cell in rows:
        tt, tj, c = cell["textmend text"][0], cell["textmend json"][0], cell["codespell"][0]
        lines.append(f"| {label} | {cores} | " + " | ".join(
            f"{cell[k][0]:.2f} ({cell[k][1] / 1024:.0f})" for k in cols)
            + f" | {tj / tt:.2f} | {tt / c:.2f} | {tj / c:.2f} |")


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


def library_loop(texts: list[str], cfg) -> float:
    """CPU seconds of one pass (CPU, not wall: on a shared machine wall time swings by a third between runs)."""
    from textmend.engine.pipeline import analyse

    t0 = time.process_time()
    for t in texts:
        analyse(t, cfg, repair=False)
    return time.process_time() - t0


def ratio_section(texts: list[str], runs: int, lines: list[str]) -> None:
    from textmend import Config
    from textmend.engine.pipeline import index_for

    pinned = hasattr(os, "sched_setaffinity")
    if pinned:  # one core, as labelled: the loop must not hop between cores (and caches) mid-run
        before = os.sched_getaffinity(0)
        os.sched_setaffinity(0, {min(before)})
    with tempfile.TemporaryDirectory() as tmp:
        cfg = Config()
        n_real = len(index_for(cfg))
        syn = Path(tmp) / "synthetic.tsv"
        synthetic_map(syn, 10 * n_real)
        cfg10 = Config(map_files=(str(syn),))
        n_big = len(index_for(cfg10))
        ratios = []
        for _ in range(runs):
            a = min(library_loop(texts, cfg) for _ in range(3))
            b = min(library_loop(texts, cfg10) for _ in range(3))
            ratios.append((a, b))
    if pinned:
        os.sched_setaffinity(0, before)
    lines += ["", f"**10x maps** (library loop, one core, CPU time, {n_real:,} vs {n_big:,} entries, "
              f"best of 3 per run, {runs} consecutive runs): " + ", ".join(f"{b / a:.2f}" for a, b in ratios)
              + f" (shipped {min(a for a, _ in ratios):.3f} s, 10x {min(b for _, b in ratios):.3f} s)"]


def many_section(texts: list[str], repeat: int, lines: list[str]) -> None:
    # Wall time, and CPU time of this process and its workers: on a shared machine the CPU figure still says
    # what the engine costs (2 jobs can be at most (2 x one job's CPU) / (their CPU) times faster).
    code = ("import json,resource,sys,time,textmend\n"
            "texts=[json.loads(l)['text'] for l in open(sys.argv[1], encoding='utf-8')]\n"
            "list(textmend.repair_many(texts[:50], jobs=int(sys.argv[2])))\n"
            "b=c=1e9\n"
            "for _ in range(int(sys.argv[3])):\n"
            "    r0=resource.getrusage(resource.RUSAGE_CHILDREN); c0=time.process_time(); t=time.perf_counter()\n"
            "    n=sum(1 for _ in textmend.repair_many(texts, jobs=int(sys.argv[2])))\n"
            "    b=min(b, time.perf_counter()-t); r1=resource.getrusage(resource.RUSAGE_CHILDREN)\n"
            "    c=min(c, time.process_time()-c0+r1.ru_utime+r1.ru_stime-r0.ru_utime-r0.ru_stime)\n"
            "print(b, c)\n")
    mb = sum(len(t.encode()) for t in texts) / 1e6
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        src.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
        res = {}
        for label, prefix, jobs in (("1 job, taskset -c 0", pin, 1), ("2 jobs", [], 2)):
            out = subprocess.run(prefix + [sys.executable, "-c", code, str(src), str(jobs), str(repeat)],
                                 capture_output=True, text=True, check=True).stdout
            res[label] = [float(x) for x in out.strip().splitlines()[-1].split()]
    (one, cpu1), (two, cpu2) = res["1 job, taskset -c 0"], res["2 jobs"]
    lines += ["", f"**repair_many** over the {len(texts):,} stories ({mb:.2f} MB, best of {repeat}): one core "
              f"{one:.2f} s = {mb / one:.1f} MB/s; 2 jobs {two:.2f} s = {mb / two:.1f} MB/s ({one / two:.2f}x). "
              f"CPU time, all processes: one job {cpu1:.2f} s, 2 jobs {cpu2:.2f} s (bound on two free cores: "
              f"{2 * cpu1 / cpu2:.2f}x)"]


def dataset_section(texts: list[str], lines: list[str], rows: int = 100_000) -> None:
    tm = tool("textmend")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        with open(src, "w", encoding="utf-8") as fh:
            for i in range(rows):
                value = texts[i % len(texts)] if i % 997 else None  # some nulls: reported, passed through
                fh.write(json.dumps({"id": i, "text": value}) + "\n")
        mb = src.stat().st_size / 1e6
        out = []
        t, rss = timed(tm + ["dataset", "in.jsonl", "-o", "out.jsonl", "-q"], tmp)
        out.append(f"JSONL {t:.1f} s, peak RSS {rss / 1024:.0f} MB")
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            out.append("Parquet: pyarrow not installed")
        else:
            w = pq.ParquetWriter(Path(tmp) / "in.parquet", pa.schema([("id", pa.int64()), ("text", pa.string())]))
            for a in range(0, rows, 10_000):
                w.write_batch(pa.RecordBatch.from_pylist(
                    [{"id": i, "text": texts[i % len(texts)] if i % 997 else None} for i in range(a, a + 10_000)]))
            w.close()
            t, rss = timed(tm + ["dataset", "in.parquet", "-o", "out.parquet", "-q"], tmp)
            n = pq.ParquetFile(Path(tmp) / "out.parquet").metadata.num_rows
            out.append(f"Parquet {t:.1f} s, peak RSS {rss / 1024:.0f} MB ({n:,} rows out)")
    lines += ["", f"**textmend dataset**, {rows:,} rows ({mb:.0f} MB of JSONL, every 997th text null), all cores: "
              + "; ".join(out)]


def spun_section(lines: list[str]) -> None:
    article = (ROOT / "examples" / "seed" / "article.txt").read_text(encoding="utf-8")
    tm = tool("textmend")
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for mb in (0.5, 1, 2):
            text = (article + "\n\n") * max(1, int(mb * 1e6 / (len(article.encode()) + 2)))
            (Path(tmp) / "spun.txt").write_text(text, encoding="utf-8")
            t, rss = timed(["taskset", "-c", "0"] + tm + ["fix", "-q", "spun.txt"], tmp)
            out.append(f"{mb} MB {t:.1f} s ({rss / 1024:.0f} MB peak)")
    lines += ["", "**Heavily spun files** (the seed article repeated; `textmend fix`, one core): " + "; ".join(out)]


def spark_section(texts: list[str], lines: list[str]) -> None:
    code = ("import json,os,sys,time\n"
            "os.environ.setdefault('PYSPARK_PYTHON', sys.executable)\n"
            "from pyspark.sql import SparkSession\n"
            "from textmend.spark import repair_struct_udf\n"
            "s=SparkSession.builder.master('local[2]').config('spark.ui.enabled','false')"
            ".config('spark.ui.showConsoleProgress','false').getOrCreate()\n"
            "s.sparkContext.setLogLevel('ERROR')\n"
            "texts=[json.loads(l)['text'] for l in open(sys.argv[1], encoding='utf-8')]\n"
            "df=s.createDataFrame([(t,) for t in texts], ['text']).repartition(4).cache(); df.count()\n"
            "for i in range(2):\n"
            "    t=time.perf_counter(); df.select(repair_struct_udf()('text').alias('r'))"
            ".selectExpr('sum(r.score)').collect(); print(time.perf_counter()-t)\n"
            "s.stop()\n")
    mb = sum(len(t.encode()) for t in texts) / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        src.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
        proc = subprocess.run([sys.executable, "-c", code, str(src)], capture_output=True, text=True)
    if proc.returncode != 0:
        lines += ["", f"**Spark**: not run ({proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else '?'})"]
        return
    cold, warm = (float(x) for x in proc.stdout.split()[-2:])
    lines += ["", f"**Spark local[2]**, `repair_struct_udf` over the {len(texts):,} stories ({mb:.2f} MB): "
              f"{warm:.1f} s = {mb / warm:.1f} MB/s (first pass, workers loading the maps: {cold:.1f} s)"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=next((p for p in DEFAULT_CORPORA if p.exists()), None))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--ratio-runs", type=int, default=5)
    ap.add_argument("--only", default=",".join(SECTIONS))
    ap.add_argument("--out", type=Path, default=HERE / "results.md", help="Where to write ('-': nowhere).")
    args = ap.parse_args()
    if args.corpus is None or not args.corpus.exists():
        raise SystemExit("no corpus: pass --corpus PATH (a JSONL of {\"text\": ...})")
    only = set(args.only.split(","))
    with open(args.corpus, encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh if line.strip()]
    mb = len("\n\n".join(texts).encode()) / 1e6
    machine = f"{platform.machine()}, nproc {os.cpu_count()}, Python {platform.python_version()}"
    lines = [f"corpus: {args.corpus.name}, {len(texts):,} stories, {mb:.2f} MB; best of {args.repeat}; "
             f"{machine}; load average at start {load()}", ""]
    if "table" in only:
        cli_table(texts, args.repeat, lines)
    if "ratio" in only:
        if hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        ratio_section(texts, args.ratio_runs, lines)
        if hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, set(range(os.cpu_count() or 1)))
    if "many" in only:
        many_section(texts, args.repeat, lines)
    if "dataset" in only:
        dataset_section(texts, lines)
    if "spun" in only:
        spun_section(lines)
    if "spark" in only:
        spark_section(texts, lines)
    lines += ["", f"load average at the end {load()}; peak RSS in MB (largest process of the run)"]
    table = "\n".join(lines)
    print(table)
    if str(args.out) != "-":
        cmd = "python benchmarks/speed.py " + " ".join(sys.argv[1:])
        old = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        notes = old[old.index("\n## Notes"):] if "\n## Notes" in old else ""  # hand-written, kept
        args.out.write_text(f"# Speed\n\nCommand: `{cmd.strip()}` (repository root, venv active), "
                            f"{time.strftime('%Y-%m-%d')}.\n\n{table}\n{notes}", encoding="utf-8")
        print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    main()
