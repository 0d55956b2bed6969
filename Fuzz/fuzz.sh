#!/usr/bin/env bash
# Builds a codec fuzzer from the codec sources alone (no SwiftPM, no FerryIO) and runs it over
# its committed seed corpus. FUZZ_SECONDS bounds the run (default 600); FUZZ_TARGET picks
# request-parser (default) or response-parser.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${FUZZ_TARGET:-request-parser}"
case "$target" in
    request-parser) source=Fuzz/RequestParserFuzz.swift ;;
    response-parser) source=Fuzz/ResponseParserFuzz.swift ;;
    *) echo "unknown FUZZ_TARGET: $target" >&2; exit 2 ;;
esac
mkdir -p Fuzz/.build "Fuzz/corpus-run/$target"
swiftc -sanitize=fuzzer,address -parse-as-library -O \
    Sources/FerryHTTP/Codec/*.swift "$source" \
    -o "Fuzz/.build/$target-fuzz"
# New inputs go to corpus-run (git-ignored); the committed seeds stay as they are.
SWIFT_BACKTRACE=enable=no "Fuzz/.build/$target-fuzz" \
    -max_total_time="${FUZZ_SECONDS:-600}" -max_len=4096 -print_final_stats=1 \
    -artifact_prefix=Fuzz/.build/ \
    "Fuzz/corpus-run/$target" "Fuzz/corpus/$target" "$@"
