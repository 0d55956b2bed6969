#!/usr/bin/env bash
# Ferry's relay path against nginx proxy_pass, in one run, under the same wrk load.
#
#   wrk --> relay (pinned to SERVER_CORE) --> sink (nginx `return 204;`, on WRK_CORE with wrk)
#
# Relays, one at a time:
#   ferry  `ferry run --config <temp config> --loops 1`: one medplum connection, one
#          required subscription to the sink (allowPrivateSubscribers), a whsec key made per
#          run. Per request: Medplum signature check, normalization, Standard Webhooks
#          signing, forward over a kept-alive upstream connection, 200 {"delivered":1,...}.
#   nginx  one single-process nginx, `proxy_pass` to the sink with upstream keep-alive.
#          It verifies nothing: the comparison is Ferry's full path against plain proxying.
# Load: POST /hooks/medplum/<connection> of a BODY_BYTES (2048) FHIR Patient, Content-Type
# application/fhir+json, X-Signature = hex HMAC-SHA256 of the body; keep-alive,
# CONNECTIONS connections, WRK_THREADS wrk threads. nginx gets exactly the same requests.
#
# Distinct events. Ferry's delivery ledger answers a repeat of a delivered event (same
# meta.versionId) with 200 {"duplicate":true} without forwarding it, so one replayed body
# would measure that shortcut. Every request is a different event instead: the body is
# constant except a fixed-width counter at the end of meta.versionId, and
# Benchmarks/medplum-events.py precomputes (python3 hmac, the constant prefix hashed once)
# only the signature of each id; relay-medplum.lua builds prefix .. id .. suffix per request
# and takes that id's signature. Ids run on across the warm-up and the measured run of one
# relay process (done() reports where it stopped), and start again at 0 for the next relay
# (nginx needs none of this, it just gets the same requests). RELAY_IDS sizes the table:
# RELAY_MAX_RPS x (WARMUP + DURATION) + 10 %; if wrk runs out it reuses ids, and the run is
# reported INVALID. (The ledger forgets ids after 300 s and keeps at most 200,000, so reuse
# could even go unnoticed; the script does not rely on either.)
#
# Validity: every Ferry answer must be 2xx (200) and the sample request before the load
# must answer 200 with "delivered":1. Non-2xx answers or socket errors from either relay,
# or ids running out, make the run INVALID: the script says so and exits 1 (the JSON line
# is still written, with "valid":false). The sink's request counter (stub_status) is read
# around each relay's runs and compared with the relay's 2xx answers.
#
# Zero retention: both nginx keep request bodies in memory (client_body_buffer_size 64k,
# client_body_in_single_buffer on); after the run their temp folders must be empty.
# Ferry's log (one "relayed" line per event at FERRY_LOG_LEVEL=info, ids only) goes to the
# temp dir, which is removed at the end.
#
# Environment (besides those of lib.sh: DURATION, WARMUP, CONNECTIONS, WRK_THREADS,
# SERVER_CORE, WRK_CORE, BODY_BYTES, NGINX, RESULTS_DIR, BENCH_KEEP_TMP):
#   FERRY_BIN [.build/release/ferry]  the ferry binary
#   FERRY_LOOPS [1]                   --loops for `ferry run` (one per pinned core)
#   FERRY_LOG_LEVEL [info]            Ferry's log level during the run (info: its default)
#   RELAY_MAX_RPS [60000]             the highest rate expected, to size RELAY_IDS
#   RELAY_IDS                         how many signed events to precompute (overrides the above)
set -euo pipefail

# shellcheck source=Benchmarks/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

FERRY_BIN="${FERRY_BIN:-$REPO_ROOT/.build/release/ferry}"
FERRY_LOOPS="${FERRY_LOOPS:-1}"
FERRY_LOG_LEVEL="${FERRY_LOG_LEVEL:-info}"
RELAY_MAX_RPS="${RELAY_MAX_RPS:-60000}"
RELAY_IDS="${RELAY_IDS:-$(( RELAY_MAX_RPS * (WARMUP + DURATION) * 11 / 10 ))}"
RELAY_ID_WIDTH=12
CONNECTION_ID=bench-medplum

bench_init relay
bench_find_nginx
bench_require python3 curl
if ! [[ "$RELAY_IDS" =~ ^[0-9]+$ ]] || [ "$RELAY_IDS" -eq 0 ]; then
    bench_die "RELAY_IDS must be a positive whole number"
fi
[ -x "$FERRY_BIN" ] || bench_die "$FERRY_BIN not found: run 'make build' first (or set FERRY_BIN)"
"$FERRY_BIN" run --help >/dev/null 2>&1 || bench_die "$FERRY_BIN has no working 'run' subcommand"
export FERRY_LOG_LEVEL WRK_THREADS

# --- signed events
data="$BENCH_TMP/events"
mkdir -p "$data"
# Connection secret (Medplum's subscription secret) and the subscriber's whsec key, per run;
# handed to ferry through env: references, so they appear in no file and no command line.
FERRY_BENCH_MEDPLUM_SECRET="$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
FERRY_BENCH_SUBSCRIBER_KEY="whsec_$(python3 -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(32)).decode())')"
export FERRY_BENCH_MEDPLUM_SECRET FERRY_BENCH_SUBSCRIBER_KEY
bench_log "signing $RELAY_IDS distinct Medplum events ($BODY_BYTES bytes each)"
t_gen=$SECONDS
MEDPLUM_SECRET="$FERRY_BENCH_MEDPLUM_SECRET" \
    python3 "$BENCH_DIR/medplum-events.py" "$data" "$RELAY_IDS" "$BODY_BYTES" "$RELAY_ID_WIDTH"
bench_log "signed in $((SECONDS - t_gen)) s"

BENCH_WRK_SCRIPT="$BENCH_DIR/relay-medplum.lua"
export RELAY_DATA="$data" RELAY_IDS RELAY_ID_WIDTH
RELAY_NEXT_ID=0
RELAY_WRAPPED=0
bench_wrk_before() {
    export RELAY_ID_OFFSET="$RELAY_NEXT_ID"
}
bench_wrk_after() {
    local line next wrapped
    line="$(grep -m1 '^relay-bench next_id=' "$1")" || bench_die "the wrk script did not report its last id ($1)"
    next="$(sed -E 's/.*next_id=([0-9]+).*/\1/' <<<"$line")"
    wrapped="$(sed -E 's/.*wrapped=([0-9]+).*/\1/' <<<"$line")"
    RELAY_NEXT_ID="$next"
    RELAY_WRAPPED=$((RELAY_WRAPPED + wrapped))
}

# --- the sink, on wrk's core, with a request counter
bench_pick_port
sink_port="$BENCH_PORT"
bench_start_nginx sink "$WRK_CORE" "$sink_port" \
    "client_body_buffer_size 64k; client_body_in_single_buffer on; return 204;" "" \
    "        location = /_sink_status { stub_status; }"
sink_pid="$BENCH_PID"
BENCH_WRK_CORE_PIDS=("$sink_pid")

# sink_requests: sets SINK_COUNT to the requests the sink has handled, not counting the
# status reads themselves. Not to be called in $(...): it counts its reads in a global.
sink_status_reads=0
sink_requests() {
    local n
    n="$(curl -sS --max-time 5 "http://127.0.0.1:$sink_port/_sink_status" | awk '/^ *[0-9]+ +[0-9]+ +[0-9]+ *$/ {print $3; exit}')" \
        || bench_die "cannot read the sink's counter"
    [ -n "$n" ] || bench_die "the sink's stub_status answered nothing readable"
    sink_status_reads=$((sink_status_reads + 1))
    SINK_COUNT=$((n - sink_status_reads))
}

# wrk_count FILE 2xx|non2xx: requests of one wrk run answered 2xx/3xx, or not (0 without FILE).
wrk_count() {
    [ -f "$1" ] || { echo 0; return; }
    awk -v want="$2" '/ requests in /{r = $1} /Non-2xx or 3xx responses:/{n = $NF}
        END { print (want == "2xx") ? r - n : n + 0 }' "$1"
}

# sample NAME URL: one request with the sample event; prints "STATUS BODY".
sample() {
    curl -sS --max-time 10 -o "$BENCH_TMP/sample-$1.out" -w '%{http_code}' \
        -H 'Content-Type: application/fhir+json' -H "X-Signature: $(<"$data/sample.sig")" \
        --data-binary "@$data/sample.json" "$2" || echo 000
}

hook_path="/hooks/medplum/$CONNECTION_ID"
invalid=()

# --- nginx proxy_pass, the reference
bench_pick_port
bench_start_nginx nginx "$SERVER_CORE" "$BENCH_PORT" \
    "client_body_buffer_size 64k; client_body_in_single_buffer on;
            proxy_pass http://sink;
            proxy_http_version 1.1;
            proxy_set_header Connection \"\";" \
    "    upstream sink {
        server 127.0.0.1:$sink_port;
        keepalive 64;
        keepalive_requests 1000000;
        keepalive_timeout 75s;
    }"
nginx_pid="$BENCH_PID"
status="$(sample nginx "http://127.0.0.1:$BENCH_PORT$hook_path")"
[ "$status" = 204 ] || invalid+=("nginx answered the sample request with HTTP $status instead of the sink's 204")
sink_requests; sink0=$SINK_COUNT
bench_measure nginx "nginx proxy_pass" "$nginx_pid" "$BENCH_PORT" "$hook_path"
sink_requests; sink1=$SINK_COUNT
nginx_2xx=$(( $(wrk_count "$BENCH_TMP/wrk-nginx-warmup.txt" 2xx) + $(wrk_count "$BENCH_TMP/wrk-nginx.txt" 2xx) ))
nginx_warmup_non2xx="$(wrk_count "$BENCH_TMP/wrk-nginx-warmup.txt" non2xx)"
nginx_sink=$((sink1 - sink0))
bench_stop "$nginx_pid"

# --- Ferry
bench_pick_port
ferry_port="$BENCH_PORT"
config="$BENCH_TMP/ferry.json"
cat >"$config" <<EOF
{
  "\$comment": "generated by Benchmarks/relay-bench.sh",
  "listen": [{"address": "127.0.0.1", "port": $ferry_port}],
  "publicBaseURL": "http://127.0.0.1:$ferry_port",
  "allowPrivateSubscribers": true,
  "providersPath": "$REPO_ROOT/Providers",
  "loops": 1,
  "connections": [
    {"id": "$CONNECTION_ID", "provider": "medplum", "secret": "env:FERRY_BENCH_MEDPLUM_SECRET"}
  ],
  "subscriptions": [
    {
      "id": "bench-sink",
      "url": "http://127.0.0.1:$sink_port/",
      "secret": "env:FERRY_BENCH_SUBSCRIBER_KEY",
      "connections": ["$CONNECTION_ID"],
      "types": ["ehr.patient.*"],
      "required": true,
      "timeoutMs": 5000
    }
  ]
}
EOF
"$FERRY_BIN" config check "$config" >"$BENCH_TMP/config-check.txt" 2>&1 \
    || { cat "$BENCH_TMP/config-check.txt" >&2; bench_die "ferry config check rejected the generated config"; }
bench_start ferry "$SERVER_CORE" "$FERRY_BIN" run --config "$config" --loops "$FERRY_LOOPS"
ferry_pid="$BENCH_PID"
bench_wait_ready ferry "$ferry_pid" "$ferry_port"

status="$(sample ferry "http://127.0.0.1:$ferry_port$hook_path")"
sample_body="$(head -c 400 "$BENCH_TMP/sample-ferry.out")"
bench_log "ferry's answer to the sample event: HTTP $status $sample_body"
if [ "$status" != 200 ] || ! grep -q '"delivered":1' "$BENCH_TMP/sample-ferry.out"; then
    invalid+=("ferry answered the sample event with HTTP $status $sample_body (expected 200 with \"delivered\":1)")
fi
# Ids start again at 0 for Ferry: nginx keeps no ledger, and this ferry process is new, so
# the whole table is Ferry's.
RELAY_NEXT_ID=0
RELAY_WRAPPED=0
sink_requests; sink0=$SINK_COUNT
bench_measure ferry "ferry run (medplum)" "$ferry_pid" "$ferry_port" "$hook_path"
sink_requests; sink1=$SINK_COUNT
ferry_2xx=$(( $(wrk_count "$BENCH_TMP/wrk-ferry-warmup.txt" 2xx) + $(wrk_count "$BENCH_TMP/wrk-ferry.txt" 2xx) ))
ferry_warmup_non2xx="$(wrk_count "$BENCH_TMP/wrk-ferry-warmup.txt" non2xx)"
ferry_sink=$((sink1 - sink0))
ferry_max_rss_kb="$(awk '/^VmHWM:/{print $2}' "/proc/$ferry_pid/status")"
bench_stop "$ferry_pid"
bench_stop "$sink_pid"

# --- checks
for name in nginx ferry; do
    if [ "${BENCH_NON2XX[$name]}" != 0 ] || [ "${BENCH_ERRS[$name]}" != 0 ]; then
        invalid+=("${BENCH_LABEL[$name]}: ${BENCH_NON2XX[$name]} non-2xx answers and ${BENCH_ERRS[$name]} socket errors in the measured run")
    fi
done
[ "$nginx_warmup_non2xx" = 0 ] || invalid+=("nginx proxy_pass: $nginx_warmup_non2xx non-2xx answers during the warm-up")
[ "$ferry_warmup_non2xx" = 0 ] || invalid+=("ferry: $ferry_warmup_non2xx non-2xx answers during the warm-up")
if [ "$RELAY_WRAPPED" != 0 ]; then
    invalid+=("$RELAY_WRAPPED requests reused an event id (RELAY_IDS=$RELAY_IDS ran out; raise RELAY_MAX_RPS or RELAY_IDS)")
fi
temp_files=$(( $(bench_nginx_temp_files nginx) + $(bench_nginx_temp_files sink) ))
[ "$temp_files" = 0 ] || invalid+=("nginx wrote $temp_files request/response files to its temp folders (zero retention)")
# The sink may see a few more requests than wrk counted answers: those in flight when wrk
# stopped (at most CONNECTIONS per wrk run).
sink_check() {
    local label="$1" answered="$2" received="$3" slack=$((2 * CONNECTIONS))
    if [ "$received" -lt "$answered" ] || [ "$received" -gt $((answered + slack)) ]; then
        invalid+=("$label: answered $answered requests 2xx but the sink received $received (expected $answered to $((answered + slack)))")
    fi
}
sink_check "nginx proxy_pass" "$nginx_2xx" "$nginx_sink"
sink_check "ferry" "$ferry_2xx" "$ferry_sink"

# --- report
rps_ratio="$(bench_ratio "${BENCH_RPS[ferry]}" "${BENCH_RPS[nginx]}")"
cpu_ratio="$(bench_ratio "${BENCH_CPU_US[nginx]}" "${BENCH_CPU_US[ferry]}")"
pct() { awk -v n="$1" -v d="$2" 'BEGIN { printf "%.3f\n", (d > 0) ? 100 * n / d : 0 }'; }
bench_print_table
echo "sink: nginx return 204 on core $WRK_CORE with wrk (its CPU is not counted in 'other %')"
for name in nginx ferry; do
    printf '%-28s non-2xx %s of %s (%s %%)\n' "${BENCH_LABEL[$name]}" "${BENCH_NON2XX[$name]}" \
        "${BENCH_REQS[$name]}" "$(pct "${BENCH_NON2XX[$name]}" "${BENCH_REQS[$name]}")"
done
echo "sink received (warm-up + measured): $nginx_sink via nginx ($nginx_2xx answered 2xx), $ferry_sink via ferry ($ferry_2xx answered 2xx)"
echo "distinct events: $RELAY_NEXT_ID ids used of $RELAY_IDS signed, $RELAY_WRAPPED reused; ferry log level $FERRY_LOG_LEVEL; ferry peak RSS ${ferry_max_rss_kb:-?} KB"
echo "req/s            Ferry / nginx: $rps_ratio   (above 1: Ferry relays more per core)"
echo "CPU per request  nginx / Ferry: $cpu_ratio   (above 1: Ferry spends less CPU per request)"

valid=true
[ "${#invalid[@]}" = 0 ] || valid=false
bench_write_json "\"valid\":$valid,\"sink_port_core\":$WRK_CORE,\"ferry_log_level\":$(bench_json_string "$FERRY_LOG_LEVEL"),\"ferry_loops\":$FERRY_LOOPS,\"ferry_max_rss_kb\":${ferry_max_rss_kb:-null},\"event_ids_signed\":$RELAY_IDS,\"event_ids_used\":$RELAY_NEXT_ID,\"event_ids_reused\":$RELAY_WRAPPED,\"sink_received_via_nginx\":$nginx_sink,\"nginx_2xx\":$nginx_2xx,\"sink_received_via_ferry\":$ferry_sink,\"ferry_2xx\":$ferry_2xx,\"nginx_non2xx_pct\":$(pct "${BENCH_NON2XX[nginx]}" "${BENCH_REQS[nginx]}"),\"ferry_non2xx_pct\":$(pct "${BENCH_NON2XX[ferry]}" "${BENCH_REQS[ferry]}"),\"ratio_rps_ferry_over_nginx\":$rps_ratio,\"ratio_cpu_nginx_over_ferry\":$cpu_ratio"

if [ "$valid" = false ]; then
    echo
    echo "INVALID benchmark:" >&2
    for reason in "${invalid[@]}"; do
        echo "  - $reason" >&2
    done
    if [ -s "$BENCH_TMP/wrk-ferry.txt" ]; then
        BENCH_KEEP_TMP=1   # keep ferry's log and wrk's output to look at
    fi
    exit 1
fi
