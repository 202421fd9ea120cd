"""The console script's entry: ``main``, then a hard exit that skips tearing down the interpreter.

Why: a run holds the compiled index (hundreds of thousands of small objects). Freeing them one by one and the
final garbage collection at interpreter shutdown took 0.4 s of a 1.2 s ``textmend check`` of one small file:
a third of every CI call. By the time ``main`` returns, output is flushed, written files are replaced,
temporary files are removed and worker processes are stopped, so nothing is left for shutdown to do but free
memory, which the operating system does at once. mypy exits the same way. The library and ``CliRunner`` tests
call ``main`` and are unaffected.
"""
from __future__ import annotations

import os
import sys
from typing import NoReturn

from .main import main


def exit_code(code: object) -> int:
    """The status ``sys.exit(code)`` would give: None is 0, an int is itself, anything else is printed and 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    try:
        print(code, file=sys.stderr)
    except (OSError, ValueError):
        pass
    return 1


def run() -> NoReturn:
    try:
        main()  # click's standalone mode always ends in SystemExit
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    status = exit_code(code)
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a closed pipe: main has already reported what it could not write
            pass
    os._exit(status)
