#!/usr/bin/env bash
# Builds the request-parser fuzzer from the codec sources alone (no SwiftPM, no FerryIO) and
# runs it over the committed seed corpus. FUZZ_SECONDS bounds the run (default 600).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p Fuzz/.build Fuzz/corpus-run
swiftc -sanitize=fuzzer,address -parse-as-library -O \
    Sources/FerryHTTP/Codec/*.swift Fuzz/RequestParserFuzz.swift \
    -o Fuzz/.build/request-parser-fuzz
# New inputs go to corpus-run (git-ignored); the committed seeds stay as they are.
SWIFT_BACKTRACE=enable=no Fuzz/.build/request-parser-fuzz \
    -max_total_time="${FUZZ_SECONDS:-600}" -max_len=4096 -print_final_stats=1 \
    -artifact_prefix=Fuzz/.build/ \
    Fuzz/corpus-run Fuzz/corpus/request-parser "$@"
