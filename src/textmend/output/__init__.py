"""Output formats: the registry (``formats``), the interface they share (``formatter``), one module per
format (``json_lines``, ``github``, ``sarif``, ``html_report``), word diffs (``report``) and output streams
that fail with one clear line (``streams``)."""
from .streams import ERRORS, STDOUT, WRITE_ERRNOS, Guarded, OutputError, escape_unencodable, flush_stdout, stdout

# ``textmend.output`` was the streams module before the package grouped the formats: its names stay here.
__all__ = ["ERRORS", "STDOUT", "WRITE_ERRNOS", "Guarded", "OutputError", "escape_unencodable", "flush_stdout",
           "stdout"]
