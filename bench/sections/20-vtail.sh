# vtail: projection over the whole corpus against jq; -n 10 on the big file; append→output latency.
compare "vtail --no-follow -n +1 --fields category,name" "vtail --no-follow -n +1 --fields category,name $CORPUS" \
    "jq -c '{category,name}'" "jq -c '{category,name}' $CORPUS" 20
compare "vtail --no-follow -n +1 (whole events)" "vtail --no-follow -n +1 $CORPUS" \
    "cat" "cat $CORPUS" 0.1
measure "vtail --no-follow -n +1 --fields category,name --where 'name=tool.*' $CORPUS"
report "vtail --where name=tool.* --fields category,name" "${SECONDS_BEST}s, $((RSS_KB / 1024)) MiB" "" \
    "$(awk "BEGIN{print ($RSS_KB < 24 * 1024) ? \"ok\" : \"MISSED (memory)\"}")"
measure "vtail --no-follow -n 10 $CORPUS"
report "vtail --no-follow -n 10 (reads backwards)" "${SECONDS_BEST}s" "< 0.05s" \
    "$(awk "BEGIN{print ($SECONDS_BEST < 0.05) ? \"ok\" : \"MISSED\"}")"
read -r p50 p99 < <(python3 bench/vtail-latency.py 300)
report "vtail latency append→output, inotify (p50 / p99)" "${p50} / ${p99} ms" "p99 < 10 ms" \
    "$(awk "BEGIN{print ($p99 < 10) ? \"ok\" : \"MISSED\"}")"
read -r p50 p99 < <(python3 bench/vtail-latency.py 60 --no-inotify --interval 100ms)
report "vtail latency, polling only, --interval 100ms (p50 / p99)" "${p50} / ${p99} ms" "p99 < 100 ms" \
    "$(awk "BEGIN{print ($p99 < 105) ? \"ok\" : \"MISSED\"}")"
