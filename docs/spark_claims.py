"""Runs `alliance-desk claims sql --dialect spark` on Spark in local mode and writes the
summary as one CSV file that `alliance-desk import` reads back.

    pip install pyspark==3.5.3        # needs Java 17
    alliance-desk claims sql --dialect spark --input /data/claims > claims_spark.sql
    python3 docs/spark_claims.py claims_spark.sql spark_out
    alliance-desk --workspace coalition.adesk import spark_out/part-*.csv

On a cluster or Databricks, run the same query with spark.sql() (or paste it into a SQL cell)
and write its result the same way.
"""
import sys

from pyspark.sql import SparkSession

spark = (
    SparkSession.builder.master("local[2]")
    .appName("alliance-desk-claims")
    .config("spark.ui.enabled", "false")
    .getOrCreate()
)
spark.sparkContext.setLogLevel("ERROR")
query = open(sys.argv[1]).read()
summary = spark.sql(query)
summary.coalesce(1).write.mode("overwrite").option("header", True).csv(sys.argv[2])
print(f"Spark {spark.version}: {summary.count()} summary rows written to {sys.argv[2]}")
