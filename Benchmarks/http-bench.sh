#!/usr/bin/env bash
# Ferry's HTTP server against nginx, in one run, under the same wrk load:
# POST of a 2 KB JSON body, keep-alive, 16 connections, 1 wrk thread.
# Ferry side: `ferry bench serve` (reads each request fully, answers 204).
# nginx side: one single-process nginx, `return 204;`.
# Each server in turn is pinned to SERVER_CORE, wrk to WRK_CORE; only one server runs
# at a time. Prints a table and writes one JSON line to Benchmarks/results/.
#
# Environment (besides those of lib.sh: DURATION, WARMUP, CONNECTIONS, WRK_THREADS,
# SERVER_CORE, WRK_CORE, BODY_BYTES, NGINX, RESULTS_DIR, BENCH_KEEP_TMP):
#   FERRY_BIN [.build/release/ferry]  the ferry binary
#   FERRY_LOOPS [1]                   --loops for `ferry bench serve` (one per pinned core)
#   FERRY_CMD                         run this instead of ferry; "{port}" is replaced by the
#                                     port (split on spaces, no quoting), e.g.
#                                     FERRY_CMD='/opt/old/ferry bench serve --listen 127.0.0.1:{port}'
#   FERRY_STANDIN=nginx               put a second nginx (same config) on the Ferry side:
#                                     a self-check of the method, the ratios should be ~1.0
set -euo pipefail

# shellcheck source=Benchmarks/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

FERRY_BIN="${FERRY_BIN:-$REPO_ROOT/.build/release/ferry}"
FERRY_LOOPS="${FERRY_LOOPS:-1}"
FERRY_CMD="${FERRY_CMD:-}"
FERRY_STANDIN="${FERRY_STANDIN:-}"

bench_init http
bench_find_nginx

# Decide what the Ferry side runs before starting anything, so a missing binary fails fast.
if [ -n "$FERRY_STANDIN" ]; then
    [ "$FERRY_STANDIN" = nginx ] || bench_die "FERRY_STANDIN supports only 'nginx'"
    ferry_side=nginx-standin
    ferry_label="ferry (stand-in: nginx)"
elif [ -n "$FERRY_CMD" ]; then
    ferry_side=custom
    ferry_label="ferry (FERRY_CMD)"
else
    ferry_side=ferry
    ferry_label="ferry bench serve"
    [ -x "$FERRY_BIN" ] || bench_die "$FERRY_BIN not found: run 'make build' first (or set FERRY_BIN)"
    "$FERRY_BIN" bench serve --help >/dev/null 2>&1 \
        || bench_die "$FERRY_BIN has no working 'bench serve' subcommand yet"
fi

# --- nginx, the reference
bench_pick_port
bench_start_nginx nginx "$SERVER_CORE" "$BENCH_PORT" "return 204;"
bench_measure nginx "nginx return 204" "$BENCH_PID" "$BENCH_PORT"
bench_stop "$BENCH_PID"

# --- Ferry (or its stand-in)
bench_pick_port
case "$ferry_side" in
    nginx-standin)
        bench_start_nginx ferry "$SERVER_CORE" "$BENCH_PORT" "return 204;"
        ;;
    custom)
        read -r -a cmd <<<"${FERRY_CMD//\{port\}/$BENCH_PORT}"
        bench_start ferry "$SERVER_CORE" "${cmd[@]}"
        bench_wait_ready ferry "$BENCH_PID" "$BENCH_PORT"
        ;;
    ferry)
        bench_start ferry "$SERVER_CORE" "$FERRY_BIN" bench serve \
            --listen "127.0.0.1:$BENCH_PORT" --loops "$FERRY_LOOPS"
        bench_wait_ready ferry "$BENCH_PID" "$BENCH_PORT"
        ;;
esac
bench_measure ferry "$ferry_label" "$BENCH_PID" "$BENCH_PORT"
bench_stop "$BENCH_PID"

# --- report
rps_ratio="$(bench_ratio "${BENCH_RPS[ferry]}" "${BENCH_RPS[nginx]}")"
cpu_ratio="$(bench_ratio "${BENCH_CPU_US[nginx]}" "${BENCH_CPU_US[ferry]}")"
bench_print_table
echo "req/s            Ferry / nginx: $rps_ratio   (above 1: Ferry serves more per core)"
echo "CPU per request  nginx / Ferry: $cpu_ratio   (above 1: Ferry spends less CPU per request)"
if [ "$ferry_side" != ferry ]; then
    echo "note: the Ferry side was not ferry ($ferry_side)"
fi
bench_write_json "\"ferry_side\":\"$ferry_side\",\"ratio_rps_ferry_over_nginx\":$rps_ratio,\"ratio_cpu_nginx_over_ferry\":$cpu_ratio"
