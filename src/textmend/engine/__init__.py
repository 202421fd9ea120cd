"""The pipeline over one text, one module per stage: segment (``segment``, ``markup``, ``locality``), match
(``index``, ``spintax``, ``figures``, ``fuzzy``), score (``evidence``), decide (``decide``); ``pipeline`` runs
them, ``result`` holds what comes out (with ``diff``), ``workers`` spreads many texts over processes. Nothing
here imports output or CLI code (``tests/test_layers.py``)."""
