"""Docs/s of `Pipeline.extract_many` against `khabar extract` on the same JSON Lines input.

    python scripts/bench-python.py news.jsonl [--limit 10000] [--threads 2] [--khabar target/release/khabar]

Build both in release mode first (`cargo build --release`, `maturin develop --release` or
`pip install ./python`). The CLI's figure is its own `--stats` docs_per_sec (reading, parsing,
extraction and writing JSON Lines, after the gazetteers are loaded); the binding's are timed
from the `extract_many` call to its last result, with the records already in memory, in three
forms: JSON lines in and JSON text out (what the Spark job does), JSON lines in and dicts out,
dicts in and dicts out. Each is checked to give the CLI's output before it is timed. The best
of `--repeat` runs is reported, with the CPU time per document (all threads; for the CLI
less the CPU of a run on no input, i.e. loading the gazetteers), which a busy machine disturbs
less than wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import resource
import subprocess
import sys
import tempfile
import time

import khabar


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("input", type=pathlib.Path)
    p.add_argument("--limit", type=int, default=10_000, help="records to use (default 10000)")
    p.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--khabar", default="target/release/khabar", help="the khabar binary")
    args = p.parse_args()

    with args.input.open(encoding="utf-8") as f:
        lines = [line.rstrip("\n") for _, line in zip(range(args.limit), f)]
    lines = [line for line in lines if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "input.jsonl"
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        out, stats = pathlib.Path(tmp) / "out.jsonl", pathlib.Path(tmp) / "stats.json"
        empty = pathlib.Path(tmp) / "empty.jsonl"
        empty.write_text("")

        def cli(source: pathlib.Path) -> tuple[float, float]:
            """(docs/s from --stats, CPU seconds of the whole process)."""
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            run = subprocess.run(
                [args.khabar, "extract", str(source), "--threads", str(args.threads), "--output",
                 str(out), "--stats", str(stats), "--no-progress"],
                capture_output=True, text=True,
            )
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if run.returncode not in (0, 1):
                raise SystemExit(run.stderr)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            return json.loads(stats.read_text())["docs_per_sec"], cpu

        startup_cpu = min(cli(empty)[1] for _ in range(args.repeat))
        cli_runs = [cli(path) for _ in range(args.repeat)]
        expected = out.read_text(encoding="utf-8").splitlines()

    records = [json.loads(line) for line in lines]
    nlp = khabar.Pipeline()
    forms = {
        "jsonl in, json out": (lines, {"input": "jsonl", "output": "json"}, lambda r: r),
        "jsonl in, dicts out": (lines, {"input": "jsonl"}, lambda r: [json.loads(x) for x in expected]),
        "dicts in, dicts out": (records, {}, lambda r: [json.loads(x) for x in expected]),
    }
    print(f"{len(lines)} records, {args.threads} threads, best of {args.repeat}; khabar from {khabar.__file__}")
    best_cli = max(r for r, _ in cli_runs)
    cli_cpu = 1000 * (min(c for _, c in cli_runs) - startup_cpu) / len(lines)
    print(f"  khabar extract (CLI)                      {best_cli:9.0f} docs/s  {cli_cpu:6.3f} CPU ms/doc")
    for name, (data, kwargs, want) in forms.items():
        got = list(nlp.extract_many(data, threads=args.threads, on_bad_record="skip", **kwargs))
        if got != want(expected):
            print(f"  {name}: output differs from the CLI's", file=sys.stderr)
            return 1
        rates, cpus = [], []
        for _ in range(args.repeat):
            started, cpu = time.perf_counter(), time.process_time()
            n = sum(1 for _ in nlp.extract_many(data, threads=args.threads, on_bad_record="skip", **kwargs))
            rates.append(n / (time.perf_counter() - started))
            cpus.append(1000 * (time.process_time() - cpu) / n)
        best = max(rates)
        print(
            f"  extract_many, {name:26} {best:9.0f} docs/s  {min(cpus):6.3f} CPU ms/doc"
            f"  ({100 * (best / best_cli - 1):+.1f}% docs/s, {100 * (min(cpus) / cli_cpu - 1):+.1f}% CPU vs CLI)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
