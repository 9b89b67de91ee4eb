"""examples/spark/extract_dump.py in local[2] on 2,000 generated records (and two bad ones):
the extractions are the CLI's for the same input, the Parquet tables have the documented
columns and one row per entity, mention and relation.

Needs pyspark and Java 17; skipped without pyspark unless KHABAR_REQUIRE_SPARK=1 (CI sets it)."""

from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
import time

import pytest

from docgen import REPO, documents, write_jsonl

if os.environ.get("KHABAR_REQUIRE_SPARK") != "1":
    pytest.importorskip("pyspark")
    pytest.importorskip("pyarrow")

JOB = REPO / "examples" / "spark" / "extract_dump.py"
BAD_LINES = ['{"id":"bad-1"}', "not json"]

ENTITY_COLUMNS = [
    "doc_id", "entity_id", "type", "kind", "name_en", "name_ar", "wikidata", "country", "source",
    "mention_count",
]
MENTION_COLUMNS = [
    "doc_id", "entity_id", "text", "start", "end", "byte_start", "byte_end", "sentence", "clitic",
    "stands_for", "via",
]
RELATION_COLUMNS = [
    "doc_id", "lang", "date", "relation_id", "predicate", "subject", "object", "symmetric", "roles",
    "evidence_sentence", "evidence_start", "evidence_end", "evidence_byte_start",
    "evidence_byte_end", "evidence_text", "rule", "confidence", "polarity", "modality", "cameo",
    "plover",
]


@pytest.fixture(scope="module")
def job(tmp_path_factory, cli):
    tmp = tmp_path_factory.mktemp("spark")
    records = documents(2000, seed=2000)
    path = tmp / "dump.jsonl"
    lines = write_jsonl(path, records)
    # Two bad records in the middle: rejected by both, with the same reasons.
    with path.open("w", encoding="utf-8") as f:
        for i, line in enumerate(lines):
            f.write(line + "\n")
            if i in (500, 1500):
                f.write(BAD_LINES[i // 1000] + "\n")
    rejects = tmp / "cli-rejects.jsonl"
    run = cli("extract", path, "--rejects", rejects)
    assert run.returncode == 1, run.stderr  # finished with rejects
    out = tmp / "out"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    started = time.monotonic()
    spark = subprocess.run(
        [sys.executable, str(JOB), str(path), str(out), "--master", "local[2]", "--partitions", "2"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    seconds = time.monotonic() - started
    assert spark.returncode == 0, spark.stderr[-5000:]
    summary = [l for l in spark.stderr.splitlines() if l.startswith("extract_dump:")]
    print(f"\nextract_dump.py, local[2]: {len(records)} records in {seconds:.1f} s; {summary}", file=sys.stderr)
    return {
        "records": records,
        "cli": run.stdout.splitlines(),
        "cli_rejects": [json.loads(l) for l in rejects.read_text(encoding="utf-8").splitlines()],
        "out": out,
    }


def read_lines(directory):
    assert (directory / "_SUCCESS").exists(), directory
    lines = []
    for part in sorted(directory.glob("part-*")):
        lines.extend(part.read_text(encoding="utf-8").splitlines())
    return lines


def test_extractions_are_the_cli_output(job):
    got = read_lines(job["out"] / "extractions")
    assert len(got) == len(job["records"])
    assert collections.Counter(got) == collections.Counter(job["cli"])


def test_rejects_carry_the_cli_reasons(job):
    got = [json.loads(l) for l in read_lines(job["out"] / "rejects")]
    assert sorted(r["reason"] for r in got) == sorted(r["reason"] for r in job["cli_rejects"])
    assert sorted(r["raw"] for r in got) == sorted(BAD_LINES)


def test_parquet_tables_have_the_documented_columns_and_rows(job):
    import pyarrow.parquet as pq

    extractions = [json.loads(l) for l in job["cli"]]
    expected = {
        "entities": (ENTITY_COLUMNS, sum(len(x["entities"]) for x in extractions)),
        "mentions": (
            MENTION_COLUMNS,
            sum(len(e["mentions"]) for x in extractions for e in x["entities"]),
        ),
        "relations": (RELATION_COLUMNS, sum(len(x["relations"]) for x in extractions)),
    }
    tables = {}
    for name, (columns, rows) in expected.items():
        table = pq.read_table(job["out"] / name)
        assert table.column_names == columns, name
        assert table.num_rows == rows, name
        assert rows > 0, name
        tables[name] = table
    # Mentions index their document's text; relations keep their roles as JSON.
    texts = {r["id"]: r["text"] for r in job["records"]}
    for m in tables["mentions"].slice(0, 500).to_pylist():
        assert texts[m["doc_id"]][m["start"] : m["end"]] == m["text"], m
    by_key = {
        (x["doc_id"], r["id"]): r for x in extractions for r in x["relations"]
    }
    for r in tables["relations"].to_pylist():
        want = by_key[(r["doc_id"], r["relation_id"])]
        assert json.loads(r["roles"]) == want["roles"]
        assert r["evidence_text"] == want["evidence"]["text"]
        assert r["confidence"] == want["confidence"]
