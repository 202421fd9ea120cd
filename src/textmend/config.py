"""The immutable configuration every stage reads. Defaults are documented in the README."""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any


@dataclass(frozen=True)
class Config:
    #: Edits with at least this confidence whose rules hold are applied; the rest are reported.
    apply_threshold: float = 0.7
    #: Document spin score that guarded entries need unless they say ``doc>=X`` themselves.
    guard_threshold: float = 0.5
    #: Document spin score from which a document is called spun.
    spun_threshold: float = 0.5
    #: Map themes to load (``None``: all shipped maps).
    themes: tuple[str, ...] | None = None
    #: Extra map files (our TSV format, or a Problematic Paper Screener CSV export).
    maps: tuple[str, ...] = ()
    #: Load the maps shipped with textmend (``False``: only ``maps``).
    builtin_maps: bool = True
    #: Evidence table (``phrase<TAB>weight``) the spin score reads: ``None`` the shipped one, ``""`` none.
    evidence_file: str | None = None
    #: Extra allow-listed phrases: findings inside them are suppressed.
    allow: tuple[str, ...] = ()
    #: Regular expressions whose matches are never edited.
    ignore_re: tuple[str, ...] = ()
    #: Near-miss matching of multiword entries (rapidfuzz), in documents with spin evidence.
    fuzzy: bool = True
    #: rapidfuzz ratio (0-100) from which a near miss is reported, and from which it is applied.
    fuzzy_report: float = 88.0
    fuzzy_apply: float = 97.0
    #: Treat the document as spun (document score 1.0): for snippets known to come from a spinner.
    assume_spun: bool = False
    #: Also apply report-only candidates (the first candidate).
    unsafe: bool = False
    #: How the text is marked up: ``text``, ``markdown`` or ``html``. Markup (code, tags, link targets) is
    #: protected; only visible text is edited. The CLI sets it from the file extension.
    markup: str = "text"
    #: Rules to run, by rule id (``news/international-locations``), map id (``news``) or ``ALL``; empty: all.
    select: tuple[str, ...] = ()
    #: Rules not to run (same selectors; they win over ``select``). An ignored rule finds nothing, so it is
    #: not evidence either.
    ignore: tuple[str, ...] = ()

    def runs(self, rule: str) -> bool:
        """Is ``rule`` selected and not ignored?"""
        if self.select and not any(selects(s, rule) for s in self.select):
            return False
        return not any(selects(s, rule) for s in self.ignore)

    def replace(self, **changes: Any) -> Config:
        return replace(self, **changes)

    @classmethod
    def from_options(cls, config: Config | None = None, **options: Any) -> Config:
        base = config or cls()
        if not options:
            return base
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(options) - known)
        if unknown:
            raise TypeError(f"unknown textmend option(s): {', '.join(unknown)}")
        for key in ("themes", "maps", "allow", "ignore_re", "select", "ignore"):
            if key in options and isinstance(options[key], (list, str)):
                val = options[key]
                options[key] = tuple(val.split(",")) if isinstance(val, str) else tuple(val)
        return replace(base, **options)


def selects(selector: str, rule_id: str) -> bool:
    """Does ``selector`` name this rule? A rule id, or a map id (``news``) or any rule-id prefix ending at a
    ``/`` boundary, or ``ALL``."""
    return selector in ("ALL", rule_id) or rule_id.startswith(selector.rstrip("/") + "/")
