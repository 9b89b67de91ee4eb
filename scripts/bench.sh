#!/usr/bin/env bash
# The pipeline benchmark: for one input, `khabar extract` end to end (MB/s and docs/s with 1 and
# 2 threads, start-up included, and the 2-vs-1 speedup), peak RSS, start-up time (an empty
# input), and the time of every stage on one thread (read, parse, normalize, tokenize, match,
# tag, resolve, rules, assemble, serialize; `cargo bench --bench pipeline -- --stages`, see
# benches/support/stages.rs).
#
# Usage: scripts/bench.sh [INPUT]
#   INPUT    JSONL input (.jsonl, .jsonl.gz, .jsonl.zst); default ../shared/eval/news-ar-jawharafm.jsonl
# Environment:
#   SIZE_MB  repeat INPUT into a file of this size first (under WORK; default: INPUT as it is)
#   RUNS     timed runs per thread count (default 3; medians are reported)
#   THREADS  thread counts to time (default "1 2")
#   STARTUP_RUNS  runs of the empty input (default 10)
#   STAGES   0 skips the per-stage pass (default 1)
#   GAZ      gazetteer directory instead of the embedded ones (the stage pass is skipped)
#   EXTRA    more flags for `khabar extract` (EXTRA=--no-tagger times the run without the tagger;
#            the stage pass follows it)
#   WORK     scratch directory (default /tmp/khabar-bench)
#   BIN      the khabar binary to time (default: target/release/khabar, built first); to
#            compare two builds, run once with each (the stage pass always runs this tree)
#
# Not a test: it takes minutes and its figures depend on the machine (on a shared machine the
# CPU-time figures are steadier than the wall-clock ones). It fails when a run does not account
# for every record, when 1 and N threads give different bytes, or when the stage pass's
# extractions differ from `khabar extract`'s, so a fast wrong run fails.
set -euo pipefail
cd "$(dirname "$0")/.."

INPUT=${1:-../shared/eval/news-ar-jawharafm.jsonl}
RUNS=${RUNS:-3}
THREADS=${THREADS:-1 2}
STARTUP_RUNS=${STARTUP_RUNS:-10}
STAGES=${STAGES:-1}
WORK=${WORK:-/tmp/khabar-bench}
[ -f "$INPUT" ] || { echo "bench: no input file $INPUT" >&2; exit 2; }
mkdir -p "$WORK"
# One build for the binary and the stage pass (`cargo bench` builds the binary too).
cargo bench --quiet --bench pipeline --no-run
BIN=${BIN:-target/release/khabar}
FLAGS=()
[ -n "${GAZ:-}" ] && FLAGS+=(--gazetteers "$GAZ")
# shellcheck disable=SC2206 # EXTRA is a list of flags
[ -n "${EXTRA:-}" ] && FLAGS+=($EXTRA)

# Repeats INPUT until the file reaches SIZE_MB; prints its path.
if [ -n "${SIZE_MB:-}" ]; then
  out="$WORK/$(basename "$INPUT" | sed 's/\.jsonl.*//')-${SIZE_MB}M.jsonl"
  if [ ! -f "$out" ]; then
    target=$((SIZE_MB * 1000 * 1000)) size=0
    : > "$out.tmp"
    while [ "$size" -lt "$target" ]; do
      case "$INPUT" in
        *.gz) gzip -dc "$INPUT" >> "$out.tmp" ;;
        *.zst) zstd -dcq "$INPUT" >> "$out.tmp" ;;
        *) cat "$INPUT" >> "$out.tmp" ;;
      esac
      size=$(stat -c %s "$out.tmp")
    done
    mv "$out.tmp" "$out"
  fi
  INPUT=$out
fi

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
stat_of() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$1" "$2"; }

# Input size and records, as khabar counts them (uncompressed bytes).
"$BIN" extract "$INPUT" "${FLAGS[@]}" --threads 2 --no-progress --output "$WORK/ref.jsonl" \
  --stats "$WORK/stats.json" 2>/dev/null || { echo "bench: khabar failed (exit $?)" >&2; exit 2; }
RECORDS=$(stat_of "$WORK/stats.json" records_read)
BYTES=$(stat_of "$WORK/stats.json" bytes)
MB=$(awk -v b="$BYTES" 'BEGIN {printf "%.1f", b / 1e6}')
echo "input: $INPUT ($MB MB, $RECORDS records); gazetteers: ${GAZ:-embedded}; flags: ${EXTRA:-none}"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $RUNS runs per setting"

# Start-up: an empty input, wall and CPU milliseconds.
walls=() cpus=()
for _ in $(seq "$STARTUP_RUNS"); do
  /usr/bin/time -f "%e %U %S" -o "$WORK/time.txt" "$BIN" extract /dev/null --input jsonl \
    "${FLAGS[@]}" --no-progress >/dev/null 2>&1
  read -r e u s < "$WORK/time.txt"
  walls+=("$(awk -v e="$e" 'BEGIN {print e * 1000}')")
  cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN {print (u + s) * 1000}')")
done
echo "start-up (empty input): $(printf '%s\n' "${walls[@]}" | median) ms wall, $(printf '%s\n' "${cpus[@]}" | median) ms CPU (medians of $STARTUP_RUNS)"

# End to end: one process per run, start-up included.
echo "threads  MB/s  docs/s  MB per CPU-s  peak RSS  (medians; MB/s of each run)"
declare -A MBS
for t in $THREADS; do
  mbs=() dps=() cpu=() rss=()
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.txt" "$BIN" extract "$INPUT" "${FLAGS[@]}" \
      --threads "$t" --no-progress --output "$WORK/out.jsonl" --stats "$WORK/stats.json" \
      2>/dev/null || { echo "bench: khabar failed (exit $?)" >&2; exit 2; }
    read -r e u s m < "$WORK/time.txt"
    read_n=$(stat_of "$WORK/stats.json" records_read)
    rejected=$(stat_of "$WORK/stats.json" rejected)
    if [ "$read_n" != "$RECORDS" ] || [ "$rejected" != 0 ]; then
      echo "bench: expected $RECORDS records and no rejects, got $read_n read, $rejected rejected" >&2
      exit 1
    fi
    cmp -s "$WORK/out.jsonl" "$WORK/ref.jsonl" || {
      echo "bench: --threads $t gave other bytes than --threads 2" >&2; exit 1; }
    mbs+=("$(awk -v b="$BYTES" -v e="$e" 'BEGIN {printf "%.1f", b / 1e6 / e}')")
    dps+=("$(awk -v n="$RECORDS" -v e="$e" 'BEGIN {printf "%.0f", n / e}')")
    cpu+=("$(awk -v b="$BYTES" -v u="$u" -v s="$s" 'BEGIN {printf "%.1f", b / 1e6 / (u + s)}')")
    rss+=("$((m / 1024))")
  done
  MBS[$t]=$(printf '%s\n' "${mbs[@]}" | median)
  printf '%7s  %4s  %6s  %12s  %5s MB  (%s)\n' "$t" "${MBS[$t]}" \
    "$(printf '%s\n' "${dps[@]}" | median)" "$(printf '%s\n' "${cpu[@]}" | median)" \
    "$(printf '%s\n' "${rss[@]}" | sort -n | tail -1)" "${mbs[*]}"
done
if [ -n "${MBS[1]:-}" ] && [ -n "${MBS[2]:-}" ]; then
  echo "speedup 2 vs 1 thread: $(awk -v a="${MBS[2]}" -v b="${MBS[1]}" 'BEGIN {printf "%.2fx", a / b}')"
fi

# Stages, one thread, in process.
if [ "$STAGES" != 0 ] && [ -z "${GAZ:-}" ]; then
  stage_flags=()
  case " ${EXTRA:-} " in *" --no-tagger "*) stage_flags+=(--no-tagger) ;; esac
  cargo bench --quiet --bench pipeline -- --stages "$INPUT" --out "$WORK/stages.jsonl" \
    "${stage_flags[@]}"
  cmp -s "$WORK/stages.jsonl" "$WORK/ref.jsonl" || {
    echo "bench: the stage pass's extractions differ from khabar extract's" >&2; exit 1; }
  cargo bench --quiet --bench pipeline -- --startup
fi
rm -f "$WORK/out.jsonl" "$WORK/out.rejects.jsonl" "$WORK/ref.jsonl" "$WORK/ref.rejects.jsonl" \
  "$WORK/stages.jsonl" "$WORK/stats.json" "$WORK/time.txt"
