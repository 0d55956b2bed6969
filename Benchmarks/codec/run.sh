#!/usr/bin/env bash
# Builds the codec alone (like Fuzz/fuzz.sh) with -O -wmo, as a release build would, and
# reports allocations and ns per parsed request; fails if allocations exceed thresholds.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=Benchmarks/results
mkdir -p "$out"
cc -O2 -shared -fPIC Benchmarks/codec/malloc-counter.c -o "$out/libmalloc-counter.so"
swiftc -O -wmo Sources/FerryHTTP/Codec/*.swift Benchmarks/codec/main.swift -o "$out/codec-bench"
limit=$(sed -n 's/.*"request-parse-allocations": *\([0-9]*\).*/\1/p' Benchmarks/codec/thresholds.json)
SWIFT_BACKTRACE=enable=no LD_PRELOAD="$PWD/$out/libmalloc-counter.so" "$out/codec-bench" "$limit"
