"""Progress on stderr for long CLI runs (never on stdout, which may carry machine output)."""
from __future__ import annotations

import sys
import time

import click


class Progress:
    """Progress on stderr: a bar when stderr is a terminal, else (with ``verbose``) a docs/s line every few
    seconds, else nothing. Never on stdout, which may carry machine output."""

    def __init__(self, total: int, verbose: bool, interval: float = 3.0) -> None:
        self.total, self.verbose, self.interval = total, verbose, interval
        self.done = 0
        self.start = self.last = time.monotonic()
        self.bar = None
        if sys.stderr.isatty() and total > 1:
            self.bar = click.progressbar(length=total, label="textmend", file=sys.stderr)
            self.bar.__enter__()

    def step(self) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(1)
            return
        now = time.monotonic()
        if self.verbose and now - self.last >= self.interval:
            self.last = now
            rate = self.done / max(now - self.start, 1e-9)
            print(f"textmend: {self.done}/{self.total} docs, {rate:.1f} docs/s", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


class DatasetProgress:
    """On a terminal: a bar (bytes of JSONL, rows of Parquet), or a row count when the total is unknown (CSV).
    Nothing otherwise: stderr stays clean for logs."""

    def __init__(self, total: int | None) -> None:
        self.bar = None
        self.done = 0
        self.count = sys.stderr.isatty() and total is None
        self.last = time.monotonic()
        if sys.stderr.isatty() and total is not None:
            self.bar = click.progressbar(length=total, label="textmend", file=sys.stderr)
            self.bar.__enter__()

    def step(self, n: int) -> None:
        if self.bar is not None:
            self.bar.update(n)
        elif self.count:
            self.done += n
            if time.monotonic() - self.last >= 0.5:
                self.last = time.monotonic()
                sys.stderr.write(f"\rtextmend: {self.done:,} rows")
                sys.stderr.flush()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None
        elif self.count and self.done:
            sys.stderr.write("\n")
