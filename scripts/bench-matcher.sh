#!/usr/bin/env bash
# Matcher scaling: the gazetteer match stage alone on the same text with synthetic gazetteers
# of 1k, 10k, 100k and 1M aliases (scripts/synthetic-gazetteer.py), one process per size so
# each peak RSS is that size's own. Prints a Markdown table (the one in docs/performance.md).
#
# Usage: scripts/bench-matcher.sh [INPUT]
#   INPUT  JSON Lines with a `text` field, .jsonl or .jsonl.gz (default:
#          ../shared/eval/news-ar-ant.jsonl.gz next to the repository); its first MB megabytes
#          of text are used
# Environment:
#   MB     megabytes of text (default 30)
#   SIZES  alias counts (default "1000 10000 100000 1000000")
#   WORK   where the gazetteers are generated, once (default /tmp/khabar-matcher-bench)
#
# Not a test: figures depend on the machine. Times are the process's time on a CPU
# (/proc/self/schedstat), so waiting for a CPU on a shared machine is left out; cache sharing
# with other jobs still slows the largest tables most.
set -euo pipefail
cd "$(dirname "$0")/.."

INPUT=${1:-../shared/eval/news-ar-ant.jsonl.gz}
MB=${MB:-30}
SIZES=${SIZES:-1000 10000 100000 1000000}
WORK=${WORK:-/tmp/khabar-matcher-bench}

[ -f "$INPUT" ] || { echo "bench-matcher: no input file $INPUT" >&2; exit 2; }
mkdir -p "$WORK"
for n in $SIZES; do
    [ -f "$WORK/$n/aliases.tsv" ] || python3 scripts/synthetic-gazetteer.py "$n" "$WORK/$n"
done
cargo bench --bench matcher_scaling --no-run --quiet 2>/dev/null
# The bench's own executable (the build also lists the khabar binary's).
BIN=$(cargo bench --bench matcher_scaling --no-run --message-format=json 2>/dev/null |
    grep '"name":"matcher_scaling"' |
    sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -1)
[ -x "$BIN" ] || { echo "bench-matcher: the bench did not build" >&2; exit 2; }

echo "| aliases | patterns | load (s) | compile (s) | matcher (MB) | RSS loaded / peak (MB) | matches | match (s) | match (MB/s) |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
first=""
for n in $SIZES; do
    IFS=$'\t' read -r aliases patterns load compile _wall matcher loaded peak text docs matches secs mbs \
        < <("$BIN" "$WORK/$n" "$INPUT" "$MB")
    echo "| $aliases | $patterns | $load | $compile | $matcher | $loaded / $peak | $matches | $secs | $mbs |"
    [ -z "$first" ] && first=$mbs
    last=$mbs
done
echo
echo "Text: $text MB in $docs documents of $INPUT."
awk -v a="$first" -v b="$last" 'BEGIN { printf "Smallest / largest gazetteer: %.2fx\n", a / b }'
