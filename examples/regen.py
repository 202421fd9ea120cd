"""Regenerate the example outputs: `python examples/regen.py` (after a change in maps or behaviour).

tests/test_examples.py pins them, so the change shows up as a reviewable diff of these files.
"""
from __future__ import annotations

from pathlib import Path

import textmend

HERE = Path(__file__).resolve().parent


def main() -> None:
    for article in sorted(HERE.glob("*/article.txt")):
        text = article.read_text(encoding="utf-8")
        result = textmend.repair(text)
        (article.parent / "article.fixed.txt").write_text(result.text, encoding="utf-8")
        (article.parent / "article.diff").write_text(result.diff(f"examples/{article.parent.name}/article.txt"),
                                                    encoding="utf-8")
        print(f"{article}: {len(result.applied)} applied, {len(result.edits) - len(result.applied)} reported, "
              f"score {result.score:.2f}")


if __name__ == "__main__":
    main()
