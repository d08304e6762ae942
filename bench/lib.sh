# Shared helpers for bench/run.sh and bench/sections/*.sh.
# Each measurement is the best wall time of $BENCH_RUNS runs (noise only ever adds time),
# with the peak resident memory of that run; ratios compare tools measured in the same run.

BENCH_RUNS=${BENCH_RUNS:-3}
RESULTS=${RESULTS:-bench/out/results.md}

# measure CMD: sets SECONDS_BEST and RSS_KB for the shell command CMD (stdout discarded by the caller).
measure() {
    local cmd=$1 best="" rss="" i out report
    report=$(mktemp)
    for ((i = 0; i < BENCH_RUNS; i++)); do
        # -o: the redirections below apply to time(1) itself, so its report must go to a file.
        /usr/bin/time -f "%e %M" -o "$report" bash -c "$cmd" >/dev/null 2>/dev/null || true
        out=$(tail -n 1 "$report")
        local t=${out% *} m=${out#* }
        if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; rss=$m; fi
    done
    rm -f "$report"
    SECONDS_BEST=$best
    RSS_KB=$rss
}

# compare TITLE OURS PEER_NAME PEER_CMD TARGET: prints one table row; TARGET is the speed-up the
# issue asks for (e.g. 20 means "at least 20x faster"; 0.5 means "within 2x"), or - for a row
# printed for information only.
compare() {
    local title=${1//|/\\|} ours=$2 peer_name=${3//|/\\|} peer=$4 target=$5
    measure "$ours"; local t_ours=$SECONDS_BEST m_ours=$RSS_KB
    measure "$peer"; local t_peer=$SECONDS_BEST
    local ratio verdict
    ratio=$(awk "BEGIN{ if ($t_ours <= 0) print \"inf\"; else printf \"%.1f\", $t_peer / $t_ours }")
    if [ "$target" = - ]; then
        verdict=info
    else
        verdict=$(awk "BEGIN{ r = ($t_ours <= 0) ? 1e9 : $t_peer / $t_ours; print (r >= $target) ? \"ok\" : \"MISSED\" }")
        target=${target}x
    fi
    local row
    row=$(printf '| %s | %.2fs | %d MiB | %s | %.2fs | %sx | %s | %s |' "$title" "$t_ours" $((m_ours / 1024)) "$peer_name" "$t_peer" "$ratio" "$target" "$verdict")
    echo "$row" | tee -a "$RESULTS"
}

# report TITLE VALUE TARGET VERDICT: a row for a figure that has no peer (latency, rate).
report() {
    set -- "${1//|/\\|}" "$2" "$3" "$4"
    printf '| %s | %s | | | | | %s | %s |\n' "$1" "$2" "$3" "$4" | tee -a "$RESULTS"
}
