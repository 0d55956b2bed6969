# shellcheck shell=bash
# Shared parts of Ferry's benchmarks (http-bench.sh, relay-bench.sh).
# Source it, call bench_init SCENARIO, start servers with bench_start / bench_start_nginx,
# measure each with bench_measure, then bench_print_table and bench_write_json.
#
# Method (DESIGN.md "Performance targets"): the server under test is pinned to one core,
# wrk (1 thread, keep-alive) to the other; CPU per request comes from the server's
# utime+stime in /proc/<pid>/stat read right before and right after the measured wrk run.
#
# Every process is started directly in this shell (`taskset -c N cmd &`, then `$!`), never
# inside a subshell, so `$!` is the server itself and its /proc/<pid>/stat is the server's.
# Functions that start processes therefore return values in globals, not on stdout.
#
# Environment overrides (defaults in brackets):
#   DURATION [10]      seconds of each measured wrk run
#   WARMUP [2]         seconds of the wrk warm-up before each measured run
#   CONNECTIONS [16]   wrk connections (-c)
#   WRK_THREADS [1]    wrk threads (-t)
#   SERVER_CORE [0]    core the server under test is pinned to
#   WRK_CORE [1]       core wrk (and any sink) is pinned to
#   BODY_BYTES [2048]  size of the POSTed JSON body
#   NGINX [nginx on PATH, else /usr/sbin/nginx]
#   RESULTS_DIR [Benchmarks/results]
#   BENCH_KEEP_TMP [0] 1 keeps the temp dir (configs, server logs, raw wrk output)
#
# Knobs for the scripts that source this file (set after sourcing):
#   BENCH_WRK_SCRIPT     the wrk Lua script [Benchmarks/post-2k.lua]
#   BENCH_WRK_CORE_PIDS  processes that share wrk's core on purpose (a sink): their CPU is
#                        not counted as "other" work on that core
#   bench_wrk_before / bench_wrk_after OUTFILE: when the sourcing script defines these
#                        functions, bench_wrk calls them around every wrk run

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$BENCH_DIR/.." && pwd)"

DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-2}"
CONNECTIONS="${CONNECTIONS:-16}"
WRK_THREADS="${WRK_THREADS:-1}"
SERVER_CORE="${SERVER_CORE:-0}"
WRK_CORE="${WRK_CORE:-1}"
BODY_BYTES="${BODY_BYTES:-2048}"
RESULTS_DIR="${RESULTS_DIR:-$BENCH_DIR/results}"
BENCH_KEEP_TMP="${BENCH_KEEP_TMP:-0}"
export BODY_BYTES   # read by the wrk Lua script

BENCH_PIDS=()        # every process this run started, killed on exit
BENCH_USED_PORTS=()  # ports handed out by bench_pick_port in this run
BENCH_NAMES=()       # measured servers, in order
BENCH_WRK_SCRIPT="$BENCH_DIR/post-2k.lua"
BENCH_WRK_CORE_PIDS=()
declare -A BENCH_LABEL BENCH_RPS BENCH_P99_MS BENCH_CPU_US BENCH_REQS BENCH_ERRS BENCH_NON2XX BENCH_CMDLINE BENCH_OTHER_PCT BENCH_WRK_OTHER_PCT

bench_die() {
    echo "bench: error: $*" >&2
    exit 1
}

bench_log() {
    echo "bench: $*" >&2
}

# bench_init SCENARIO: check the machine, make the temp dir, install the cleanup trap.
bench_init() {
    BENCH_SCENARIO="$1"
    BENCH_TMP="$(mktemp -d "${TMPDIR:-/tmp}/ferry-bench-$BENCH_SCENARIO.XXXXXX")"
    trap bench_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM

    local n
    for n in "$DURATION" "$WARMUP" "$CONNECTIONS" "$WRK_THREADS" "$SERVER_CORE" "$WRK_CORE" "$BODY_BYTES"; do
        [[ "$n" =~ ^[0-9]+$ ]] || bench_die "DURATION, WARMUP, CONNECTIONS, WRK_THREADS, SERVER_CORE, WRK_CORE and BODY_BYTES must be whole numbers (got '$n')"
    done
    [ "$DURATION" -gt 0 ] || bench_die "DURATION must be at least 1 second"
    [ -r /proc/self/stat ] || bench_die "/proc is not mounted; CPU per request cannot be read"

    bench_require wrk taskset getconf awk
    BENCH_CLK_TCK="$(getconf CLK_TCK)"

    local cores
    cores="$(nproc --all)"
    if [ "$SERVER_CORE" -ge "$cores" ] || [ "$WRK_CORE" -ge "$cores" ]; then
        bench_die "SERVER_CORE=$SERVER_CORE / WRK_CORE=$WRK_CORE do not exist on this $cores-core machine"
    fi
    [ "$SERVER_CORE" -ne "$WRK_CORE" ] || bench_log "warning: server and wrk share core $SERVER_CORE"
}

# bench_require CMD...: fail with a clear message if a tool is missing.
bench_require() {
    local c
    for c in "$@"; do
        command -v "$c" >/dev/null 2>&1 \
            || bench_die "'$c' is not installed (make bench-deps installs nginx-light and wrk)"
    done
}

# bench_find_nginx: sets BENCH_NGINX_BIN.
bench_find_nginx() {
    if [ -n "${NGINX:-}" ]; then
        BENCH_NGINX_BIN="$NGINX"
    elif command -v nginx >/dev/null 2>&1; then
        BENCH_NGINX_BIN="$(command -v nginx)"
    elif [ -x /usr/sbin/nginx ]; then
        BENCH_NGINX_BIN=/usr/sbin/nginx   # /usr/sbin is often not on a user's PATH
    else
        bench_die "nginx is not installed (make bench-deps installs nginx-light)"
    fi
    [ -x "$BENCH_NGINX_BIN" ] || bench_die "NGINX=$BENCH_NGINX_BIN is not executable"
}

bench_cleanup() {
    local rc=$? i
    # Newest first: a relay goes before the sink it talks to.
    for ((i = ${#BENCH_PIDS[@]} - 1; i >= 0; i--)); do
        bench_stop "${BENCH_PIDS[i]}"
    done
    if [ -n "${BENCH_TMP:-}" ] && [ -d "$BENCH_TMP" ]; then
        if [ "$BENCH_KEEP_TMP" = 1 ] || { [ "$rc" -ne 0 ] && [ "${#BENCH_PIDS[@]}" -gt 0 ]; }; then
            bench_log "temp files (configs, logs, raw wrk output) kept in $BENCH_TMP"
        else
            rm -rf "$BENCH_TMP"
        fi
    fi
    exit "$rc"
}

# bench_stop PID: SIGTERM, up to 5 s to drain, then SIGKILL.
bench_stop() {
    local pid="$1" i
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

# bench_port_in_use PORT: true when something accepts connections on 127.0.0.1:PORT.
bench_port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# bench_pick_port: sets BENCH_PORT to a free loopback port in 20000-32767, below the
# kernel's ephemeral range (32768+), so wrk's own outgoing ports cannot collide with it.
bench_pick_port() {
    local p u tries
    for ((tries = 0; tries < 200; tries++)); do
        p=$((20000 + RANDOM % 12768))
        for u in "${BENCH_USED_PORTS[@]}"; do
            [ "$u" -eq "$p" ] && continue 2
        done
        bench_port_in_use "$p" && continue
        BENCH_USED_PORTS+=("$p")
        # shellcheck disable=SC2034  # read by the scripts that source this file
        BENCH_PORT="$p"
        return 0
    done
    bench_die "no free port found in 20000-32767"
}

# bench_start NAME CORE CMD...: start CMD pinned to CORE, output to $BENCH_TMP/NAME.log.
# Sets BENCH_PID. Must not be called inside $(...) or a pipeline.
bench_start() {
    local name="$1" core="$2"
    shift 2
    BENCH_CMDLINE[$name]="$*"
    taskset -c "$core" "$@" >"$BENCH_TMP/$name.log" 2>&1 </dev/null &
    BENCH_PID=$!
    BENCH_PIDS+=("$BENCH_PID")
}

# bench_wait_ready NAME PID PORT [TIMEOUT_S]: wait until PORT accepts connections.
bench_wait_ready() {
    local name="$1" pid="$2" port="$3" timeout="${4:-10}" i
    for ((i = 0; i < timeout * 20; i++)); do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "---- $name output:" >&2
            cat "$BENCH_TMP/$name.log" >&2 || true
            bench_die "$name exited before listening on 127.0.0.1:$port"
        fi
        bench_port_in_use "$port" && return 0
        sleep 0.05
    done
    bench_die "$name did not listen on 127.0.0.1:$port within ${timeout}s (log: $BENCH_TMP/$name.log)"
}

# bench_nginx_conf NAME PORT LOCATION_BODY [HTTP_EXTRA [SERVER_EXTRA]]: write an nginx
# config for one single-process server on 127.0.0.1:PORT whose `location /` holds
# LOCATION_BODY (e.g. "return 204;" or a proxy_pass block); HTTP_EXTRA goes in the http
# block (e.g. an upstream with keepalive), SERVER_EXTRA in the server block (e.g. another
# location). Sets BENCH_CONF; the temp folders are under $BENCH_TMP/nginx-NAME/tmp.
#
# master_process off: nginx then runs as one process that serves the connections itself,
# with the same event loop as a worker, so `$!` is the serving process and its
# /proc/<pid>/stat is the whole cost. With a master, $! would be the idle master and the
# worker's pid would have to be found afterwards. worker_processes 1 matches the one
# pinned core; keepalive_requests is raised because its default (1000) would make nginx
# close connections mid-run (PLATFORM-NOTES "Speed").
bench_nginx_conf() {
    local name="$1" port="$2" location="$3" http_extra="${4:-}" server_extra="${5:-}"
    local dir="$BENCH_TMP/nginx-$name"
    mkdir -p "$dir/tmp"
    local temp_paths="    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;"
    local m
    for m in fastcgi uwsgi scgi; do
        if ! "$BENCH_NGINX_BIN" -V 2>&1 | grep -q -- "--without-http_${m}_module"; then
            temp_paths+="
    ${m}_temp_path $dir/tmp/$m;"
        fi
    done
    BENCH_CONF="$dir/nginx.conf"
    cat >"$BENCH_CONF" <<EOF
# generated by Benchmarks/lib.sh for the '$name' server
daemon off;
master_process off;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;

events {
    worker_connections 1024;
}

http {
    access_log off;
    keepalive_requests 1000000;
    keepalive_timeout 75s;
    client_max_body_size 1m;
$temp_paths
$http_extra
    server {
        listen 127.0.0.1:$port;
        location / {
            $location
        }
$server_extra
    }
}
EOF
    "$BENCH_NGINX_BIN" -t -q -p "$dir/" -e "$dir/error.log" -c "$BENCH_CONF" \
        || bench_die "generated nginx config $BENCH_CONF is invalid"
}

# bench_start_nginx NAME CORE PORT LOCATION_BODY [HTTP_EXTRA [SERVER_EXTRA]]: write the
# config, start nginx pinned to CORE and wait until it listens. Sets BENCH_PID.
bench_start_nginx() {
    local name="$1" core="$2" port="$3"
    bench_nginx_conf "$name" "$port" "$4" "${5:-}" "${6:-}"
    local dir="$BENCH_TMP/nginx-$name"
    bench_start "$name" "$core" "$BENCH_NGINX_BIN" -p "$dir/" -e "$dir/error.log" -c "$BENCH_CONF"
    bench_wait_ready "$name" "$BENCH_PID" "$port"
}

# bench_nginx_temp_files NAME: how many files nginx NAME left in its temp folders
# (request bodies or proxied answers spilled to disk; a zero-retention setup wants 0).
bench_nginx_temp_files() {
    find "$BENCH_TMP/nginx-$1/tmp" -type f 2>/dev/null | wc -l
}

# bench_cpu_ticks PID: utime+stime of the whole process (all threads), in clock ticks.
bench_cpu_ticks() {
    local stat rest
    stat="$(<"/proc/$1/stat")" || bench_die "process $1 is gone"
    # Field 2 (comm) is in parentheses and may hold spaces: split after the last ')'.
    rest="${stat##*) }"
    local -a f
    read -r -a f <<<"$rest"
    # f[0] is field 3 (state), so utime (field 14) is f[11] and stime (field 15) f[12].
    echo $((f[11] + f[12]))
}

# bench_core_ticks CORE: "busy total" clock ticks of one core from /proc/stat
# (busy = user nice system irq softirq steal; total adds idle and iowait).
bench_core_ticks() {
    awk -v c="cpu$1" '$1 == c { busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, busy + $5 + $6; exit }' /proc/stat
}

# bench_children_ticks: CPU of this shell's reaped children (bash `times`, 2nd line), in
# clock ticks; its delta across bench_wrk is wrk's own CPU, which /proc can no longer show.
# `times` must run in this shell, not in $(...), whose children are not ours.
bench_children_ticks() {
    times >"$BENCH_TMP/times"
    awk -v hz="$BENCH_CLK_TCK" 'NR == 2 {
        t = 0
        for (i = 1; i <= 2; i++) { split($i, p, "m"); sub(/s$/, "", p[2]); t += p[1] * 60 + p[2] }
        printf "%.0f\n", t * hz }' "$BENCH_TMP/times"
}

# bench_wrk OUTFILE SECONDS URL: one wrk run of BENCH_WRK_SCRIPT pinned to WRK_CORE. wrk
# runs in the background and is waited for, so the EXIT trap can stop it too.
bench_wrk() {
    local out="$1" secs="$2" url="$3"
    if declare -F bench_wrk_before >/dev/null; then bench_wrk_before "$out"; fi
    taskset -c "$WRK_CORE" wrk -t "$WRK_THREADS" -c "$CONNECTIONS" -d "${secs}s" --latency \
        -s "$BENCH_WRK_SCRIPT" "$url" >"$out" 2>&1 </dev/null &
    local pid=$!
    BENCH_PIDS+=("$pid")
    wait "$pid" || { cat "$out" >&2; bench_die "wrk failed against $url"; }
    if declare -F bench_wrk_after >/dev/null; then bench_wrk_after "$out"; fi
}

# bench_pids_ticks PID...: summed utime+stime of the given processes, in clock ticks.
bench_pids_ticks() {
    local total=0 p
    for p in "$@"; do
        total=$((total + $(bench_cpu_ticks "$p")))
    done
    echo "$total"
}

# bench_to_ms VALUE_WITH_UNIT: wrk's "812.00us" / "1.23ms" / "1.02s" / "1.50m" in ms.
bench_to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        if (u == "us") n /= 1000; else if (u == "ms") n = n; else if (u == "s") n *= 1000;
        else if (u == "m") n *= 60000; else if (u == "h") n *= 3600000;
        else { print "bad unit in " v > "/dev/stderr"; exit 1 }
        printf "%.3f\n", n }'
}

# bench_measure NAME LABEL PID PORT [PATH]: warm up, then the measured run; records
# req/s, p99, CPU per request, requests, errors under NAME.
bench_measure() {
    local name="$1" label="$2" pid="$3" port="$4" path="${5:-/}"
    local url="http://127.0.0.1:$port$path"
    local out="$BENCH_TMP/wrk-$name.txt"

    bench_log "$label: warm-up ${WARMUP}s"
    if [ "$WARMUP" -gt 0 ]; then
        bench_wrk "$BENCH_TMP/wrk-$name-warmup.txt" "$WARMUP" "$url"
    fi

    bench_log "$label: measuring ${DURATION}s ($CONNECTIONS connections, $WRK_THREADS wrk thread(s), core $WRK_CORE -> core $SERVER_CORE)"
    local t0 t1 c0 c1 w0 w1 k0 k1 s0 s1
    c0="$(bench_core_ticks "$SERVER_CORE")"
    w0="$(bench_core_ticks "$WRK_CORE")"
    s0="$(bench_pids_ticks "${BENCH_WRK_CORE_PIDS[@]}")"
    bench_children_ticks >"$BENCH_TMP/k0"
    t0="$(bench_cpu_ticks "$pid")"
    bench_wrk "$out" "$DURATION" "$url"
    t1="$(bench_cpu_ticks "$pid")"
    bench_children_ticks >"$BENCH_TMP/k1"
    s1="$(bench_pids_ticks "${BENCH_WRK_CORE_PIDS[@]}")"
    c1="$(bench_core_ticks "$SERVER_CORE")"
    w1="$(bench_core_ticks "$WRK_CORE")"
    k0="$(<"$BENCH_TMP/k0")"
    k1="$(<"$BENCH_TMP/k1")"
    # The known neighbours of wrk (a sink) count as wrk's core's own work.
    k1=$((k1 + s1 - s0))
    kill -0 "$pid" 2>/dev/null || bench_die "$label died during the run (log: $BENCH_TMP/$name.log)"

    local reqs rps p99 errs non2xx
    reqs="$(awk '/ requests in /{print $1; exit}' "$out")"
    rps="$(awk '/^Requests\/sec:/{print $2; exit}' "$out")"
    p99="$(awk '$1 == "99%" {print $2; exit}' "$out")"
    errs="$(awk '/Socket errors:/{gsub(/,/, ""); print $4 + $6 + $8 + $10; exit}' "$out")"
    non2xx="$(awk '/Non-2xx or 3xx responses:/{print $NF; exit}' "$out")"
    if [ -z "$reqs" ] || [ -z "$rps" ] || [ -z "$p99" ]; then
        cat "$out" >&2
        bench_die "could not parse wrk's output for $label"
    fi
    [ "$reqs" -gt 0 ] || bench_die "$label completed no request"

    BENCH_NAMES+=("$name")
    BENCH_LABEL[$name]="$label"
    BENCH_REQS[$name]="$reqs"
    BENCH_RPS[$name]="$rps"
    BENCH_P99_MS[$name]="$(bench_to_ms "$p99")"
    BENCH_ERRS[$name]="${errs:-0}"
    BENCH_NON2XX[$name]="${non2xx:-0}"
    BENCH_CPU_US[$name]="$(awk -v d=$((t1 - t0)) -v hz="$BENCH_CLK_TCK" -v n="$reqs" \
        'BEGIN { printf "%.2f\n", d / hz * 1e6 / n }')"

    # Whatever else ran on either core meanwhile (other builds, the host taking the vCPU
    # away as steal): a few percent there skews req/s and p99, and CPU per request too
    # (fewer requests per wake-up), so it is reported next to the figures.
    BENCH_OTHER_PCT[$name]="$(bench_other_pct "$c0" "$c1" $((t1 - t0)))"
    BENCH_WRK_OTHER_PCT[$name]="$(bench_other_pct "$w0" "$w1" $((k1 - k0)))"
    if awk -v a="${BENCH_OTHER_PCT[$name]}" -v b="${BENCH_WRK_OTHER_PCT[$name]}" 'BEGIN { exit !(a > 5 || b > 5) }'; then
        bench_log "warning: other work took ${BENCH_OTHER_PCT[$name]}% of the server's core and ${BENCH_WRK_OTHER_PCT[$name]}% of wrk's during $label's run: its figures are skewed"
    fi

    if [ "${BENCH_ERRS[$name]}" != 0 ] || [ "${BENCH_NON2XX[$name]}" != 0 ]; then
        bench_log "warning: $label had ${BENCH_ERRS[$name]} socket errors and ${BENCH_NON2XX[$name]} non-2xx answers"
    fi
}

# bench_other_pct "BUSY0 TOTAL0" "BUSY1 TOTAL1" OWN_TICKS: share of a core's time spent
# on anything but OWN_TICKS' process between the two bench_core_ticks samples.
bench_other_pct() {
    awk -v c0="$1" -v c1="$2" -v own="$3" 'BEGIN {
        split(c0, a, " "); split(c1, b, " "); total = b[2] - a[2]; other = b[1] - a[1] - own
        if (other < 0) other = 0
        printf "%.1f\n", (total > 0) ? 100 * other / total : 0 }'
}

# bench_ratio A B: A / B with 2 decimals ("null" when B is 0).
bench_ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "null"; else printf "%.2f\n", a / b }'
}

# bench_print_table: one row per measured server.
bench_print_table() {
    local name
    echo
    printf 'POST %s-byte JSON, keep-alive, %s connections, %s wrk thread(s), %ss measured after %ss warm-up\n' \
        "$BODY_BYTES" "$CONNECTIONS" "$WRK_THREADS" "$DURATION" "$WARMUP"
    printf 'server pinned to core %s, wrk to core %s; CPU from /proc/<pid>/stat (CLK_TCK %s)\n\n' \
        "$SERVER_CORE" "$WRK_CORE" "$BENCH_CLK_TCK"
    printf '%-28s %11s %8s %11s %10s %7s %12s\n' server req/s "p99 ms" "CPU us/req" requests errors "other % s/w"
    for name in "${BENCH_NAMES[@]}"; do
        printf '%-28s %11.1f %8.3f %11.2f %10d %7d %6.1f/%-5.1f\n' "${BENCH_LABEL[$name]}" "${BENCH_RPS[$name]}" \
            "${BENCH_P99_MS[$name]}" "${BENCH_CPU_US[$name]}" "${BENCH_REQS[$name]}" \
            "$((BENCH_ERRS[$name] + BENCH_NON2XX[$name]))" "${BENCH_OTHER_PCT[$name]}" "${BENCH_WRK_OTHER_PCT[$name]}"
    done
    echo "(other % s/w: share of the server's / wrk's core used by anything else during that run;"
    echo " above a few percent the machine was busy and the figures are skewed: run again)"
    echo
}

bench_json_string() {
    local s="$1"
    s="${s//\\/\\\\}"
    s="${s//\"/\\\"}"
    printf '"%s"' "$s"
}

# bench_json_server NAME: one server's figures as a JSON object.
bench_json_server() {
    local n="$1"
    printf '{"label":%s,"cmd":%s,"requests":%s,"rps":%s,"p99_ms":%s,"cpu_us_per_req":%s,"socket_errors":%s,"non_2xx":%s,"other_pct_server_core":%s,"other_pct_wrk_core":%s}' \
        "$(bench_json_string "${BENCH_LABEL[$n]}")" "$(bench_json_string "${BENCH_CMDLINE[$n]:-}")" \
        "${BENCH_REQS[$n]}" "${BENCH_RPS[$n]}" "${BENCH_P99_MS[$n]}" "${BENCH_CPU_US[$n]}" \
        "${BENCH_ERRS[$n]}" "${BENCH_NON2XX[$n]}" "${BENCH_OTHER_PCT[$n]}" \
        "${BENCH_WRK_OTHER_PCT[$n]}"
}

# bench_write_json EXTRA_FIELDS: write one JSON line to RESULTS_DIR/SCENARIO-TIMESTAMP.json
# with the run's settings, every measured server, and EXTRA_FIELDS ('"k":v,...' or '').
bench_write_json() {
    local extra="${1:-}" ts name first=1 servers="" commit
    ts="$(date -u +%Y%m%dT%H%M%SZ)"
    commit="$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    for name in "${BENCH_NAMES[@]}"; do
        [ $first = 1 ] || servers+=","
        first=0
        servers+="\"$name\":$(bench_json_server "$name")"
    done
    mkdir -p "$RESULTS_DIR"
    BENCH_JSON_FILE="$RESULTS_DIR/$BENCH_SCENARIO-$ts.json"
    printf '{"scenario":"%s","timestamp":"%s","commit":"%s","host":%s,"kernel":%s,"cores":%s,"loadavg_before":%s,"duration_s":%s,"warmup_s":%s,"connections":%s,"wrk_threads":%s,"body_bytes":%s,"server_core":%s,"wrk_core":%s,"clk_tck":%s,"servers":{%s}%s}\n' \
        "$BENCH_SCENARIO" "$ts" "$commit" "$(bench_json_string "$(hostname)")" \
        "$(bench_json_string "$(uname -r)")" "$(nproc --all)" \
        "$(bench_json_string "$BENCH_LOADAVG")" "$DURATION" "$WARMUP" "$CONNECTIONS" \
        "$WRK_THREADS" "$BODY_BYTES" "$SERVER_CORE" "$WRK_CORE" "$BENCH_CLK_TCK" \
        "$servers" "${extra:+,$extra}" >"$BENCH_JSON_FILE"
    echo "results: $BENCH_JSON_FILE"
}

# Recorded at source time, before any load: a busy machine skews every figure.
BENCH_LOADAVG="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
