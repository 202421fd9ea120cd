"""Validate phrase maps: format, duplicates across maps, cycles, restorations that are garbles or typos.

Run by ``textmend maps validate`` and by the test suite, as codespell validates its dictionaries.
"""
from __future__ import annotations

from .normalize import WORD_RE
from .phrasemap import MapError, PhraseMap, builtin_maps, extra_words, parse_file


def _key(phrase: str) -> str:
    return " ".join(w.lower() for w in WORD_RE.findall(phrase.replace("’", "'")))


def validate_maps(maps: tuple[PhraseMap, ...]) -> list[str]:
    problems: list[str] = []
    seen: dict[str, str] = {}
    ids: dict[str, str] = {}
    fixed_keys: dict[str, str] = {}
    graph: dict[str, set[str]] = {}
    for m in maps:
        if m.id in ids:
            problems.append(f"{m.path}: map id {m.id!r} also used by {ids[m.id]}")
        ids[m.id] = m.path
        for e in m.entries:
            k = _key(e.garbled)
            where = f"{m.path}:{e.line}"
            if k in seen:
                problems.append(f"{where}: duplicate garbled phrase {e.garbled!r} (also {seen[k]})")
                continue
            seen[k] = where
            if e.kind == "fixed":
                fixed_keys[k] = where
            graph[k] = {_key(c) for c in e.candidates}
            if any(_key(c) == k for c in e.candidates):
                problems.append(f"{where}: {e.garbled!r} restores to itself")
    for m in maps:
        for e in m.entries:
            for c in e.candidates:
                ck = _key(c)
                if ck in fixed_keys and ck != _key(e.garbled):
                    problems.append(f"{m.path}:{e.line}: restoration {c!r} is itself a fixed garble "
                                    f"({fixed_keys[ck]})")
    problems += _cycles(graph)
    problems += _unknown_words(maps)
    return problems


def _cycles(graph: dict[str, set[str]]) -> list[str]:
    out: list[str] = []
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1:
                out.append("cycle: " + " -> ".join(stack[stack.index(nxt):] + [nxt]) if nxt in stack else f"cycle at {nxt}")
            elif nxt in graph and not state.get(nxt):
                visit(nxt, stack + [nxt])
        state[node] = 2

    for n in list(graph):
        if not state.get(n):
            visit(n, [n])
    return out


def _unknown_words(maps: tuple[PhraseMap, ...]) -> list[str]:
    """Every restoration word must be a known English word: a restoration must not itself be a typo."""
    from .scoring import speller as shared_speller

    speller = shared_speller()
    allowed = extra_words()
    out: list[str] = []
    for m in maps:
        for e in m.entries:
            words = {w.lower() for c in e.candidates for w in WORD_RE.findall(c)
                     if w.isalpha() and len(w) > 1} - allowed
            unknown = speller.unknown(words)
            if unknown:
                out.append(f"{m.path}:{e.line}: restoration of {e.garbled!r} has unknown word(s): "
                           f"{', '.join(sorted(unknown))} (add to words.txt if correct)")
    return out


def validate(extra: tuple[str, ...] = ()) -> list[str]:
    problems: list[str] = []
    maps: list[PhraseMap] = []
    try:
        maps.extend(builtin_maps())
    except MapError as exc:
        return [str(exc)]
    for path in extra:
        try:
            maps.append(parse_file(path))
        except MapError as exc:
            problems.append(str(exc))
    return problems + validate_maps(tuple(maps))
