"""Document spin scores on spun and clean text: the evidence behind guard_threshold and spun_threshold.

Usage: python benchmarks/calibrate.py [--pydocs /tmp/pydocs.jsonl]
Prints, per collection, how many documents reach each score band, and the lowest spun / highest clean score.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import textmend
from textmend.evaluate import load_spun, read_jsonl

BANDS = (0.0, 0.01, 0.25, 0.5, 0.9, 1.01)


def shared() -> Path:
    for cand in (Path(__file__).resolve().parents[2] / "shared", Path("/work/shared")):
        if cand.exists():
            return cand
    sys.exit("../shared is not available")


def bands(scores: list[float]) -> str:
    cells = []
    for lo, hi in zip(BANDS, BANDS[1:]):
        n = sum(lo <= s < hi for s in scores)
        cells.append(f"[{lo:.2f},{min(hi, 1.0):.2f}{')' if hi <= 1 else ']'} {n}")
    return "  ".join(cells)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pydocs", help="Python-docs prose JSONL (benchmarks/pydocs_corpus.py)")
    args = ap.parse_args()
    d = shared()
    spun_rows = read_jsonl(str(d / "spun-samples" / "spun_windows.jsonl"))
    collections: dict[str, list[str]] = {
        "seed article (spun)": [(d / "seed" / "article.txt").read_text(encoding="utf-8")],
        "spun-sample pages (spun)": [doc.text for doc in load_spun(spun_rows)],
        "spun-sample windows alone (spun)": [doc.text for doc in load_spun(spun_rows, per_window=True)],
        "clean windows alone (clean)": [r["text"] for r in read_jsonl(str(d / "spun-samples" / "clean_windows.jsonl"))],
        "Reuters-21578 stories (clean)": [r["text"] for r in read_jsonl(str(d / "corpora" /
                                                                         "reuters21578-even.jsonl"))],
    }
    if args.pydocs:
        collections["Python docs pages (clean)"] = [r["text"] for r in read_jsonl(args.pydocs)]
    print("| collection | docs | score bands (count) | min | max |\n|---|---:|---|---:|---:|")
    for name, texts in collections.items():
        scores = [textmend.check(t).score for t in texts]
        print(f"| {name} | {len(texts)} | {bands(scores)} | {min(scores):.2f} | {max(scores):.2f} |")


if __name__ == "__main__":
    main()
