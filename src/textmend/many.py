"""The streaming batch API: repair or check any iterable of texts on worker processes, in input order.

Memory stays bounded whatever the input's size (a window of chunks is in flight), and an item that fails (a
``None``, a non-string, an exception in the pipeline) yields an :class:`~textmend.workers.ItemError` in its
place instead of stopping the run.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial

from .config import Config
from .engine.result import Result
from .engine.workers import ItemError, imap_pairs

Outcome = Result | ItemError


def _one(cfg: Config, repair: bool, text: object) -> tuple[object, ...]:
    """In a worker: the Result without the input (the parent has it), and without the output text when it
    equals the input: what crosses the pipe is mostly edits, so the parent's share of the work stays small."""
    from .engine.pipeline import analyse

    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    r = analyse(text, cfg, repair=repair)
    return (None if r.text == text else r.text, r.edits, r.score, r.spun, r.scored_sentences, r.evidence)


def _many(texts: Iterable[object], config: Config | None, jobs: int | None, repair: bool,
          options: dict[str, object]) -> Iterator[Outcome]:
    from .engine.pipeline import index_for

    cfg = Config.from_options(config, **options)
    index_for(cfg).load_all()  # map errors surface here, once; forked workers inherit the compiled index
    for original, out in imap_pairs(partial(_one, cfg, repair), texts, jobs):
        if isinstance(out, ItemError):
            yield out
        else:
            text, edits, score, spun, scored, evidence = out
            yield Result(original, original if text is None else text, edits, score, spun, scored,
                         evidence=evidence)


def repair_many(texts: Iterable[object], config: Config | None = None, jobs: int | None = None,
                **options: object) -> Iterator[Outcome]:
    """``repair`` over any iterable, lazily: one ``Result`` (or ``ItemError``) per text, in input order.

    ``jobs``: worker processes (``None``/0: every core, 1: this process). Options are ``Config`` fields.

    >>> [r.text for r in repair_many(["Western international locations agreed.", "Fine."], jobs=1)]
    ['Western countries agreed.', 'Fine.']
    """
    return _many(texts, config, jobs, True, options)


def check_many(texts: Iterable[object], config: Config | None = None, jobs: int | None = None,
               **options: object) -> Iterator[Outcome]:
    """``check`` over any iterable, lazily, in input order (see :func:`repair_many`)."""
    return _many(texts, config, jobs, False, options)
