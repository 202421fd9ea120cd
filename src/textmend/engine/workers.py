"""The worker engine: map a function over any iterable on worker processes, results in input order.

Why not ``ProcessPoolExecutor.map``: it consumes the whole input before yielding anything, keeps every pending
result in memory, and on Ctrl-C it can hang with workers blocked writing to a pipe nobody reads. Here:

- **bounded**: at most ``window`` chunks are in flight (read from the input, not yet yielded), so memory does
  not grow with the input; the input is read lazily, a chunk at a time;
- **ordered**: results are yielded in input order (a small reorder buffer, bounded by the window);
- **per-item errors**: an exception raised for one item becomes an :class:`ItemError` in its place and the
  run goes on; a worker that dies (killed, out of memory) turns its chunk into errors and is replaced;
- **no orphans**: each worker is bound to its parent (``PR_SET_PDEATHSIG`` on Linux, and an idle worker polls
  its parent), ignores SIGINT (the parent owns the terminal's Ctrl-C) and is terminated when the consumer
  stops early, is interrupted, or raises.

Each worker has its own pipe. It gets a chunk to run and, while it runs it, at most one more that is small
enough to sit whole in the pipe's buffer (``QUEUE_BYTES``): the parent never blocks sending while the worker
blocks sending its results, and the worker never waits for work while the parent runs a chunk itself.
"""
from __future__ import annotations

import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import Any

#: Chunks in flight per worker (one running, one ready): enough to keep a worker busy, small enough to bound
#: memory. Override with ``window``.
WINDOW_PER_WORKER = 4
#: A chunk holds at most this many items, and stops growing past this many characters of ``str`` items.
CHUNK_ITEMS = 64
CHUNK_CHARS = 1 << 20
#: A second chunk is queued to a busy worker only if its pickled message is at most this big: well under a
#: Unix socket's send buffer (208 KiB by default on Linux), so sending it never blocks.
QUEUE_BYTES = 64 * 1024


@dataclass(frozen=True)
class ItemError:
    """Stands in the output stream for an item that failed; the run goes on.

    ``index`` is the item's position in the input (0-based), ``error`` the exception class name.
    """

    index: int
    error: str
    message: str

    def __str__(self) -> str:
        return f"item {self.index}: {self.error}: {self.message}"


def default_jobs() -> int:
    """Every core this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _apply(fn: Callable[[Any], Any], index: int, item: Any) -> Any:
    try:
        return fn(item)
    except Exception as exc:  # an item's failure is data, not the end of the run
        return ItemError(index, type(exc).__name__, str(exc))


def _chunks(items: Iterable[Any], size: int, chars: int,
            send: Callable[[Any], Any] | None = None) -> Iterator[list[Any]]:
    """Consecutive chunks of ``items``: up to ``size`` items, cut early once ``chars`` characters of text
    are in (so one chunk of huge documents does not hold them all). Only ``str`` payloads count."""
    it = iter(items)

    def size_of(item: Any) -> int:
        payload = send(item) if send else item
        return len(payload) if isinstance(payload, str) else 0

    while True:
        chunk = list(islice(it, size))
        if not chunk:
            return
        total = sum(map(size_of, chunk))
        if total <= chars:
            yield chunk
            continue
        part: list[Any] = []
        total = 0
        for item in chunk:
            part.append(item)
            total += size_of(item)
            if total >= chars:
                yield part
                part, total = [], 0
        if part:
            yield part


def imap_ordered(fn: Callable[[Any], Any], items: Iterable[Any], jobs: int | None = None,
                 window: int | None = None, chunk_items: int = CHUNK_ITEMS,
                 chunk_chars: int = CHUNK_CHARS) -> Generator[Any, None, None]:
    """``fn(item)`` for every item, in input order; a failing item yields an :class:`ItemError`.

    ``fn`` must be a module-level function (workers import it by name where processes are spawned).
    ``jobs``: worker processes (``None`` or 0: every core; 1: in this process, no workers).
    """
    for _, result in imap_pairs(fn, items, jobs, window, chunk_items, chunk_chars):
        yield result


def imap_pairs(fn: Callable[[Any], Any], items: Iterable[Any], jobs: int | None = None,
               window: int | None = None, chunk_items: int = CHUNK_ITEMS,
               chunk_chars: int = CHUNK_CHARS, send: Callable[[Any], Any] | None = None
               ) -> Generator[tuple[Any, Any], None, None]:
    """Like :func:`imap_ordered`, yielding ``(item, result)``: the caller need not hold the items itself.

    ``send(item)`` is what ``fn`` gets (default: the item), so a record can travel with its result while only
    its text crosses to the worker.
    """
    jobs = default_jobs() if not jobs or jobs < 1 else jobs
    if jobs == 1:
        for i, item in enumerate(items):
            yield item, _apply(fn, i, send(item) if send else item)
        return
    chunks = _chunks(items, chunk_items, chunk_chars, send)
    first = list(islice(chunks, 2))
    if len(first) < 2 and (not first or len(first[0]) < 2):
        for i, item in enumerate(first[0] if first else []):  # one item: a pool costs more than it saves
            yield item, _apply(fn, i, send(item) if send else item)
        return
    pool = _Pool(fn, jobs, window or WINDOW_PER_WORKER * jobs, send)
    try:
        yield from pool.run(_chain(first, chunks))
    finally:
        pool.close()


def _chain(first: list[list[Any]], rest: Iterator[list[Any]]) -> Iterator[list[Any]]:
    yield from first
    yield from rest


class _Worker:
    def __init__(self, ctx: Any, fn: Callable[[Any], Any]) -> None:
        parent, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, fn, os.getpid()), daemon=True)
        with deferred_signals():  # the child starts with Ctrl-C held until it has set its own handlers
            self.proc.start()
        child.close()
        self.conn = parent
        #: Chunks sent and not yet answered, oldest first: (chunk number, first index, the chunk).
        self.inflight: deque[tuple[int, int, list[Any]]] = deque()


class _Pool:
    """The parent side: hands chunks to idle workers, collects results, yields them in order.

    With ``jobs`` N there are N-1 worker processes and the parent works too: when every worker is busy it
    runs the next chunk itself. That saves one process's worth of pickling and piping, and the parent has
    nothing better to do while it waits.
    """

    def __init__(self, fn: Callable[[Any], Any], jobs: int, window: int,
                 send: Callable[[Any], Any] | None = None) -> None:
        import multiprocessing

        # fork on Linux: workers inherit the compiled index the parent warmed; spawn elsewhere.
        method = "fork" if sys.platform.startswith("linux") else "spawn"
        self.ctx = multiprocessing.get_context(method)
        self.fn, self.jobs, self.window, self.send = fn, jobs, max(window, jobs), send
        self.procs = max(1, jobs - 1)  # worker processes; the parent is the last of the N
        self.workers: list[_Worker] = []
        self.pending: deque[tuple[int, int, list[Any]]] = deque()

    def run(self, chunks: Iterator[list[Any]]) -> Iterator[Any]:
        pending: deque[tuple[int, int, list[Any]]] = deque()  # read, not yet handed to a worker
        self.pending = pending  # a dead worker's queued (unstarted) chunks go back here
        done: dict[int, list[Any]] = {}  # finished out of order
        next_chunk = 0  # the chunk to yield next
        read = 0  # chunks read from the input
        start_index = 0
        exhausted = False
        while True:
            # Read ahead while the window allows: chunks in flight = read - next_chunk.
            while not exhausted and read - next_chunk < self.window and len(pending) < self.jobs:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                    break
                pending.append((read, start_index, chunk))
                start_index += len(chunk)
                read += 1
            self._dispatch(pending)
            if next_chunk in done:
                while next_chunk in done:
                    yield from done.pop(next_chunk)
                    next_chunk += 1
                continue  # the window has room again: read ahead before waiting
            if exhausted and next_chunk == read:
                return
            if self._collect(done, 0):
                continue  # a worker finished: hand it the next chunk before working here
            if pending:  # every worker is busy: the parent takes a chunk itself
                number, first, chunk = pending.popleft()
                send = self.send
                done[number] = [(item, _apply(self.fn, first + k, send(item) if send else item))
                                for k, item in enumerate(chunk)]
                continue
            self._collect(done, None)

    def _collect(self, done: dict[int, list[Any]], timeout: float | None) -> bool:
        """Take in the results of the workers that have finished (waiting up to ``timeout``; None: until one
        has); a worker that died turns its chunk into errors. True when anything came in."""
        from multiprocessing.connection import wait

        busy = [w for w in self.workers if w.inflight]
        if not busy:
            return False
        ready = wait([w.conn for w in busy] + [w.proc.sentinel for w in busy], timeout)
        for w in busy:
            if w.conn in ready:
                try:
                    while w.inflight:  # a worker answers its chunks in the order it got them
                        number, results = w.conn.recv()
                        done[number] = list(zip(w.inflight.popleft()[2], results))
                        if not w.conn.poll():
                            break
                except (EOFError, OSError):
                    self._lost(w, done)
            elif w.proc.sentinel in ready and not w.conn.poll():
                self._lost(w, done)
        return bool(ready)

    def _dispatch(self, pending: deque[tuple[int, int, list[Any]]]) -> None:
        """Hand pending chunks to idle workers (starting workers up to ``procs``), then queue one small chunk
        to each worker that has only one: it starts on it the moment it answers, not when the parent next
        looks."""
        while pending:
            idle = next((w for w in self.workers if not w.inflight), None)
            if idle is None:
                if len(self.workers) >= self.procs:
                    break
                idle = _Worker(self.ctx, self.fn)
                self.workers.append(idle)
            if self._send(idle, pending[0], None):
                pending.popleft()
            else:  # it died idle: drop it, and start another on the next round
                self._drop(idle)
        for w in self.workers:
            if pending and len(w.inflight) == 1 and self._send(w, pending[0], QUEUE_BYTES):
                pending.popleft()

    def _send(self, w: _Worker, job: tuple[int, int, list[Any]], limit: int | None) -> bool:
        """Send a chunk to a worker, unless its message is over ``limit`` bytes (then: False, not sent)."""
        from multiprocessing.reduction import ForkingPickler

        number, first, chunk = job
        payload = [self.send(x) for x in chunk] if self.send else chunk
        if limit is not None and sum(len(x) for x in payload if isinstance(x, str)) > limit:
            return False  # too big to queue whatever its encoding: not worth pickling to find out
        message = ForkingPickler.dumps((number, first, payload))
        if limit is not None and len(message) > limit:
            return False
        try:
            w.conn.send_bytes(message)
        except OSError:  # the worker died (BrokenPipeError): its death is handled where it is noticed
            return False
        w.inflight.append(job)
        return True

    def _drop(self, w: _Worker) -> None:
        w.proc.kill()
        w.proc.join(1)
        w.conn.close()
        self.workers.remove(w)

    def _lost(self, w: _Worker, done: dict[int, list[Any]]) -> None:
        """A worker died with a chunk: each of its items becomes an error, and the worker is replaced."""
        w.proc.join(1)
        code = w.proc.exitcode
        why = f"worker process died (exit code {code})"
        if w.inflight:  # the oldest chunk was running; the one queued behind it never started: run it again
            number, first, chunk = w.inflight.popleft()
            done[number] = [(item, ItemError(first + k, "WorkerDied", why)) for k, item in enumerate(chunk)]
            self.pending.extendleft(reversed(w.inflight))
            w.inflight.clear()
        w.conn.close()
        self.workers.remove(w)

    def close(self) -> None:
        """Stop every worker now (also on Ctrl-C or an early stop): terminate, reap, close the pipes."""
        with deferred_signals():
            for w in self.workers:
                if w.proc.is_alive():
                    w.proc.kill()
            for w in self.workers:
                w.proc.join(5)
                w.conn.close()
            self.workers.clear()


def _serve(conn: Any, fn: Callable[[Any], Any], parent: int) -> None:
    """A worker's loop: one chunk in, its results out, until the pipe closes or the parent goes."""
    bind_to_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and then stops us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    while True:
        try:
            while not conn.poll(1.0):
                if os.getppid() != parent:  # orphaned (where PR_SET_PDEATHSIG does not exist)
                    os._exit(1)
            msg = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            os._exit(0)
        number, first, chunk = msg
        results = [_apply(fn, first + k, item) for k, item in enumerate(chunk)]
        try:
            conn.send((number, results))
        except (OSError, EOFError):
            os._exit(0)
        except Exception as exc:  # a result that does not pickle: report it per item
            conn.send((number, [ItemError(first + k, type(exc).__name__, f"result not transferable: {exc}")
                                for k in range(len(chunk))]))


def bind_to_parent(parent: int) -> None:
    """Die with the parent: ``PR_SET_PDEATHSIG`` (Linux) sends SIGKILL when it exits, however it exits."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - no libc
            pass
    if os.getppid() != parent:  # the parent died before the death signal was armed
        os._exit(1)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so the same cleanup runs (workers stopped, no half-written file)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated(signum)


def terminate_like_interrupt() -> None:
    """Make SIGTERM unwind this process like Ctrl-C (from the main thread only: elsewhere Python refuses)."""
    import threading

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _raise_terminated)


def exit_status(exc: KeyboardInterrupt) -> int:
    """The shell's convention: 128 + the signal number (130 for Ctrl-C, 143 for TERM)."""
    return 128 + getattr(exc, "signum", signal.SIGINT)


@contextmanager
def deferred_signals() -> Iterator[None]:
    """Hold SIGINT and SIGTERM while the block runs (a file write, a cleanup): a Ctrl-C arriving meanwhile is
    delivered when the block ends, so the block is never cut in half."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        yield
        return
    sigs = {signal.SIGINT, signal.SIGTERM}
    old = signal.pthread_sigmask(signal.SIG_BLOCK, sigs)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)
