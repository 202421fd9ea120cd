"""The command line: ``main`` (check, fix, report, explain, config, maps) and one module per other command
(``learn``, ``eval``, ``dataset``, ``rule``); ``options`` builds the flags from the options table, ``batch``
runs many inputs, ``progress`` reports on stderr, and ``entry.run`` is the console script (``main``, then a
hard exit). Only this package imports click."""
from .main import main

__all__ = ["main"]
