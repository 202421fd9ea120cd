"""Read phrase maps: the TSV format of ``data/phrase_maps/README.md``, and Problematic Paper Screener CSV exports.

Parsing is strict: a malformed line raises ``MapError`` with file and line, so bad data never loads silently.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..model import Entry, EntryKind
from .rules import parse_when

KINDS = tuple(k.value for k in EntryKind)
HEADER_KEYS = {"id", "title", "theme", "provenance", "kind", "confidence", "support", "example", "clean",
               "clean-in-spun", "words"}
REPEATABLE = {"example", "clean", "clean-in-spun", "words"}
DEFAULT_CONFIDENCE = {EntryKind.FIXED: 0.95, EntryKind.GUARDED: 0.85, EntryKind.AMBIGUOUS: 0.5}
_EDGE_PUNCT = ",.;:!?"


class MapError(ValueError):
    """A phrase map that does not follow the format."""


@dataclass(frozen=True)
class PhraseMap:
    id: str
    title: str
    theme: str
    provenance: str
    path: str
    entries: tuple[Entry, ...] = ()
    allow: tuple[tuple[str, str], ...] = ()  # (phrase, reason)
    examples: tuple[tuple[str, str], ...] = ()
    clean: tuple[str, ...] = ()
    clean_in_spun: tuple[str, ...] = ()
    skipped: tuple[str, ...] = field(default=(), repr=False)
    #: ``#: words = ...``: correct words of this map's restorations that the spelling dictionary lacks.
    words: frozenset[str] = frozenset()

    @property
    def is_allow_list(self) -> bool:
        return bool(self.allow) or (not self.entries and not self.examples)


def slug(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text.lower().replace("’", "'")).strip("-") or "x"


def _parse_header(line: str, path: str, lineno: int) -> tuple[str, str]:
    key, sep, value = line[2:].partition("=")
    key, value = key.strip(), value.strip()
    if not sep or key not in HEADER_KEYS:
        raise MapError(f"{path}:{lineno}: unknown or malformed header {line!r}")
    return key, value


def parse_tsv(text: str, path: str = "<map>") -> PhraseMap:
    meta: dict[str, str] = {}
    repeated: dict[str, list[str]] = {k: [] for k in REPEATABLE}
    rows: list[tuple[int, list[str]]] = []
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\r")
        if line.startswith("#:"):
            key, value = _parse_header(line, path, lineno)
            if key in REPEATABLE:
                repeated[key].append(value)
            elif key in meta:
                raise MapError(f"{path}:{lineno}: header {key!r} given twice")
            else:
                meta[key] = value
        elif line.startswith("#") or not line.strip():
            continue
        else:
            rows.append((lineno, line.split("\t")))
    for key in ("id", "title", "theme", "provenance"):
        if not meta.get(key):
            raise MapError(f"{path}: missing header '#: {key} = ...'")
    map_id = meta["id"]
    kind = meta.get("kind", "entries")
    examples = []
    for ex in repeated["example"]:
        spun, arrow, fixed = ex.partition("=>")
        if not arrow:
            raise MapError(f"{path}: example without '=>': {ex!r}")
        examples.append((spun.strip(), fixed.strip()))
    common: dict[str, Any] = {
        "id": map_id, "title": meta["title"], "theme": meta["theme"], "provenance": meta["provenance"],
        "path": path, "examples": tuple(examples), "clean": tuple(repeated["clean"]),
        "clean_in_spun": tuple(repeated["clean-in-spun"]),
        "words": frozenset(w.lower() for line in repeated["words"] for w in line.replace(",", " ").split())}
    if kind == "allow":
        allow = []
        for lineno, cols in rows:
            if len(cols) != 2 or not cols[0].strip() or not cols[1].strip():
                raise MapError(f"{path}:{lineno}: allow-list lines are 'phrase<TAB>reason'")
            allow.append((cols[0].strip(), cols[1].strip()))
        return PhraseMap(allow=tuple(allow), **common)
    if kind != "entries":
        raise MapError(f"{path}: unknown map kind {kind!r}")
    try:
        file_conf = float(meta.get("confidence", DEFAULT_CONFIDENCE[EntryKind.FIXED]))
    except ValueError:
        raise MapError(f"{path}: confidence must be a number") from None
    try:
        support = int(meta.get("support", "0"))
    except ValueError:
        raise MapError(f"{path}: support must be a whole number of characters") from None
    entries = [_parse_entry(cols, map_id, meta["provenance"], file_conf, path, lineno) for lineno, cols in rows]
    if support:
        entries = [replace(e, support=support) if not parse_when(e.when).conds else e for e in entries]
    return PhraseMap(entries=tuple(entries), **common)


def _parse_entry(cols: list[str], map_id: str, provenance: str, file_conf: float, path: str,
                 lineno: int) -> Entry:
    where = f"{path}:{lineno}"
    if len(cols) < 2 or len(cols) > 6:
        raise MapError(f"{where}: expected 2 to 6 tab-separated columns, got {len(cols)}")
    cols = cols + [""] * (6 - len(cols))
    garbled, restoration, kind, when, conf, note = (c.strip() for c in cols)
    kind = kind or EntryKind.FIXED.value
    if kind not in KINDS:
        raise MapError(f"{where}: unknown kind {kind!r} (expected {', '.join(KINDS)})")
    entry_kind = EntryKind(kind)
    if not garbled or not restoration:
        raise MapError(f"{where}: empty garbled phrase or restoration")
    garbled = " ".join(garbled.split())
    candidates = tuple(" ".join(c.split()) for c in restoration.split("|"))
    if any(not c for c in candidates):
        raise MapError(f"{where}: empty candidate in {restoration!r}")
    # "But not," -> "However,": trailing punctuation shared by both sides becomes a context rule.
    extra_when = ""
    if garbled[-1] in _EDGE_PUNCT and all(c.endswith(garbled[-1]) for c in candidates):
        extra_when = f"next={garbled[-1]}"
        garbled = garbled[:-1].rstrip()
        candidates = tuple(c[:-1].rstrip() for c in candidates)
    when = " ".join(x for x in (when, extra_when) if x)
    try:
        parsed = parse_when(when)
    except ValueError as exc:
        raise MapError(f"{where}: {exc}") from None
    multi = " " in garbled
    inflect = "" if "-n" in parsed.flags else ("n" if (multi or "+n" in parsed.flags) else "")
    if "+v" in parsed.flags:
        inflect += "v"
    try:
        default = file_conf if entry_kind == EntryKind.FIXED else DEFAULT_CONFIDENCE[entry_kind]
        confidence = float(conf) if conf else default
    except ValueError:
        raise MapError(f"{where}: confidence {conf!r} is not a number") from None
    if not 0.0 <= confidence <= 1.0:
        raise MapError(f"{where}: confidence {confidence} outside 0..1")
    return Entry(rule=f"{map_id}/{slug(garbled)}", garbled=garbled, candidates=candidates, kind=entry_kind,
                 when=when, confidence=confidence, inflect=inflect, map_id=map_id,
                 provenance=provenance, note=note, line=lineno)


# --- Problematic Paper Screener CSV export -------------------------------------------------------
PPS_HEADER = ("Fingerprint - Tortured Phrase", "Expected Text")
_QUOTED = re.compile(r'"([^"]+)"')
_CLEAN_PHRASE = re.compile(r"^[\w][\w \-'’]*[\w]$")


def parse_pps_csv(text: str, path: str = "<csv>") -> PhraseMap:
    """Import the clean phrase pairs of a Problematic Paper Screener export; list what is skipped."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header or tuple(h.strip() for h in header[:2]) != PPS_HEADER:
        raise MapError(f"{path}: not a Problematic Paper Screener export (header {header!r})")
    map_id = "pps-" + slug(Path(path).stem)
    entries: list[Entry] = []
    skipped: list[str] = []
    seen: set[str] = set()
    for lineno, row in enumerate(reader, 2):
        if len(row) < 2:
            skipped.append(f"line {lineno}: too few columns")
            continue
        finger, expected = row[0].strip(), row[1].strip()
        phrases = _QUOTED.findall(finger) or [finger]
        if len(phrases) != 1 or re.search(r"\b(AND|OR|NOT)\b|~\d", finger):
            skipped.append(f"line {lineno}: combined fingerprint {finger!r}")
            continue
        garbled = " ".join(phrases[0].split())
        if not _CLEAN_PHRASE.match(garbled) or not _CLEAN_PHRASE.match(expected) or "?" in expected:
            skipped.append(f"line {lineno}: not a clean phrase pair {finger!r} -> {expected!r}")
            continue
        key = garbled.lower()
        if key in seen:
            skipped.append(f"line {lineno}: duplicate {garbled!r}")
            continue
        seen.add(key)
        entries.append(Entry(rule=f"{map_id}/{slug(garbled)}", garbled=garbled, candidates=(expected,),
                             kind=EntryKind.FIXED, confidence=0.9, inflect="n" if " " in garbled else "",
                             map_id=map_id, provenance=f"imported: {path}", line=lineno))
    return PhraseMap(id=map_id, title=f"Imported from {path}", theme="imported",
                     provenance=f"imported: Problematic Paper Screener export {path}", path=path,
                     entries=tuple(entries), skipped=tuple(skipped))


# --- Loading -------------------------------------------------------------------------------------
def builtin_dir() -> Path:
    """Where the shipped maps are: inside the installed package, or ``data/phrase_maps`` in a checkout."""
    packaged = resources.files("textmend") / "phrase_maps"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "data" / "phrase_maps"


def parse_file(path: str | Path) -> PhraseMap:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, ValueError) as exc:  # ValueError: a NUL in a path from a config file
        raise MapError(f"{p}: cannot read map: {exc}") from None
    if p.suffix.lower() == ".csv" or text.startswith(PPS_HEADER[0]):
        return parse_pps_csv(text, str(p))
    return parse_tsv(text, str(p))


@lru_cache(maxsize=8)
def _builtin_maps(directory: str) -> tuple[PhraseMap, ...]:
    return tuple(parse_file(p) for p in sorted(Path(directory).glob("*.tsv")))


def builtin_maps() -> tuple[PhraseMap, ...]:
    return _builtin_maps(str(builtin_dir()))


def load_maps(themes: tuple[str, ...] | None = None, extra: tuple[str, ...] = (),
              builtin: bool = True) -> tuple[PhraseMap, ...]:
    """The maps a configuration selects: shipped maps of the given themes (allow-lists always), plus extras."""
    chosen: list[PhraseMap] = []
    if builtin:
        for m in builtin_maps():
            if themes is None or m.theme in themes or m.id in themes or m.is_allow_list:
                chosen.append(m)
        if themes is not None:
            known = {m.theme for m in builtin_maps()} | {m.id for m in builtin_maps()}
            unknown = sorted(set(themes) - known)
            if unknown:
                raise MapError(f"unknown map theme(s): {', '.join(unknown)} (known: {', '.join(sorted(known))})")
    chosen.extend(parse_file(p) for p in extra)
    return tuple(chosen)


def extra_words() -> frozenset[str]:
    """Words the validator accepts beyond pyspellchecker's dictionary (``words.txt``)."""
    p = builtin_dir() / "words.txt"
    if not p.exists():
        return frozenset()
    return frozenset(w.strip().lower() for w in p.read_text(encoding="utf-8").splitlines()
                     if w.strip() and not w.startswith("#"))
