"""Input and output of files: bytes to text with nothing lost (``read``, ``codec``), file discovery
(``inputs``), atomic writes (``write``), JSON Lines rows (``jsonl``) and config files (``settings``)."""
