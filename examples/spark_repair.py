"""Repair a text column on Spark with textmend's pandas UDFs; runs as is on a local Spark.

    pip install 'textmend[spark]'          # pyspark, pandas<3, pyarrow; Spark also needs Java 17
    python examples/spark_repair.py                        # the seed article's paragraphs, printed
    python examples/spark_repair.py IN.jsonl OUT_DIR       # a JSONL with a "text" column, to Parquet

``--master`` picks the cluster (default ``local[2]``). The UDFs load the maps once per Python worker.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

# Spark's Python workers must run this interpreter (the one with textmend and pandas installed).
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from textmend.spark import repair_struct_udf

SEED = Path(__file__).resolve().parent / "seed" / "article.txt"


def main() -> None:
    ap = argparse.ArgumentParser(description="Repair a text column on Spark.")
    ap.add_argument("input", nargs="?", help="JSONL with a text column (default: the seed article's paragraphs)")
    ap.add_argument("output", nargs="?", help="Parquet folder to write (default: print a few rows)")
    ap.add_argument("--column", default="text")
    ap.add_argument("--master", default="local[2]")
    args = ap.parse_args()

    spark = (SparkSession.builder.master(args.master).appName("textmend")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    try:
        if args.input:
            df = spark.read.json(args.input)
        else:
            paragraphs = [p for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]
            df = spark.createDataFrame([(p,) for p in paragraphs], [args.column])
        repaired = (df.withColumn("tm", repair_struct_udf()(args.column))
                    .select("*", F.col("tm.score").alias("textmend_score"), F.col("tm.spun").alias("textmend_spun"),
                            F.col("tm.text").alias("textmend_text"), F.col("tm.edits").alias("textmend_edits"))
                    .drop("tm"))
        if args.output:
            repaired.write.mode("overwrite").parquet(args.output)
            print(f"written to {args.output}")
        else:
            for row in repaired.limit(5).collect():
                print(f"{row.textmend_score:.2f}  {row.textmend_text[:100]}")
        stats = repaired.agg(F.count("*").alias("rows"), F.sum(F.col("textmend_spun").cast("int")).alias("spun"),
                             F.sum((F.col("textmend_text") != F.col(args.column)).cast("int")).alias("changed"))
        s = stats.first()
        print(f"{s.rows} rows, {s.spun or 0} spun, {s.changed or 0} changed")
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
