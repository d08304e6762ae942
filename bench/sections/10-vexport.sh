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
# Against cat for the raw cost of moving the bytes into a file. vexport reads a producer's pipe
# (`agent | vexport`), so both read the corpus from a pipe fed by another cat, which costs both
# the same. With a regular file on standard input GNU cat (9.x) moves no bytes through user space
# at all (copy_file_range(2) copies inside the kernel), while vexport must read every byte to
# validate it: that row is printed for information, without a target.
compare "vexport -b 1000, stdin a pipe (to a file)" "rm -f $out; cat $CORPUS | vexport --no-stamp -b 1000 -o $out" \
    "cat > file, stdin a pipe" "rm -f $out; cat $CORPUS | cat > $out" 0.5
compare "vexport -b 1000 with stamping, stdin a pipe (to a file)" "rm -f $out; cat $CORPUS | vexport -b 1000 -o $out" \
    "cat > file, stdin a pipe" "rm -f $out; cat $CORPUS | cat > $out" 0.5
compare "vexport -b 1000, stdin the corpus file (to a file)" "rm -f $out; vexport --no-stamp -b 1000 -o $out < $CORPUS" \
    "cat < corpus > file (in-kernel copy_file_range)" "rm -f $out; cat < $CORPUS > $out" -
rm -f $out
