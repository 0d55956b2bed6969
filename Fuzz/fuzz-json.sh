#!/usr/bin/env bash
# Fuzz FerryJSON's index, pointer lookup and writer with libFuzzer + AddressSanitizer.
# The target is compiled straight from Sources/FerryJSON (it has no dependencies), so no
# package build is needed. FUZZ_SECONDS (default 600) bounds the run; findings land in
# Fuzz/.build/json-findings/ and new inputs in a scratch copy of the committed seeds.
set -euo pipefail
cd "$(dirname "$0")/.."

out=Fuzz/.build
mkdir -p "$out/json-corpus" "$out/json-findings"

swiftc -sanitize=fuzzer,address -parse-as-library -O \
    Sources/FerryJSON/*.swift Fuzz/JSONIndexFuzz.swift -o "$out/json-index-fuzz"

# Swift's backtracer would race libFuzzer's own crash report.
SWIFT_BACKTRACE=enable=no "$out/json-index-fuzz" \
    -max_total_time="${FUZZ_SECONDS:-600}" -max_len=65536 -timeout=10 \
    -artifact_prefix="$out/json-findings/" -print_final_stats=1 \
    "$out/json-corpus" Fuzz/corpus/json
