# vexport: validate + compact + batch-append. Against jq -c . with both writing to /dev/null (the
# cost of the tools themselves), and to a real file (where the kernel's copy into the page cache,
# the same for every tool, is added); against cat for the raw cost of moving the bytes.
out=bench/out/vexport.jsonl
if command -v jq >/dev/null; then
    compare "vexport -b 1000 (to /dev/null)" "vexport --no-stamp -b 1000 -o /dev/null < $CORPUS" \
        "jq -c . > /dev/null" "jq -c . < $CORPUS > /dev/null" 20
    compare "vexport, default batch of 10 (to /dev/null)" "vexport --no-stamp -o /dev/null < $CORPUS" \
        "jq -c . > /dev/null" "jq -c . < $CORPUS > /dev/null" 10
    compare "vexport -b 1000 (to a file)" "rm -f $out; vexport --no-stamp -b 1000 -o $out < $CORPUS" \
        "jq -c . > file" "rm -f $out; jq -c . < $CORPUS > $out" 20
    compare "vexport, default batch of 10 (to a file)" "rm -f $out; vexport --no-stamp -o $out < $CORPUS" \
        "jq -c . > file" "rm -f $out; jq -c . < $CORPUS > $out" 10
fi
compare "vexport -b 1000 (to a file)" "rm -f $out; vexport --no-stamp -b 1000 -o $out < $CORPUS" \
    "cat > file" "rm -f $out; cat < $CORPUS > $out" 0.5
compare "vexport with stamping (to a file)" "rm -f $out; vexport -b 1000 -o $out < $CORPUS" \
    "cat > file" "rm -f $out; cat < $CORPUS > $out" 0.5
rm -f $out
