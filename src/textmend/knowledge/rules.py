"""The ``when`` column: context conditions of a map entry, parsed once and evaluated at a match.

Conditions look only at the words and punctuation next to a match, its sentence and the document score,
so a guarded entry fires where the spinner's use differs from ordinary English and nowhere else.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..normalize import WORD_RE, norm_word

QUOTES = "\"'“”‘’«»„‟‹›`"
DETERMINERS = frozenset("a an the this that these those its their his her our my your some any each every "
                        "no another".split())
CLASSES = frozenset({"@punct", "@quote", "@eos", "@bos", "@cap", "@lower", "@num", "@det"})
FLAGS = frozenset({"+n", "+v", "-n"})
_QUOTE_EQUIV = {'"': "\"“”„‟«»″", "'": "'‘’‛`´"}


@dataclass(frozen=True)
class Cond:
    field: str  # prev | next | sent
    negate: bool
    items: tuple[str | tuple[str, ...], ...]  # class names, punctuation chars, or word tuples


@dataclass(frozen=True)
class When:
    conds: tuple[Cond, ...] = ()
    min_doc: float | None = None
    flags: frozenset[str] = frozenset()
    #: ``near=N``: another finding that is not itself so gated must lie within N characters. A spinner's
    #: common output word ("stay", "world") is worth showing only right beside other spinner output.
    near: int | None = None


def _parse_items(spec: str) -> tuple[str | tuple[str, ...], ...]:
    items: list[str | tuple[str, ...]] = []
    for raw in spec.split("|"):
        item = raw.strip()
        if not item:
            raise ValueError(f"empty alternative in {spec!r}")
        if item.startswith("@"):
            if item not in CLASSES:
                raise ValueError(f"unknown class {item!r} (known: {', '.join(sorted(CLASSES))})")
            items.append(item)
        elif len(item) == 1 and not item.isalnum():
            items.append(item)
        else:
            words = tuple(norm_word(w) for w in WORD_RE.findall(item.replace("_", " ")))
            if not words:
                raise ValueError(f"cannot read alternative {item!r}")
            items.append(words)
    return tuple(items)


def parse_when(when: str) -> When:
    conds: list[Cond] = []
    min_doc: float | None = None
    near: int | None = None
    flags: set[str] = set()
    parts: list[str] = []
    for part in when.split():
        # "next=in an|on the": a word that is not a condition continues the previous one's alternatives.
        if parts and "=" not in part and part not in FLAGS and not part.startswith(("doc>=", "near=")):
            parts[-1] += " " + part
        else:
            parts.append(part)
    for part in parts:
        if part in FLAGS:
            flags.add(part)
            continue
        if part.startswith("doc>="):
            try:
                min_doc = float(part[5:])
            except ValueError:
                raise ValueError(f"bad document threshold {part!r}") from None
            if not 0.0 <= min_doc <= 1.0:
                raise ValueError(f"document threshold outside 0..1: {part!r}")
            continue
        if part.startswith("near="):
            if not part[5:].isdigit() or not 0 < int(part[5:]) <= 1000:
                raise ValueError(f"bad distance {part!r} (near=N: 1 to 1000 characters)")
            near = int(part[5:])
            continue
        negate = part.startswith("!")
        key, eq, spec = part.lstrip("!").partition("=")
        if not eq or key not in ("prev", "next", "sent"):
            raise ValueError(f"unknown condition {part!r}")
        conds.append(Cond(key, negate, _parse_items(spec.replace("_", " "))))
    return When(tuple(conds), min_doc, frozenset(flags), near)


def _char_is(ch: str, item: str) -> bool:
    if item in _QUOTE_EQUIV:
        return ch in _QUOTE_EQUIV[item]
    return ch == item


def _class_holds(cls: str, ch: str, word: str | None, boundary: bool) -> bool:
    if cls == "@punct":
        return bool(ch) and not ch.isalnum() and word is None
    if cls == "@quote":
        return bool(ch) and ch in QUOTES
    if cls in ("@eos", "@bos"):
        return boundary
    if word is None:
        return False
    if cls == "@cap":
        return word[0].isupper()
    if cls == "@lower":
        return word[0].islower()
    if cls == "@num":
        return word[0].isdigit()
    if cls == "@det":
        return norm_word(word) in DETERMINERS
    return False


def _joined(gap: str, have_words: bool) -> bool:
    """May a word across ``gap`` count as adjacent? White space always; a hyphen or apostrophe only
    inside a word sequence already begun ("well-known", "nation's")."""
    stripped = gap.strip()
    return not stripped or (have_words and stripped in "-'’")


def _next_words(text: str, pos: int, limit: int) -> list[str]:
    """Up to ``limit`` words that follow ``pos`` with only white space before the first of them."""
    out: list[str] = []
    for m in WORD_RE.finditer(text, pos, min(len(text), pos + 200)):
        if not _joined(text[pos : m.start()], bool(out)):
            break
        out.append(m.group())
        pos = m.end()
        if len(out) == limit:
            break
    return out


def _prev_words(text: str, pos: int, limit: int) -> list[str]:
    """Up to ``limit`` words that precede ``pos`` (nearest last), with only white space after the last."""
    lo = max(0, pos - 200)
    found = list(WORD_RE.finditer(text, lo, pos))
    out: list[str] = []
    for m in reversed(found):
        if not _joined(text[m.end() : pos], bool(out)):
            break
        out.append(m.group())
        pos = m.start()
        if len(out) == limit:
            break
    return out[::-1]


def _side_holds(cond: Cond, text: str, start: int, end: int, sent: tuple[int, int]) -> bool:
    """Does what stands right after (``next``) or before (``prev``) the match fit one of the items?"""
    if cond.field == "next":
        p = end
        while p < len(text) and text[p].isspace():
            p += 1
        ch = text[p] if p < len(text) else ""
        boundary = not ch or ch in ".!?…" or p >= sent[1]
        words = _next_words(text, end, 4)
        near = words[0] if words else None
    else:
        p = start - 1
        while p >= 0 and text[p].isspace():
            p -= 1
        ch = text[p] if p >= 0 else ""
        boundary = not any(c.isalnum() for c in text[sent[0] : start])
        words = _prev_words(text, start, 4)
        near = words[-1] if words else None
    normed = tuple(map(norm_word, words))  # once, not once per alternative (a rule may list dozens)
    after = cond.field == "next"
    for item in cond.items:
        if isinstance(item, tuple):
            n = len(item)
            # the n words nearest the match, in text order
            if n <= len(normed) and (normed[:n] if after else normed[len(normed) - n:]) == item:
                return True
        elif item.startswith("@"):
            if _class_holds(item, ch, near, boundary):
                return True
        elif ch and _char_is(ch, item):
            return True
    return False


def _sent_holds(cond: Cond, text: str, sent: tuple[int, int]) -> bool:
    words = [norm_word(w) for w in WORD_RE.findall(text, sent[0], sent[1])]
    grams: dict[int, set[tuple[str, ...]]] = {}  # the sentence's n-grams, per length an alternative asks for
    for item in cond.items:
        if isinstance(item, tuple):
            n = len(item)
            if n not in grams:
                grams[n] = {tuple(words[k : k + n]) for k in range(len(words) - n + 1)}
            if item in grams[n]:
                return True
        elif not item.startswith("@") and item in text[sent[0] : sent[1]]:
            return True
    return False


def failing_condition(when: When, text: str, start: int, end: int, sent: tuple[int, int]) -> Cond | None:
    """The first context condition that does not hold at this match, or None when all hold."""
    for cond in when.conds:
        ok = _sent_holds(cond, text, sent) if cond.field == "sent" else _side_holds(cond, text, start, end, sent)
        if ok == cond.negate:
            return cond
    return None


def describe(cond: Cond, limit: int = 8) -> str:
    """The condition as written in the map, its alternatives cut to ``limit`` for readable explanations."""
    names = [i if isinstance(i, str) else " ".join(i) for i in cond.items]
    items = "|".join(names[:limit]) + (f"|…(+{len(names) - limit})" if len(names) > limit else "")
    return f"{'!' if cond.negate else ''}{cond.field}={items}"
