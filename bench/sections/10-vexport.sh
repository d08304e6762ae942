# vexport: validate + compact + batch-append, against jq -c . and cat.
out=bench/out/vexport.jsonl
compare "vexport --buffer-size 1000" "rm -f $out; vexport --no-stamp -b 1000 -o $out < $CORPUS" \
    "jq -c ." "jq -c . < $CORPUS > $out" 20
compare "vexport --buffer-size 1000" "rm -f $out; vexport --no-stamp -b 1000 -o $out < $CORPUS" \
    "cat > file" "rm -f $out; cat < $CORPUS > $out" 0.5
compare "vexport (default batch of 10)" "rm -f $out; vexport --no-stamp -o $out < $CORPUS" \
    "jq -c ." "jq -c . < $CORPUS > $out" 10
rm -f $out
