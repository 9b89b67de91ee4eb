#!/usr/bin/env bash
# Store benchmark (not a test): index throughput over >= 100,000 documents and the latency of
# typical queries on that index.
#
# Usage: benches/store.sh NEWS.jsonl [GAZETTEER_DIR] [COPIES]
#   NEWS.jsonl     JSONL news with id, text, date (e.g. ../shared/eval/news-ar-jawharafm.jsonl)
#   GAZETTEER_DIR  --gazetteers for realistic entities (default: the embedded gazetteers)
#   COPIES         how many times the input is repeated with new ids (default: enough for
#                  100,000 documents)
# The corpus and the database go to a temporary directory (KEEP=1 keeps it).
set -euo pipefail
cd "$(dirname "$0")/.."
news=${1:?usage: benches/store.sh NEWS.jsonl [GAZETTEER_DIR] [COPIES]}
gaz=${2:-}
lines=$(grep -c . "$news")
copies=${3:-$(( (100000 + lines - 1) / lines ))}
want=$(( lines * copies ))

cargo build --release --quiet
bin=target/release/khabar
work=$(mktemp -d)
[ "${KEEP:-}" = 1 ] || trap 'rm -rf "$work"' EXIT

python3 - "$news" "$copies" > "$work/corpus.jsonl" <<'PY'
import json, re, sys
path, copies = sys.argv[1], int(sys.argv[2])
rows = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
for r in rows:
    # Some sources write DD/MM/YYYY; the reader takes ISO dates only.
    m = re.fullmatch(r"(\d\d)/(\d\d)/(\d{4})", str(r.get("date") or ""))
    if m:
        r["date"] = f"{m[3]}-{m[2]}-{m[1]}"
for k in range(copies):
    for r in rows:
        r2 = dict(r)
        r2["id"] = f"{r['id']}#{k}"
        sys.stdout.write(json.dumps(r2, ensure_ascii=False) + "\n")
PY
echo "corpus: $want documents ($(du -h "$work/corpus.jsonl" | cut -f1)), $(nproc) cores"

gazflag=()
[ -n "$gaz" ] && gazflag=(--gazetteers "$gaz")
start=$(date +%s.%N)
"$bin" index --db "$work/news.db" "${gazflag[@]}" "$work/corpus.jsonl"
end=$(date +%s.%N)
secs=$(echo "$end - $start" | bc)
got=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from documents').fetchone()[0])" "$work/news.db")
[ "$got" = "$want" ] || { echo "FAIL: $got documents indexed, expected $want" >&2; exit 1; }
echo "index: $got documents in ${secs} s = $(echo "$got / $secs" | bc) docs/s; database $(du -h "$work/news.db" | cut -f1)"
python3 -c "
import sqlite3,sys
c=sqlite3.connect(sys.argv[1])
for t in ['entities','aliases','mentions','sentences','relations']:
    print(f'  {t}: {c.execute(f\"select count(*) from {t}\").fetchone()[0]}')" "$work/news.db"

# Median of 5 runs of a query, in milliseconds (process start included, result check not).
time_query() {
  local db=$1 label=$2; shift 2
  local ts=() s e med n
  for _ in 1 2 3 4 5; do
    s=$(date +%s%N)
    "$bin" query --db "$db" --format json "$@" > "$work/answer.json"
    e=$(date +%s%N)
    ts+=($(( (e - s) / 1000000 )))
  done
  n=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))))" "$work/answer.json")
  med=$(printf '%s\n' "${ts[@]}" | sort -n | sed -n 3p)
  echo "query $label: $n results, median ${med} ms"
}
db=$work/news.db
time_query "$db" "entity+predicate (تونس, negotiates-with)" --entity تونس --predicate negotiates-with
time_query "$db" "entity lookup (تونس)" --show entities --entity تونس
time_query "$db" "sentences with two entities (تونس + فرنسا)" --show sentences --entity تونس --with فرنسا --limit 100
time_query "$db" "full-text search (الحكومة)" --show sentences --search الحكومة --limit 100
time_query "$db" "co-occurrence (تونس, top 20)" --show cooccurrences --entity تونس --limit 20

# The pipeline has no relation rules yet, so the index above has no relations. For the latency
# of relation queries, index the same extractions with one synthetic relation (labelled rule
# bench/synthetic) per sentence that mentions two different entities.
"$bin" extract "${gazflag[@]}" "$work/corpus.jsonl" --output "$work/extractions.jsonl"
python3 - "$work/extractions.jsonl" > "$work/with-relations.jsonl" <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    ex = json.loads(line)
    by_sentence = {}
    for e in ex["entities"]:
        for m in e["mentions"]:
            by_sentence.setdefault(m["sentence"], []).append((m["start"], m["byte_start"], m["end"], m["byte_end"], e["id"]))
    rels = []
    for s, ms in sorted(by_sentence.items()):
        ids = []
        for m in sorted(ms):
            if m[4] not in ids:
                ids.append(m[4])
        if len(ids) < 2:
            continue
        a, b = min(ms)[0], max(m[2] for m in ms)
        ba, bb = min(ms)[1], max(m[3] for m in ms)
        rels.append({"id": f"r{len(rels)}", "predicate": "negotiates-with", "subject": ids[0],
                     "object": ids[1], "symmetric": True, "roles": {},
                     "evidence": {"sentence": s, "start": a, "end": b, "byte_start": ba,
                                  "byte_end": bb, "text": "(synthetic)"},
                     "rule": "bench/synthetic", "confidence": 0.5, "polarity": "asserted",
                     "modality": "actual", "cameo": "046", "plover": "CONSULT"})
    ex["relations"] = rels
    sys.stdout.write(json.dumps(ex, ensure_ascii=False) + "\n")
PY
start=$(date +%s.%N)
"$bin" index --db "$work/relations.db" --extractions "$work/with-relations.jsonl"
end=$(date +%s.%N)
secs=$(echo "$end - $start" | bc)
nrel=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from relations').fetchone()[0])" "$work/relations.db")
echo "index --extractions: $want documents, $nrel relations in ${secs} s = $(echo "$want / $secs" | bc) docs/s"
db=$work/relations.db
time_query "$db" "entity+predicate (تونس, negotiates-with)" --entity تونس --predicate negotiates-with
time_query "$db" "entity+predicate, limit 50 (Tunisia, negotiates-with)" --entity Tunisia --predicate negotiates-with --limit 50
time_query "$db" "entity+with (تونس + فرنسا)" --entity تونس --with فرنسا
time_query "$db" "entity+predicate+dates (تونس, 2016-03)" --entity تونس --predicate negotiates-with --from 2016-03 --to 2016-03
