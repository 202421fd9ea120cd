"""Validate phrase maps: format, duplicates across maps, cycles, restorations that are garbles or typos.

Run by ``textmend maps validate`` and by the test suite, as codespell validates its dictionaries.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import EntryKind
from ..normalize import WORD_RE, phrase_key
from .phrasemap import MapError, PhraseMap, builtin_maps, extra_words, parse_file


def _key(phrase: str) -> str:
    return " ".join(phrase_key(phrase))


@dataclass
class Validation:
    """What the validator found: ``problems`` make a map wrong; ``warnings`` deserve a look (a user map
    repeating a shipped entry, as ``learn``'s output does, is redundant or a deliberate alternative)."""

    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def validate_maps(maps: tuple[PhraseMap, ...]) -> list[str]:
    """Every problem, all maps held to the rules of shipped maps."""
    return check_maps(maps).problems


def check_maps(maps: tuple[PhraseMap, ...], user: frozenset[str] = frozenset()) -> Validation:
    """Check ``maps``; those whose path is in ``user`` are the user's own (``--map`` files), for which a
    garbled phrase that a shipped map also holds is a warning, not a problem."""
    v = Validation()
    seen: dict[str, tuple[str, PhraseMap, tuple[str, ...]]] = {}
    ids: dict[str, str] = {}
    fixed_keys: dict[str, tuple[str, str]] = {}  # garbled key -> (where, map path)
    graph: dict[str, set[str]] = {}
    for m in maps:
        if m.id in ids:
            v.problems.append(f"{m.path}: map id {m.id!r} also used by {ids[m.id]}")
        ids[m.id] = m.path
        for e in m.entries:
            k = _key(e.garbled)
            where = f"{m.path}:{e.line}"
            if k in seen:
                if m.path in user and seen[k][1].path not in user:
                    v.warnings.append(_shadow(where, e, seen[k]))
                else:
                    v.problems.append(f"{where}: duplicate garbled phrase {e.garbled!r} (also {seen[k][0]})")
                continue
            seen[k] = (where, m, e.candidates)
            if e.kind == EntryKind.FIXED:
                fixed_keys[k] = (where, m.path)
            if e.kind != EntryKind.AMBIGUOUS:  # a suggestion never changes text: a cycle through it flips nothing
                graph[k] = {_key(c) for c in e.candidates}
            if any(_key(c) == k for c in e.candidates):
                v.problems.append(f"{where}: {e.garbled!r} restores to itself")
    for m in maps:
        for e in m.entries:
            for c in e.candidates:
                ck = _key(c)
                if ck not in fixed_keys or ck == _key(e.garbled):
                    continue
                garble_at, garble_map = fixed_keys[ck]
                if garble_map in user and m.path not in user:  # the user's entry rewrites a shipped repair
                    v.warnings.append(f"{garble_at}: {c!r} is what shipped entry {m.path}:{e.line} restores "
                                      f"{e.garbled!r} to; this entry would edit that repair as well")
                else:
                    v.problems.append(f"{m.path}:{e.line}: restoration {c!r} is itself a fixed garble ({garble_at})")
    v.problems += _cycles(graph)
    v.problems += _unknown_words(maps, user)
    return v


def _shadow(where: str, e, shipped: tuple[str, PhraseMap, tuple[str, ...]]) -> str:
    """A user entry for a garbled phrase a shipped map already restores."""
    at, _, cands = shipped
    if [_key(c) for c in cands] == [_key(c) for c in e.candidates]:
        return f"{where}: {e.garbled!r} is also a shipped entry ({at}) with the same restoration: redundant"
    return (f"{where}: {e.garbled!r} is also a shipped entry ({at}: {' | '.join(cands)!r}); both are loaded, "
            "so check which restoration you want (or use --no-builtin-maps)")


def _cycles(graph: dict[str, set[str]]) -> list[str]:
    out: list[str] = []
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1:
                out.append("cycle: " + " -> ".join(stack[stack.index(nxt):] + [nxt]) if nxt in stack
                           else f"cycle at {nxt}")
            elif nxt in graph and not state.get(nxt):
                visit(nxt, stack + [nxt])
        state[node] = 2

    for n in list(graph):
        if not state.get(n):
            visit(n, [n])
    return out


def _unknown_words(maps: tuple[PhraseMap, ...], user: frozenset[str] = frozenset()) -> list[str]:
    """Every restoration word must be a known English word: a restoration must not itself be a typo."""
    from .scoring import speller as shared_speller

    speller = shared_speller()
    allowed = extra_words()
    out: list[str] = []
    for m in maps:
        for e in m.entries:
            words = {w.lower() for c in e.candidates for w in WORD_RE.findall(c)
                     if w.isalpha() and len(w) > 1} - allowed - m.words
            unknown = sorted(speller.unknown(words))
            if unknown:
                how = (f"declare it in this map with a line '#: words = {' '.join(unknown)}'" if m.path in user
                       else "add it to data/phrase_maps/words.txt")
                out.append(f"{m.path}:{e.line}: restoration of {e.garbled!r} has unknown word(s): "
                           f"{', '.join(unknown)} (if correct, {how})")
    return out


def check(extra: tuple[str, ...] = ()) -> Validation:
    """The shipped maps, and the user's map files ``extra`` against them."""
    maps: list[PhraseMap] = []
    try:
        maps.extend(builtin_maps())
    except MapError as exc:
        return Validation([str(exc)])
    v = Validation()
    user: set[str] = set()
    for path in extra:
        try:
            m = parse_file(path)
        except MapError as exc:
            v.problems.append(str(exc))
            continue
        maps.append(m)
        user.add(m.path)
    found = check_maps(tuple(maps), frozenset(user))
    return Validation(v.problems + found.problems, found.warnings)


def validate(extra: tuple[str, ...] = ()) -> list[str]:
    return check(extra).problems
