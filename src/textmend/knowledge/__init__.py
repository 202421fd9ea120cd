"""What textmend knows, as data and the code that reads it: phrase maps (``phrasemap``) and their context
rules (``rules``), the rules users address (``rulebook``), inflection (``inflect``), word frequencies
(``scoring``), map validation (``validate``), learning maps from text pairs (``align``, ``learn``) and the TSV
writer (``mapwrite``)."""
