"""Batch: analyse many inputs on several cores, yielding outcomes in input order.

Each input is one task (path, config, encoding): workers read, decode and analyse it with the same pure
function a single-file run uses, so results are identical whatever ``--jobs`` is. Reading happens in the
worker too, so I/O spreads over the cores; a bad file becomes an error outcome, never an exception.
"""
from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass

from ..config import Config
from ..engine.pipeline import analyse
from ..engine.result import Result
from ..engine.workers import ItemError, default_jobs, imap_ordered
from ..io.read import InputError, decode, read_source
from ..output.json_lines import json_line

#: Below this many inputs a process pool costs more than it saves.
MIN_PARALLEL = 4


@dataclass(frozen=True)
class Task:
    path: str  # "-" for standard input
    cfg: Config
    encoding: str = "utf-8"
    data: bytes | None = None  # standard input, read by the parent
    render: str | None = None  # "json": the worker also renders the JSON line (spreads that work too)
    schema: int = 2  # the JSON schema it renders


@dataclass(frozen=True)
class Outcome:
    path: str
    text: str | None  # the decoded input; None on error
    result: Result | None
    error: str | None = None
    rendered: str | None = None  # the JSON line, when the task asked for it


#: Inputs larger than this (characters) are not rendered by the worker: the parent's formatter streams their
#: JSON line in pieces, so a huge file's line is never held whole (issue 10: bounded memory).
RENDER_LIMIT = 1 << 20


def process(task: Task, repair: bool) -> Outcome:
    """Read and analyse one input; every input problem becomes ``Outcome.error``."""
    try:
        if task.data is not None:
            text = decode(task.data, task.path, task.encoding)
        else:
            text = read_source(task.path, task.encoding).text
    except InputError as exc:
        return Outcome(task.path, None, None, str(exc))
    except (OSError, ValueError) as exc:  # a path that is a FIFO, a socket, too long, ...
        return Outcome(task.path, None, None, f"{task.path}: {exc}")
    result = analyse(text, task.cfg, repair=repair)
    if task.render in ("json", "jsonl") and len(text) <= RENDER_LIMIT:
        return Outcome(task.path, text, result, rendered=json_line(result, task.path, task.schema))
    return Outcome(task.path, text, result)


def _process_repair(task: Task) -> Outcome:
    return process(task, True)


def _process_check(task: Task) -> Outcome:
    return process(task, False)


def warm(tasks: list[Task]) -> None:
    """Build each distinct index in the parent: map errors surface before any worker starts, and forked
    workers inherit the compiled index instead of rebuilding it.

    The indexes are then moved out of the garbage collector's sight (``gc.freeze``): they live as long as the
    process, and each full collection would walk their hundreds of thousands of objects again (0.1 s of a
    0.5 s run on one small file). The command line owns its process; the library never freezes its caller's
    heap. One input loads only what the probe needs; the matcher's tables follow if the probe finds a key."""
    import gc

    from ..engine.pipeline import index_for

    seen: set[tuple] = set()
    for t in tasks:
        key = (t.cfg.themes, tuple(t.cfg.map_files), t.cfg.builtin_maps, t.cfg.guard_threshold, t.cfg.evidence_file)
        if key not in seen:  # the same call the pipeline makes, so the in-process cache is shared
            seen.add(key)
            index = index_for(t.cfg)
            if len(tasks) > 1:  # several inputs (and workers): load the matcher's tables once, here
                index.load_all()
            else:  # one input: only if the probe finds a key, and then out of the collector's sight too
                index.freeze_on_load = True
    gc.freeze()


def run(tasks: list[Task], repair: bool, jobs: int | None = None) -> Generator[Outcome, None, None]:
    """Outcomes in task order. ``jobs``: worker processes (``None``: every core; 1: in this process).

    The same engine as ``repair_many`` (``workers.imap_ordered``): bounded, ordered, and stopped cleanly on
    Ctrl-C. Close the iterator (or exhaust it) to stop the workers.
    """
    jobs = default_jobs() if not jobs or jobs < 1 else jobs
    warm(tasks)
    fn: Callable[[Task], Outcome] = _process_repair if repair else _process_check
    if len(tasks) < MIN_PARALLEL:
        jobs = 1
    # Small chunks for an even spread over the workers (file sizes are unknown until read).
    chunk = max(1, min(16, len(tasks) // (jobs * 8)))
    for task, out in zip(tasks, imap_ordered(fn, tasks, jobs, chunk_items=chunk)):
        if isinstance(out, ItemError):  # an unexpected failure inside the pipeline: that input only
            out = Outcome(task.path, None, None, f"{task.path}: internal error: {out.error}: {out.message}")
        yield out
