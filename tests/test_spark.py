"""Real PySpark in local mode: the pandas UDFs give exactly what ``repair_many`` gives, row for row.

Skips only where PySpark or Java is missing: ``.ci/run`` installs both (Debian's openjdk-17-jre-headless as
root, and pyspark through the ``test`` extra), so in CI this test runs.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import textmend
from textmend import Config

from .cli_support import AMBIGUOUS, CLEAN, SPUN
from .conftest import MINI

pytest.importorskip("pyspark", reason="pyspark is not installed (pip install 'textmend[spark]')")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("no Java here, and Java 17 could not be installed (.ci/run installs openjdk-17-jre-headless "
                "as root)", allow_module_level=True)

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PARAGRAPHS = [p for p in (EXAMPLES / "seed" / "article.txt").read_text(encoding="utf-8").split("\n\n") if p]


def _documents() -> list[str | None]:
    base = [SPUN, CLEAN, AMBIGUOUS, SPUN + CLEAN, "", None, *PARAGRAPHS]
    return [(t + f" Item {i}." if t else t) if i % 3 else t for i, t in enumerate(base * 12)]


@pytest.fixture(scope="module")
def spark():
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master("local[2]").appName("textmend-test")
               .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.shuffle.partitions", "2").getOrCreate())
    yield session
    session.stop()


@pytest.mark.parametrize("cfg", [Config(map_files=(MINI,), builtin_maps=False), Config()], ids=["mini", "builtin"])
def test_udfs_equal_repair_many(spark, cfg):
    from pyspark.sql.types import StringType, StructField, StructType

    from textmend.spark import repair_struct_udf, repair_udf, score_udf

    docs = _documents()
    assert len(docs) >= 300
    df = spark.createDataFrame([(i, t) for i, t in enumerate(docs)],
                               StructType([StructField("id", StringType()), StructField("text", StringType())])
                               ).repartition(4)
    out = (df.withColumn("fixed", repair_udf(cfg)("text")).withColumn("score", score_udf(cfg)("text"))
           .withColumn("tm", repair_struct_udf(cfg)("text")).collect())
    got = {int(r.id): r for r in out}
    assert len(got) == len(docs)
    expected = list(textmend.repair_many(docs, cfg, jobs=1))
    spun_rows = 0
    for i, (doc, exp) in enumerate(zip(docs, expected)):
        r = got[i]
        if doc is None:
            assert isinstance(exp, textmend.ItemError)
            assert r.fixed is None and r.score is None and r.tm.text is None and r.tm.spun is None
            continue
        assert r.fixed == exp.text and r.tm.text == exp.text
        assert r.score == exp.score and r.tm.score == exp.score and r.tm.spun == exp.spun
        assert json.loads(r.tm.edits) == [e.to_json(1) for e in exp.edits]
        spun_rows += exp.spun
    assert spun_rows > 0 and any(r.fixed != docs[i] for i, r in got.items() if docs[i])


def test_example_runs_as_is():
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable)
    r = subprocess.run([sys.executable, str(EXAMPLES / "spark_repair.py")], capture_output=True, text=True,
                       timeout=600, env=env)
    assert r.returncode == 0, r.stderr[-2000:]
    last = r.stdout.strip().splitlines()[-1]
    assert last.startswith(f"{len(PARAGRAPHS)} rows,") and "changed" in last
    assert "crimes against humanity" in r.stdout
