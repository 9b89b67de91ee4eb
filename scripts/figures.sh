#!/usr/bin/env bash
# Prints the quality figures docs/quality.md reports, from one khabar binary and the development
# data in EVAL_DIR (../shared/eval by default; never in the repository):
#   NER: ANERcorp dev and CoNLL-2003 dev (testa), micro F1 over PERS/PER, LOC, ORG, for the whole
#        pipeline, gazetteers only (--no-tagger) and the tagger alone (--tagger-only);
#   relations: the project's development gold (gold/), lenient micro F1 per part (tune, test)
#        and per predicate on the tuning parts;
#   entity mentions on the same gold (khabar eval entities), with and without the tagger.
#
#   scripts/figures.sh [BINARY] [EVAL_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$(realpath "${1:-$root/target/release/khabar}")
eval_dir=$(realpath "${2:-$root/../shared/eval}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mapped_f1() { python3 -c '
import json, sys
r = json.load(sys.stdin)
tags = [t for t in r["per_type"] if t != "MISC"]
m = r["micro_mapped"]
print("%.1f  " % m["f1"] + "  ".join("%s %.1f" % (t, r["per_type"][t]["f1"]) for t in tags))
'; }

echo "== NER (exact spans, micro F1 over the mapped tags)"
for gold in anercorp-dev.txt conll2003-dev.txt; do
  for mode in "" --no-tagger --tagger-only; do
    printf '%-18s %-14s ' "$gold" "${mode:-both}"
    "$bin" eval ner "$eval_dir/$gold" $mode --format json 2>/dev/null | mapped_f1
  done
done

echo "== Relations (lenient micro P / R / F1)"
for lang in ar en; do
  for split in tune test; do
    python3 "$root/scripts/gold.py" --eval "$eval_dir" attach "$root/gold/news-dev-$lang.jsonl" \
      --split "$split" --out "$tmp/$lang-$split.jsonl" >/dev/null
    printf '%s %-5s ' "$lang" "$split"
    "$bin" eval relations "$tmp/$lang-$split.jsonl" --format json 2>/dev/null | python3 -c '
import json, sys
r = json.load(sys.stdin)
m = r["lenient"]["micro"]
print("P %.1f R %.1f F1 %.1f" % (m["precision"], m["recall"], m["f1"]))'
  done
done
echo "== Entity mentions on the development gold (exact micro F1, overlap in brackets)"
for lang in ar en; do
  for split in tune test; do
    for mode in "" --no-tagger; do
      printf '%s %-5s %-12s ' "$lang" "$split" "${mode:-both}"
      "$bin" eval entities "$tmp/$lang-$split.jsonl" $mode --format json 2>/dev/null | python3 -c '
import json, sys
r = json.load(sys.stdin)
e, o = r["exact"], r["overlap"]
print("%.1f (%.1f)  " % (e["micro"]["f1"], o["micro"]["f1"])
      + "  ".join("%s %.1f" % (t, e["per_type"][t]["f1"]) for t in e["per_type"]))'
    done
  done
done
echo "== Relations per predicate, AR tune (lenient)"
"$bin" eval relations "$tmp/ar-tune.jsonl" 2>/dev/null | sed -n '/^lenient (/,/^micro/p'
