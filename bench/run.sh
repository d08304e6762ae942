#!/usr/bin/env bash
# make bench: our tools against the tools people use today, on one generated corpus, in one run.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.build/release:$PATH"
source bench/lib.sh
mkdir -p bench/out
EVENTS=${BENCH_EVENTS:-1000000}
CORPUS=bench/out/corpus-$EVENTS.jsonl
if [ ! -s "$CORPUS" ]; then
    echo "generating $EVENTS events into $CORPUS"
    vgen --count "$EVENTS" --seed 1 --start 2026-01-06T12:00:00Z --rate 50 > "$CORPUS.tmp" && mv "$CORPUS.tmp" "$CORPUS"
fi
export CORPUS EVENTS
: > "$RESULTS"
{
    echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), $(swift --version 2>/dev/null | head -n 1)"
    echo "Corpus: $EVENTS events, $(du -m "$CORPUS" | cut -f1) MiB; best of $BENCH_RUNS runs"
    echo
    echo "| task | vtools | peak memory | peer | peer time | speed-up | target | |"
    echo "|---|---|---|---|---|---|---|---|"
} | tee -a "$RESULTS"
missing=()
for peer in jq mlr; do command -v $peer >/dev/null || missing+=($peer); done
[ ${#missing[@]} -eq 0 ] || echo "note: not installed, rows skipped: ${missing[*]} (apt-get install jq miller)"
for section in bench/sections/*${BENCH_ONLY:-}*.sh; do
    source "$section"
done
echo
echo "results: $RESULTS"
