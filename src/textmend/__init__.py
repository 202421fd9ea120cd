"""textmend: find text garbled by synonym-substitution spinning and restore the wording it replaced.

>>> import textmend
>>> textmend.repair("The UN Excessive Commissioner spoke.").text
'The UN High Commissioner spoke.'
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__

__all__ = [
    "Config",
    "Edit",
    "ItemError",
    "Result",
    "Sentence",
    "__version__",
    "check",
    "check_many",
    "explain",
    "fix_text",
    "repair",
    "repair_many",
    "score",
]

if TYPE_CHECKING:  # pragma: no cover
    from .api import check, explain, fix_text, repair, score
    from .config import Config
    from .many import check_many, repair_many
    from .model import Edit, Sentence
    from .result import Result
    from .workers import ItemError

_LAZY = {"check": "api", "explain": "api", "fix_text": "api", "repair": "api", "score": "api",
         "Config": "config", "Edit": "model", "Result": "result", "Sentence": "model",
         "repair_many": "many", "check_many": "many", "ItemError": "workers"}


def __getattr__(name: str) -> Any:
    """Import on first use, so ``textmend --help`` and ``import textmend`` stay fast."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'textmend' has no attribute {name!r}")
