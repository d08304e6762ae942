# vcount: counting per group against jq | sort | uniq -c and miller; plain counting against wc -l.
if command -v jq >/dev/null; then
    compare "vcount --by category,name" "vcount --by category,name < $CORPUS" \
        "jq | sort | uniq -c" "jq -r '[.category,.name]|@tsv' < $CORPUS | sort | uniq -c" 20
fi
if command -v mlr >/dev/null; then
    compare "vcount --by category,name" "vcount --by category,name < $CORPUS" \
        "mlr count-distinct" "mlr --ijsonl --ojson count-distinct -f category,name < $CORPUS" 20
fi
compare "vcount (validates every line)" "vcount < $CORPUS" \
    "wc -l" "wc -l < $CORPUS" 0.125
