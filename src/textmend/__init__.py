"""textmend: find text garbled by synonym-substitution spinning and restore the wording it replaced.

>>> import textmend
>>> textmend.repair("The UN Excessive Commissioner spoke.").text
'The UN High Commissioner spoke.'
"""
from __future__ import annotations

import importlib
import sys
from importlib.machinery import ModuleSpec
from types import ModuleType
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
    from .engine.result import Result
    from .engine.workers import ItemError
    from .many import check_many, repair_many
    from .model import Edit, Sentence

_LAZY = {"check": "api", "explain": "api", "fix_text": "api", "repair": "api", "score": "api",
         "Config": "config", "Edit": "model", "Result": "engine.result", "Sentence": "model",
         "repair_many": "many", "check_many": "many", "ItemError": "engine.workers"}

#: Modules that lived at the top of the package before it was grouped into subpackages: ``import
#: textmend.pipeline`` still works and gives ``textmend.engine.pipeline`` itself (one module, one identity).
#: (``textmend.output``, the old streams module, is now the package, which re-exports its names.)
MOVED = {
    "read": "io.read", "codec": "io.codec", "inputs": "io.inputs", "write": "io.write", "jsonl": "io.jsonl",
    "settings": "io.settings", "phrasemap": "knowledge.phrasemap", "rules": "knowledge.rules",
    "inflect": "knowledge.inflect", "scoring": "knowledge.scoring", "mapwrite": "knowledge.mapwrite",
    "validate": "knowledge.validate", "align": "knowledge.align", "learn": "knowledge.learn",
    "segment": "engine.segment", "markup": "engine.markup", "locality": "engine.locality", "index": "engine.index",
    "cache": "engine.cache", "spintax": "engine.spintax", "figures": "engine.figures", "fuzzy": "engine.fuzzy",
    "evidence": "engine.evidence", "decide": "engine.decide", "pipeline": "engine.pipeline",
    "workers": "engine.workers", "formats": "output.formats", "report": "output.report",
    "htmlreport": "output.html_report", "batch": "cli.batch",
}


class _MovedModules:
    """Finds ``textmend.<old name>`` and hands out the module at its new place (a meta path finder and its
    loader; not derived from ``importlib.abc``, whose import would cost ``--help`` 30 ms)."""

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> ModuleSpec | None:
        head, _, name = fullname.partition(".")
        if head != __name__ or name not in MOVED:
            return None
        return ModuleSpec(fullname, self)  # type: ignore[arg-type]  # a loader by its methods

    def create_module(self, spec: ModuleSpec) -> ModuleType:
        return importlib.import_module(f"{__name__}.{MOVED[spec.name.partition('.')[2]]}")

    def exec_module(self, module: ModuleType) -> None:
        pass  # already executed at its new place


if not any(isinstance(f, _MovedModules) for f in sys.meta_path):
    sys.meta_path.append(_MovedModules())


def __getattr__(name: str) -> Any:
    """Import on first use, so ``textmend --help`` and ``import textmend`` stay fast."""
    if name in _LAZY:
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'textmend' has no attribute {name!r}")
