"""Spark: pandas UDFs that repair or score a text column (``pip install 'textmend[spark]'``, Java 17).

>>> from textmend.spark import repair_udf, score_udf, repair_struct_udf      # doctest: +SKIP
>>> df = df.withColumn("fixed", repair_udf()("text"))                      # doctest: +SKIP
>>> df = df.withColumn("tm", repair_struct_udf()("text")).select("*", "tm.*")  # doctest: +SKIP

Each UDF carries only its small ``Config``; the compiled maps are loaded once per Python worker process
(``get_index`` is a module-level cache, filled from textmend's disk cache when it is warm) and reused for every
batch that worker gets, since Spark reuses its Python workers. Null values give nulls. Results equal
``textmend.repair_many``'s for the same configuration.

Spark starts workers with ``python3`` from PATH unless ``PYSPARK_PYTHON`` names the interpreter that has
textmend installed: set it (``examples/spark_repair.py`` does).
"""
from __future__ import annotations

import json
from typing import Any

import pandas as pd
from pyspark.sql.functions import pandas_udf
from pyspark.sql.types import BooleanType, DoubleType, StringType, StructField, StructType

from .config import Config

#: The struct ``repair_struct_udf`` returns: the document score, spun or not, the repaired text, the edits
#: as JSON (schema 1 edits, as in ``textmend fix --format json``).
RESULT_TYPE = StructType([
    StructField("score", DoubleType()),
    StructField("spun", BooleanType()),
    StructField("text", StringType()),
    StructField("edits", StringType()),
])


def _results(texts: pd.Series, cfg: Config, repair: bool = True) -> list[Any]:
    """One Result per non-null text (None for nulls), in this worker process."""
    from .engine.pipeline import analyse, index_for

    index_for(cfg)  # loaded once per worker process, then cached for every later batch
    return [analyse(t, cfg, repair=repair) if isinstance(t, str) else None for t in texts]


def repair_udf(config: Config | None = None, **options: Any):
    """A string -> string pandas UDF: the repaired text."""
    cfg = Config.from_options(config, **options)

    @pandas_udf(StringType())  # type: ignore[call-overload]  # (pyspark's overloads want the UDF kind)
    def textmend_repair(texts: pd.Series) -> pd.Series:
        return pd.Series([r.text if r is not None else None for r in _results(texts, cfg)], dtype=object)

    return textmend_repair


def score_udf(config: Config | None = None, **options: Any):
    """A string -> double pandas UDF: the document spin score (null for null)."""
    cfg = Config.from_options(config, **options)

    @pandas_udf(DoubleType())  # type: ignore[call-overload]  # (pyspark's overloads want the UDF kind)
    def textmend_score(texts: pd.Series) -> pd.Series:
        return pd.Series([r.score if r is not None else None for r in _results(texts, cfg, repair=False)],
                         dtype="float64")

    return textmend_score


def repair_struct_udf(config: Config | None = None, **options: Any):
    """A string -> struct<score, spun, text, edits> pandas UDF: everything ``repair`` says, in one pass."""
    cfg = Config.from_options(config, **options)

    @pandas_udf(RESULT_TYPE)  # type: ignore[call-overload]  # (pyspark's overloads want the UDF kind)
    def textmend_result(texts: pd.Series) -> pd.DataFrame:
        rows = [(r.score, r.spun, r.text, json.dumps([e.to_json(1) for e in r.edits], ensure_ascii=False))
                if r is not None else (None, None, None, None) for r in _results(texts, cfg)]
        return pd.DataFrame(rows, columns=["score", "spun", "text", "edits"]).astype(
            {"score": "float64", "spun": "object"})

    return textmend_result
