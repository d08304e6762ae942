# vgen: events per second with no pacing, into /dev/null and into a pipe (target: >= 1,000,000/s),
# and the simulated-clock corpus command of bench/run.sh.
VGEN_EVENTS=${VGEN_EVENTS:-2000000}
vgen_rate() {   # vgen_rate TITLE CMD
    measure "$2"
    local rate verdict
    rate=$(awk "BEGIN{ printf \"%.0f\", ($SECONDS_BEST > 0) ? $VGEN_EVENTS / $SECONDS_BEST : 1e12 }")
    verdict=$(awk "BEGIN{ print ($rate >= 1000000) ? \"ok\" : \"MISSED\" }")
    report "$1 ($VGEN_EVENTS events, $(printf '%.2f' "$SECONDS_BEST")s, $((RSS_KB / 1024)) MiB)" \
        "$(printf "%'d" "$rate" 2>/dev/null || echo "$rate") events/s" ">= 1,000,000/s" "$verdict"
}
vgen_rate "vgen --rate max > /dev/null" "vgen --rate max --count $VGEN_EVENTS > /dev/null"
# Through a pipe the pipe and cat set the pace: the same bytes from a file through the same
# pipe are the ceiling to compare with.
vgen --rate max --count $VGEN_EVENTS > bench/out/vgen.jsonl
compare "vgen --rate max | cat (2M events)" "vgen --rate max --count $VGEN_EVENTS | cat > /dev/null" \
    "same bytes: cat file | cat" "cat bench/out/vgen.jsonl | cat > /dev/null" 0.5
rm -f bench/out/vgen.jsonl
vgen_rate "vgen --start (simulated clock) > /dev/null" \
    "vgen --count $VGEN_EVENTS --seed 1 --start 2026-01-06T12:00:00Z --rate 50 > /dev/null"
