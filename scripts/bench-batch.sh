#!/usr/bin/env bash
# End-to-end batch benchmark for `khabar extract`: MB/s and docs/s with 1 and 2 threads (medians
# of RUNS runs) over a news dump repeated to SIZE_MB, and peak RSS at SIZE_MB and BIG_MB.
#
# Usage: scripts/bench-batch.sh [GAZETTEER_DIR]
#   GAZETTEER_DIR  gazetteers to load (default: the ones embedded in the binary)
# Environment:
#   SRC      source JSONL (default: ../shared/eval/news-ar-jawharafm.jsonl next to the repo)
#   SIZE_MB  size of the timed input (default 200); BIG_MB size of the second RSS check
#            (default 1024; 0 skips it); RUNS runs per setting (default 5)
#   WORK     scratch directory (default /tmp/khabar-bench); inputs are generated once there
#   THREADS  thread counts to time (default "1 2")
#   EXTRA    more flags for `khabar extract` (example: EXTRA=--no-tagger to time the
#            pipeline without the name tagger)
#
# Not a test: it takes minutes and its figures depend on the machine. It does check that
# every record is accounted for (records read = lines of the input, none rejected), so a
# fast wrong run fails.
set -euo pipefail
cd "$(dirname "$0")/.."

GAZ=${1:-}
SRC=${SRC:-../shared/eval/news-ar-jawharafm.jsonl}
SIZE_MB=${SIZE_MB:-200}
BIG_MB=${BIG_MB:-1024}
RUNS=${RUNS:-5}
WORK=${WORK:-/tmp/khabar-bench}
THREADS=${THREADS:-1 2}

[ -f "$SRC" ] || { echo "bench-batch: no source file $SRC (set SRC)" >&2; exit 2; }
mkdir -p "$WORK"
cargo build --release --quiet
BIN=target/release/khabar
GAZ_ARGS=()
[ -n "$GAZ" ] && GAZ_ARGS=(--gazetteers "$GAZ")
# shellcheck disable=SC2206 # EXTRA is a list of flags
[ -n "${EXTRA:-}" ] && GAZ_ARGS+=($EXTRA)

# Repeats SRC until the file reaches $1 MB; prints its path.
make_input() {
  local mb=$1 out="$WORK/news-${1}M.jsonl"
  if [ ! -f "$out" ]; then
    local target=$((mb * 1000 * 1000)) size=0
    : > "$out.tmp"
    while [ "$size" -lt "$target" ]; do
      cat "$SRC" >> "$out.tmp"
      size=$(stat -c %s "$out.tmp")
    done
    mv "$out.tmp" "$out"
  fi
  echo "$out"
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

stat_of() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$1" "$2"; }

# Runs one extraction; checks conservation; prints "mb_per_sec docs_per_sec".
run_once() {
  local input=$1 threads=$2 lines=$3
  local stats="$WORK/stats.json"
  "$BIN" extract "$input" "${GAZ_ARGS[@]}" --threads "$threads" --no-progress \
    --output "$WORK/out.jsonl" --stats "$stats" 2>/dev/null || {
    echo "bench-batch: khabar failed (exit $?)" >&2; exit 2; }
  local read rejected
  read=$(stat_of "$stats" records_read)
  rejected=$(stat_of "$stats" rejected)
  if [ "$read" != "$lines" ] || [ "$rejected" != 0 ]; then
    echo "bench-batch: expected $lines records and no rejects, got $read read, $rejected rejected" >&2
    exit 1
  fi
  echo "$(stat_of "$stats" mb_per_sec) $(stat_of "$stats" docs_per_sec)"
}

INPUT=$(make_input "$SIZE_MB")
LINES=$(wc -l < "$INPUT")
echo "input: $INPUT ($(($(stat -c %s "$INPUT") / 1000000)) MB, $LINES records); gazetteers: ${GAZ:-embedded}; flags: ${EXTRA:-none}; $RUNS runs each"
echo "threads  MB/s(median)  docs/s(median)  MB/s per run"
declare -A MBS
for t in $THREADS; do
  mbs=() docs=()
  for _ in $(seq "$RUNS"); do
    read -r mb dps < <(run_once "$INPUT" "$t" "$LINES")
    mbs+=("$mb") docs+=("$dps")
  done
  MBS[$t]=$(printf '%s\n' "${mbs[@]}" | median)
  printf '%7s  %12s  %14s  %s\n' "$t" "${MBS[$t]}" "$(printf '%s\n' "${docs[@]}" | median)" "${mbs[*]}"
done
if [ -n "${MBS[1]:-}" ] && [ -n "${MBS[2]:-}" ]; then
  echo "speedup 2 vs 1 thread: $(awk -v a="${MBS[2]}" -v b="${MBS[1]}" 'BEGIN {printf "%.2fx", a / b}')"
fi

peak_rss() {
  local input=$1
  /usr/bin/time -v "$BIN" extract "$input" "${GAZ_ARGS[@]}" --no-progress \
    --output "$WORK/out.jsonl" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {printf "%.0f MB\n", $2 / 1024}'
}
echo "peak RSS at $SIZE_MB MB: $(peak_rss "$INPUT")"
if [ "$BIG_MB" != 0 ]; then
  BIG=$(make_input "$BIG_MB")
  echo "peak RSS at $BIG_MB MB: $(peak_rss "$BIG")"
fi
rm -f "$WORK/out.jsonl" "$WORK/out.rejects.jsonl" "$WORK/stats.json"
