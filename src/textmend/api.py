"""The library API: plain functions over ``str``, a frozen ``Config``, dataclass results."""
from __future__ import annotations

from .config import Config
from .engine.pipeline import analyse
from .engine.result import Result


def repair(text: str, config: Config | None = None, **options: object) -> Result:
    """Repair ``text``: ``Result.text`` has every safe edit applied; ``Result.edits`` lists all findings.

    >>> repair("Western international locations agreed.").text
    'Western countries agreed.'
    """
    return analyse(text, Config.from_options(config, **options), repair=True)


def fix_text(text: str, config: Config | None = None, **options: object) -> str:
    """Just the repaired text (ftfy's ``fix_text`` shape)."""
    return repair(text, config, **options).text


def check(text: str, config: Config | None = None, **options: object) -> Result:
    """Detect and score without changing anything: ``Result.text == text``; safe edits are ``fixable``."""
    return analyse(text, Config.from_options(config, **options), repair=False)


def explain(text: str, config: Config | None = None, **options: object) -> Result:
    """Like ``repair``, and ``Result.suppressed`` also lists every candidate that was held back, with why."""
    return analyse(text, Config.from_options(config, **options), repair=True, explain=True)


def score(text: str, config: Config | None = None, **options: object) -> float:
    """The document spin score in [0, 1]."""
    return check(text, config, **options).score
