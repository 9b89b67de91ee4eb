#!/usr/bin/env bash
# Compares what a user sees from a khabar binary with saved baseline outputs: the seed article,
# a JSONL news file, and `khabar eval` on NER (ANERcorp, CoNLL) and PLOVER gold sets.
#
#   scripts/compare-baseline.sh BINARY BASELINE_DIR EVAL_DIR [OUT_DIR]
#
# BASELINE_DIR holds seed.jsonl, jawharafm.jsonl, eval-ner-anercorp.json, eval-ner-conll.json and
# eval-plover.json made by the same commands with the reference binary. EVAL_DIR holds
# news-ar-jawharafm.jsonl, anercorp-dev.txt, conll2003-dev.txt and plover-dev.jsonl. Prints one
# line per output (same / DIFFERENT) and exits 1 if any differs; the new outputs stay in OUT_DIR.
set -uo pipefail
bin=$(realpath "$1") base=$2 eval=$3 out=${4:-$(mktemp -d)}
mkdir -p "$out"
root=$(cd "$(dirname "$0")/.." && pwd)
(cd "$root" && "$bin" extract fixtures/al-amsar-moscow-algeria.txt --date 2023-08-13 >"$out/seed.jsonl" 2>/dev/null)
# Run from EVAL_DIR's parent so document ids (file paths) read as in the baseline.
(cd "$eval/.." && "$bin" extract "$(basename "$eval")/news-ar-jawharafm.jsonl" --rejects "$out/jawharafm.rejects.jsonl" >"$out/jawharafm.jsonl" 2>/dev/null)
"$bin" eval ner "$eval/anercorp-dev.txt" --format json >"$out/eval-ner-anercorp.json" 2>/dev/null
"$bin" eval ner "$eval/conll2003-dev.txt" --map PERSON=PER,COUNTRY=LOC,LOCATION=LOC,AGENCY=ORG --format json >"$out/eval-ner-conll.json" 2>/dev/null
"$bin" eval plover "$eval/plover-dev.jsonl" --format json >"$out/eval-plover.json" 2>/dev/null
status=0
for f in seed.jsonl jawharafm.jsonl eval-ner-anercorp.json eval-ner-conll.json eval-plover.json; do
  if cmp -s "$base/$f" "$out/$f"; then
    echo "same       $f"
  else
    echo "DIFFERENT  $f"
    status=1
  fi
done
echo "outputs in $out"
exit $status
