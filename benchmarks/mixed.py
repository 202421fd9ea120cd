#!/usr/bin/env python3
"""Spun articles inside clean dumps: does spin evidence stay local, and does the cost stay near the clean cost?

Builds two files from the shared data (never copied into the project): the seed article followed by the
Reuters-21578 stories joined with blank lines (about 7.6 MB), and the stories alone. Runs
``textmend check --format json`` on each in a child process, one core, best of ``--repeat`` CPU times, and
prints where the findings fall: inside the article or in the newswire, split into fixable edits and
suggestions, with the peak RSS of each run.

    python benchmarks/mixed.py [--repeat 3] [--copies N]

``--copies N`` spreads N copies of the article evenly through the newswire, repeated to about 50 MB.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from child import check_child  # noqa: E402 (this folder: the benchmarks' shared child runner)

from textmend.paths import shared_dir  # noqa: E402


def build(shared: Path, tmp: Path, copies: int) -> tuple[Path, Path, list[tuple[int, int]]]:
    """(mixed file, clean file, character spans of the article copies in the mixed file)."""
    article = (shared / "seed" / "article.txt").read_text(encoding="utf-8").strip()
    stories = [json.loads(line)["text"].strip()
               for line in (shared / "corpora" / "reuters21578-even.jsonl").read_text(encoding="utf-8").splitlines()
               if line.strip()]
    news = "\n\n".join(stories)
    if copies:
        news = "\n\n".join([news] * max(1, round(50e6 / len(news.encode("utf-8")))))
    parts = news.split("\n\n")
    n = max(copies, 1)
    at = {round(k * len(parts) / n) for k in range(n)}
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for i, part in enumerate(parts):
        if i in at:
            spans.append((pos, pos + len(article)))
            out.append(article)
            pos += len(article) + 2
        out.append(part)
        pos += len(part) + 2
    mixed, clean = tmp / "mixed.txt", tmp / "clean.txt"
    mixed.write_text("\n\n".join(out), encoding="utf-8")
    clean.write_text(news, encoding="utf-8")
    return mixed, clean, spans


def run(path: Path, cache: Path, fmt: str = "json") -> tuple[float, float, list[dict]]:
    """CPU seconds, peak RSS (MB) and the findings of one ``textmend check --format json`` child (with the
    index cache a user has after the first run)."""
    cpu, rss, status, stdout, stderr = check_child(path, cache, "--format", fmt)
    if status not in (0, 1):
        raise SystemExit(f"mixed: textmend failed ({status}): {stderr.strip()}")
    edits = [e for line in stdout.splitlines() if line.strip() for e in json.loads(line).get("edits", [])] \
        if fmt == "json" else []
    return cpu, rss, edits


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--copies", type=int, default=0, help="spread N article copies through ~50 MB of newswire")
    ap.add_argument("--build-into", default="", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    shared = shared_dir()
    if shared is None:
        print("mixed: no shared data folder (TEXTMEND_SHARED_DIR or ../shared)", file=sys.stderr)
        return 2
    if a.build_into:  # (the child that builds the files: see below)
        print(json.dumps(build(shared, Path(a.build_into), a.copies)[2]))
        return 0
    with tempfile.TemporaryDirectory(prefix="textmend-mixed-") as t:
        # Built in a child: Linux carries a process's peak RSS across fork and exec, so a parent holding the
        # 50 MB of text would lend its peak to every textmend run it starts.
        spans = [tuple(x) for x in json.loads(subprocess.run(
            [sys.executable, __file__, "--copies", str(a.copies), "--build-into", t], check=True,
            capture_output=True, text=True).stdout)]
        mixed, clean = Path(t) / "mixed.txt", Path(t) / "clean.txt"
        size = clean.stat().st_size
        cache = Path(t) / "cache"
        run(Path(t) / "mixed.txt", cache)  # warms the index cache
        results = {}
        for fmt in ("text", "json"):
            for name, path in (("clean", clean), ("mixed", mixed)):
                runs = [run(path, cache, fmt) for _ in range(a.repeat)]
                results[name, fmt] = (min(r[0] for r in runs), max(r[1] for r in runs), runs[0][2])
    inside = lambda e: any(a0 <= e["start"] < b0 for a0, b0 in spans)  # noqa: E731
    _, _, edits = results["mixed", "json"]
    fixable = [e for e in edits if e["status"] in ("fixable", "applied")]
    print(f"{len(spans)} article cop{'y' if len(spans) == 1 else 'ies'} in {size / 1e6:.1f} MB of newswire; "
          f"textmend check, one core, best of {a.repeat} (CPU s, peak RSS MB)")
    for fmt in ("text", "json"):
        (c, cr, _), (m, mr, _) = results["clean", fmt], results["mixed", fmt]
        print(f"  --format {fmt:<4}  clean {c:.2f} s {cr:.0f} MB   mixed {m:.2f} s {mr:.0f} MB   ({m / c:.2f}x clean)")
    print(f"  fixable edits: {sum(map(inside, fixable))} in the article copies, "
          f"{sum(not inside(e) for e in fixable)} in the newswire")
    sugg = [e for e in edits if e not in fixable]
    print(f"  suggestions:   {sum(map(inside, sugg))} in the article copies, "
          f"{sum(not inside(e) for e in sugg)} in the newswire")
    return 0


if __name__ == "__main__":
    sys.exit(main())
