"""Runs khabar over a news dump with PySpark: JSON Lines in, extractions and Parquet tables out.

    python examples/spark/extract_dump.py INPUT OUTDIR [--master URL] [--date-field F]
    spark-submit examples/spark/extract_dump.py INPUT OUTDIR [...]

INPUT is anything Spark reads as text (a file, a directory, a glob; local, HDFS or S3 paths;
.gz and .bz2 files): one JSON record per line, read exactly as `khabar extract` reads a JSONL
file (the same fields, dates, limits and reject reasons). Each partition builds one
`khabar.Pipeline` and runs its records through `Pipeline.extract_many`; the `khabar` Python
package must be installed on every worker (`pip install ./python`).

OUTDIR gets (the README next to this file documents every column):

    extractions/  JSON Lines part files, one extraction per line: the bytes `khabar extract`
                  writes for the record
    rejects/      JSON Lines, one rejected record per line (only when there are any)
    entities/     Parquet, one row per entity of a document
    mentions/     Parquet, one row per mention
    relations/    Parquet, one row per relation, with its evidence and provenance
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time

# Extraction JSON ("khabar/1") as Spark reads it back. `roles` is read as a string: Spark keeps
# the JSON text of an object read into a string column, so the roles stay JSON (their values
# are strings or objects, depending on the role).
SCHEMA_DDL = """
schema STRING, doc_id STRING, lang STRING, date STRING,
entities ARRAY<STRUCT<
  id: STRING, type: STRING, kind: STRING, name: STRUCT<en: STRING, ar: STRING>,
  wikidata: STRING, country: STRING, source: STRING,
  mentions: ARRAY<STRUCT<text: STRING, start: BIGINT, end: BIGINT, byte_start: BIGINT,
    byte_end: BIGINT, sentence: BIGINT, clitic: BOOLEAN, stands_for: STRING, via: STRING>>>>,
relations ARRAY<STRUCT<
  id: STRING, predicate: STRING, subject: STRING, object: STRING, symmetric: BOOLEAN,
  roles: STRING,
  evidence: STRUCT<sentence: BIGINT, start: BIGINT, end: BIGINT, byte_start: BIGINT,
    byte_end: BIGINT, text: STRING>,
  rule: STRING, confidence: DOUBLE, polarity: STRING, modality: STRING, cameo: STRING,
  plover: STRING>>,
warnings ARRAY<STRING>
"""

# The Parquet tables: column name -> Spark SQL expression over one exploded row.
ENTITY_COLUMNS = {
    "doc_id": "doc_id",
    "entity_id": "e.id",
    "type": "e.type",
    "kind": "e.kind",
    "name_en": "e.name.en",
    "name_ar": "e.name.ar",
    "wikidata": "e.wikidata",
    "country": "e.country",
    "source": "e.source",
    "mention_count": "CAST(size(e.mentions) AS INT)",
}
MENTION_COLUMNS = {
    "doc_id": "doc_id",
    "entity_id": "entity_id",
    "text": "m.text",
    "start": "m.start",
    "end": "m.end",
    "byte_start": "m.byte_start",
    "byte_end": "m.byte_end",
    "sentence": "m.sentence",
    "clitic": "coalesce(m.clitic, false)",
    "stands_for": "m.stands_for",
    "via": "m.via",
}
RELATION_COLUMNS = {
    "doc_id": "doc_id",
    "lang": "lang",
    "date": "date",
    "relation_id": "r.id",
    "predicate": "r.predicate",
    "subject": "r.subject",
    "object": "r.object",
    "symmetric": "r.symmetric",
    "roles": "r.roles",
    "evidence_sentence": "r.evidence.sentence",
    "evidence_start": "r.evidence.start",
    "evidence_end": "r.evidence.end",
    "evidence_byte_start": "r.evidence.byte_start",
    "evidence_byte_end": "r.evidence.byte_end",
    "evidence_text": "r.evidence.text",
    "rule": "r.rule",
    "confidence": "r.confidence",
    "polarity": "r.polarity",
    "modality": "r.modality",
    "cameo": "r.cameo",
    "plover": "r.plover",
}
TABLES = {"entities": ENTITY_COLUMNS, "mentions": MENTION_COLUMNS, "relations": RELATION_COLUMNS}


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="khabar over a JSON Lines dump with PySpark: extractions/ (JSON Lines) and "
        "entities/, mentions/, relations/ (Parquet) under OUTDIR.",
    )
    p.add_argument("input", metavar="INPUT", help="JSON Lines input: file, directory or glob")
    p.add_argument("outdir", metavar="OUTDIR", help="output directory (must not exist)")
    p.add_argument("--master", help="Spark master URL (default: spark-submit's, else local[*])")
    p.add_argument("--id-field", default="id", help="record field of the id (default: id)")
    p.add_argument("--text-field", default="text", help="record field of the text (default: text)")
    p.add_argument("--date-field", default="date", help="record field of the date (default: date)")
    p.add_argument("--date", help="YYYY-MM-DD for records that carry no date")
    p.add_argument("--gazetteers", help="directory replacing the embedded gazetteers (on every worker)")
    p.add_argument("--add-gazetteers", action="append", default=[], metavar="DIR")
    p.add_argument("--rules", help="directory replacing the embedded rules (on every worker)")
    p.add_argument("--add-rules", action="append", default=[], metavar="DIR")
    p.add_argument(
        "--on-bad-record",
        choices=["reject", "skip", "fail"],
        default="reject",
        help="reject (to OUTDIR/rejects/), skip, or fail the job (default: reject)",
    )
    p.add_argument("--partitions", type=int, help="repartition the input into N partitions first")
    p.add_argument(
        "--threads",
        type=int,
        default=1,
        help="extraction threads per task (default 1: Spark already runs a task per core)",
    )
    return p.parse_args(argv)


def extract_partition(options: dict):
    """The function run on every partition: one Pipeline, the partition's lines through it."""

    def run(partition: int, lines):
        import khabar

        nlp = khabar.Pipeline(**options["pipeline"])
        # The last records read, so that a reject can carry its raw line: while extract_many
        # yields one chunk's results it has read at most the next chunk.
        recent: collections.deque = collections.deque(maxlen=3 * options["chunk_records"])

        def numbered():
            for i, line in enumerate(lines):
                recent.append((i, line))
                yield line

        results = nlp.extract_many(
            numbered(),
            threads=options["threads"],
            input="jsonl",
            output="json",
            on_bad_record=options["on_bad_record"],
            chunk_records=options["chunk_records"],
            **options["fields"],
        )
        for out in results:
            if out.startswith('{"schema":'):
                yield (True, out)
                continue
            reject = json.loads(out)  # {"index": i, "reason": ..., "rejected": true}
            raw = next((line for i, line in recent if i == reject["index"]), None)
            line = {"partition": partition, "index": reject["index"], "reason": reject["reason"], "raw": raw}
            yield (False, json.dumps(line, ensure_ascii=False))

    return run


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    from pyspark import StorageLevel
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("khabar extract_dump")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    pipeline = {"gazetteers": args.gazetteers, "rules": args.rules}
    if args.add_gazetteers:
        pipeline["add_gazetteers"] = args.add_gazetteers
    if args.add_rules:
        pipeline["add_rules"] = args.add_rules
    options = {
        "pipeline": pipeline,
        "fields": {
            "id_field": args.id_field,
            "text_field": args.text_field,
            "date_field": args.date_field,
            "date": args.date,
        },
        "threads": args.threads,
        "on_bad_record": args.on_bad_record,
        "chunk_records": 256,
    }
    out = args.outdir.rstrip("/")
    lines = sc.textFile(args.input)
    if args.partitions:
        lines = lines.repartition(args.partitions)
    results = lines.mapPartitionsWithIndex(extract_partition(options))
    results.persist(StorageLevel.MEMORY_AND_DISK)
    started = time.monotonic()
    results.filter(lambda r: r[0]).map(lambda r: r[1]).saveAsTextFile(f"{out}/extractions")
    extraction_secs = time.monotonic() - started
    counts = results.map(lambda r: (r[0], 1)).reduceByKey(lambda a, b: a + b).collectAsMap()
    extracted, rejected = counts.get(True, 0), counts.get(False, 0)
    if rejected:
        results.filter(lambda r: not r[0]).map(lambda r: r[1]).saveAsTextFile(f"{out}/rejects")
    results.unpersist()
    started = time.monotonic()

    extractions = spark.read.schema(SCHEMA_DDL).option("mode", "FAILFAST").json(f"{out}/extractions")
    extractions.persist(StorageLevel.MEMORY_AND_DISK)  # parsed once for the three tables
    entities = extractions.selectExpr("doc_id", "explode(entities) AS e")
    tables = {
        "entities": entities,
        "mentions": entities.selectExpr("doc_id", "e.id AS entity_id", "explode(e.mentions) AS m"),
        "relations": extractions.selectExpr("doc_id", "lang", "date", "explode(relations) AS r"),
    }
    for name, columns in TABLES.items():
        table = tables[name].selectExpr(*(f"{expr} AS `{col}`" for col, expr in columns.items()))
        table.write.parquet(f"{out}/{name}")
    extractions.unpersist()
    tables_secs = time.monotonic() - started
    print(
        f"extract_dump: {extracted} extracted, {rejected} rejected; extraction {extraction_secs:.1f} s "
        f"({extracted / max(extraction_secs, 1e-9):.0f} docs/s), tables {tables_secs:.1f} s; "
        f"output in {out}",
        file=sys.stderr,
    )
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
