"""JawharaFM-like news records made from the repository's own sentences.

The sentences are the example sentences of the rule files (rules/**/*.rules, `yes` and `no`
lines) and the fixture articles, so the documents exercise entities, roles and relations. Records
have the shape of the JawharaFM dump: id, text, title, source, category, url and a date written
in the dump's formats (ISO timestamps with an offset, day first with slashes) or none. The same
seed gives the same records on every machine.
"""

from __future__ import annotations

import json
import pathlib
import random
import re

REPO = pathlib.Path(__file__).resolve().parents[2]
SEED_ARTICLE = REPO / "fixtures" / "al-amsar-moscow-algeria.txt"
CATEGORIES = ["politique", "economie", "monde", "regions", "culture", "sport"]

_EXAMPLE = re.compile(r'^\s*(?:yes|no)\s+"((?:[^"\\]|\\.)*)"')
_SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+")


def sentences() -> list[str]:
    """Every example sentence of the rule files, then the fixture articles' sentences."""
    pool: list[str] = []
    for path in sorted((REPO / "rules").rglob("*.rules")):
        for line in path.read_text(encoding="utf-8").splitlines():
            m = _EXAMPLE.match(line)
            if m:
                pool.append(m.group(1).replace('\\"', '"'))
    texts = [SEED_ARTICLE, *sorted((REPO / "fixtures" / "texts").glob("*.txt"))]
    for path in texts:
        for paragraph in path.read_text(encoding="utf-8").split("\n"):
            pool.extend(s for s in _SENTENCE_END.split(paragraph.strip()) if s)
    return pool


def documents(n: int, seed: int = 16) -> list[dict]:
    """`n` records, each of 1 to 8 sentences, with ids unique within the set."""
    rnd = random.Random(seed)
    pool = sentences()
    records = []
    for i in range(n):
        picked = [rnd.choice(pool) for _ in range(rnd.randint(1, 8))]
        text = rnd.choice([" ", " ", "\n"]).join(picked)
        y, m, d = rnd.randint(2000, 2024), rnd.randint(1, 12), rnd.randint(1, 28)
        category = rnd.choice(CATEGORIES)
        record = {
            "id": f"gen/JA-{category}-{i}-{y}{m:02}{d:02}",
            "text": text,
            "title": picked[0][:60],
            "source": "Jawhara FM",
            "category": category,
            "url": f"https://news.example/ar/article/{i}",
        }
        date = rnd.choice(
            [
                f"{y}-{m:02}-{d:02}T{rnd.randint(0, 23):02}:{rnd.randint(0, 59):02}:00+01:00",
                f"{d:02}/{m:02}/{y}",
                f"{y}-{m:02}-{d:02}",
                None,
            ]
        )
        if date is not None:
            record["date"] = date
        records.append(record)
    return records


def write_jsonl(path: pathlib.Path, records: list[dict]) -> list[str]:
    """Writes the records as JSON Lines; returns the lines (without line ends)."""
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return lines
