"""Exit codes, as ruff and black use them. Pinned by a test: CI scripts depend on them."""
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  #: nothing found, nothing pending
    FINDINGS = 1  #: findings reported or changes pending
    ERROR = 2  #: usage, configuration or I/O error
