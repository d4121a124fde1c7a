#!/usr/bin/env bash
# Two server nodes on one PostgreSQL database behind HAProxy, then the Playwright tests
# in end2end/two-nodes/ against them (`make e2e` runs this through
# server/tests/with-postgres.sh, which sets TEST_POSTGRES_URL to a throwaway cluster).
#
# HAProxy has two front doors, so a test can tell which node each person reaches:
# the coach's (COACH_URL) goes to node A while it is up, the coachee's (COACHEE_URL)
# to node B; each falls back to the other node, health-checked on /healthz. A test
# stops node A with SIGTERM (its id is in NODE_A_PID). Every response names the
# node that answered in `X-Served-By`.
#
# Needs the debug build (`cargo leptos build`) and Debian's haproxy.
set -euo pipefail
cd "$(dirname "$0")"

: "${TEST_POSTGRES_URL:?run me through server/tests/with-postgres.sh}"
haproxy="$(command -v haproxy || echo /usr/sbin/haproxy)"
[ -x "$haproxy" ] || { echo "$0: haproxy not found (apt-get install haproxy, or make test-tools)" >&2; exit 127; }

dir=../target/e2e/two-nodes
rm -rf "$dir" && mkdir -p "$dir"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
a_port=$(free_port); b_port=$(free_port); coach_port=$(free_port); coachee_port=$(free_port)

pids=()
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_node() {
    ../target/debug/server --addr "127.0.0.1:$2" --database "$TEST_POSTGRES_URL" \
        --site-root ../target/site --sign-up-burst 1000 --behind-proxy >"$dir/node-$1.log" 2>&1 &
    pids+=($!)
}
start_node a "$a_port"; a_pid=$!
start_node b "$b_port"

cat >"$dir/haproxy.cfg" <<CONFIG
defaults
    mode http
    timeout connect 2s
    # Long enough for a live room's stream, which says something every 15 s.
    timeout client 60s
    timeout server 60s
    option forwardfor
    option redispatch
    retries 3
    default-server check inter 300ms fall 1 rise 2

frontend coach
    bind 127.0.0.1:$coach_port
    default_backend a_first

frontend coachee
    bind 127.0.0.1:$coachee_port
    default_backend b_first

backend a_first
    option httpchk GET /healthz
    http-response set-header X-Served-By %s
    server a 127.0.0.1:$a_port
    server b 127.0.0.1:$b_port backup

backend b_first
    option httpchk GET /healthz
    http-response set-header X-Served-By %s
    server b 127.0.0.1:$b_port
    server a 127.0.0.1:$a_port backup
CONFIG
"$haproxy" -db -f "$dir/haproxy.cfg" >"$dir/haproxy.log" 2>&1 &
pids+=($!)
for pid in "${pids[@]}"; do
    sleep 0.2
    kill -0 "$pid" 2>/dev/null || { echo "$0: a node or HAProxy did not start" >&2; cat "$dir"/*.log >&2; exit 1; }
done

# Each front door reaches its own node before the tests begin (a node still starting
# fails its first health check, and HAProxy then waits for two good ones).
served_by() { curl -fsS -o /dev/null -D - "http://127.0.0.1:$1/healthz" 2>/dev/null | tr -d '\r' | sed -n 's/^x-served-by: //Ip'; }
for door in "$coach_port a" "$coachee_port b"; do
    set -- $door
    for _ in $(seq 1 300); do
        [ "$(served_by "$1")" = "$2" ] && continue 2
        sleep 0.1
    done
    echo "$0: port $1 does not reach node $2" >&2
    cat "$dir"/*.log >&2
    exit 1
done

COACH_URL="http://127.0.0.1:$coach_port" COACHEE_URL="http://127.0.0.1:$coachee_port" \
    NODE_A_PID="$a_pid" npx playwright test --config two-nodes.config.ts
