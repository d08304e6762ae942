#!/usr/bin/env bash
# make fuzz: builds the libFuzzer binary (VCore + fuzz/FuzzTargets.swift, with ASan) and runs
# every target for FUZZ_SECONDS (default 60). Crashes leave their reproducer in fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-json fieldpath filter timestamp duration}
mkdir -p .build/fuzz fuzz/artifacts
binary=.build/fuzz/vtools-fuzz
if [ ! -x "$binary" ] || [ -n "$(find Sources/VCore fuzz/FuzzTargets.swift -newer "$binary" -name '*.swift' | head -n 1)" ]; then
    echo "building $binary"
    swiftc -sanitize=fuzzer,address -parse-as-library -module-name VFuzz -O \
        fuzz/FuzzTargets.swift $(find Sources/VCore -name '*.swift' | sort) -o "$binary" 2>&1 | grep -v "Cannot export local symbol" || true
fi
status=0
for target in $targets; do
    corpus=fuzz/corpus/$target
    mkdir -p "$corpus"
    echo "== fuzz $target for ${seconds}s"
    if ! VFUZZ_TARGET=$target SWIFT_BACKTRACE=enable=no "$binary" "$corpus" "fuzz/seeds/$target" \
        -max_total_time="$seconds" -max_len=4096 -artifact_prefix="fuzz/artifacts/$target-" -print_final_stats=1 2>&1 \
        | grep -E "^(Done|stat::number_of_executed_units|==[0-9]+==|SUMMARY|.*Fatal error|.*precondition)" ; then
        :
    fi
    if ls fuzz/artifacts/$target-* >/dev/null 2>&1; then
        echo "fuzz $target: FOUND A CRASH, reproducer: $(ls fuzz/artifacts/$target-* | head -n 1)"
        status=1
    fi
done
exit $status
