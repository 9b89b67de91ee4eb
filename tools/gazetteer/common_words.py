#!/usr/bin/env python3
"""Find curated aliases that are also common words of news text, and flag them `ambiguous`.

A one-token alias of a person or agency that is frequent in ordinary news (البيت "the house",
ومع "and with", ترأس "presided", normalized like تراس Truss) would be emitted as an entity
almost every time it occurs. This script counts normalized tokens in a news corpus (JSON Lines
with a "text" field, e.g. the JawharaFM sample of the antcorpus project, Apache-2.0), lists the
one-token aliases of people-aliases.tsv and agency-aliases.tsv (and the one-token canonical
names of people.tsv and agencies.tsv) whose frequency is at least --min-per-million. A person
reviews the list and flags the common words `ambiguous` in the TSV files by hand (a canonical
name gets an explicit alias row with the flag, which overrides it; see gazetteers/README.md).
Flagged after review with the JawharaFM sample at 3/million: إلبيت (البيت "the house"), ومع
("and with"), وال (LANA; "وآل"), تراس (Truss; ترأس "presided"), باول (Powell; بأول "with the
first"), تيريزا (a given name alone).

Only the counts are used; no corpus text goes into the gazetteers.

    python3 tools/gazetteer/common_words.py CORPUS.jsonl [--min-per-million 3]

A frequent word can still be a famous name (ترامب in 2017 news): most of the list is names.
"""
import argparse, collections, json, os, re, sys

from gazlib import norm, rows

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "gazetteers")
TOKEN = re.compile(r"[\w\u0600-\u06FF]+")

def count(corpus):
    c, total = collections.Counter(), 0
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            try:
                text = json.loads(line).get("text") or ""
            except json.JSONDecodeError:
                continue
            for t in TOKEN.findall(norm(text)):
                c[t] += 1
                total += 1
    return c, total

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--min-per-million", type=float, default=3.0)
    a = ap.parse_args()
    freq, total = count(a.corpus)
    limit = a.min_per_million * total / 1e6
    found = []
    for alias_file, entity_file in (("people-aliases.tsv", "people.tsv"), ("agency-aliases.tsv", "agencies.tsv")):
        explicit = set()
        for row in rows(os.path.join(ROOT, alias_file)):
            key = norm(row["alias"].strip())
            explicit.add((row["entity"], key))
            if " " not in key and "ambiguous" not in row.get("flags", "") and freq.get(key, 0) >= limit:
                found.append((freq[key], alias_file, row["entity"], row["alias"]))
        for row in rows(os.path.join(ROOT, entity_file)):
            name = (row.get("ar") or "").strip()
            key = norm(name)
            if name and " " not in key and (row["id"], key) not in explicit and freq.get(key, 0) >= limit:
                found.append((freq[key], entity_file, row["id"], name))
    for n, f, e, alias in sorted(found, reverse=True):
        print(f"{n:6d}  {f}  {e}  {alias}")
    print(f"{len(found)} one-token aliases at >= {a.min_per_million}/million of {total} tokens", file=sys.stderr)

if __name__ == "__main__":
    main()
