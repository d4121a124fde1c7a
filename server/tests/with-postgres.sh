#!/usr/bin/env bash
# Runs COMMAND [ARGS...] with a throwaway PostgreSQL cluster:
#
#     server/tests/with-postgres.sh COMMAND [ARGS...]
#
# The cluster lives in a fresh temporary directory, listens on a free port on
# 127.0.0.1 only, trusts every local connection, and skips fsync (nothing in it needs
# to survive). COMMAND sees its address in TEST_POSTGRES_URL
# (postgres://postgres@127.0.0.1:PORT/postgres). Whatever happens to COMMAND, even
# Ctrl-C, the cluster is stopped and the directory removed; the script exits with
# COMMAND's status.
#
# Ctrl-C (SIGINT to the whole process group) ends COMMAND and then the cluster. A
# SIGTERM sent to this script alone is acted on once COMMAND ends (bash runs traps
# between commands), so send it to the process group to end COMMAND too.
#
# Since the variable is set for COMMAND, expand it inside COMMAND, e.g.
#     server/tests/with-postgres.sh bash -c 'psql "$TEST_POSTGRES_URL" -c "select 1"'
#
# Needs the PostgreSQL server binaries (initdb, pg_ctl, postgres): on PATH, or from
# Debian's `postgresql` package in /usr/lib/postgresql/VERSION/bin (newest wins).
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi

# The binaries: PATH first, then Debian's versioned directories, newest version first.
bin_dir=""
if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    bin_dir="$(dirname "$(command -v pg_ctl)")"
else
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4,4 -rn); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            bin_dir="$dir"
            break
        fi
    done
fi
if [ -z "$bin_dir" ]; then
    echo "$0: PostgreSQL server binaries (initdb, pg_ctl) not found on PATH nor in" \
        "/usr/lib/postgresql/*/bin. Install Debian's package: apt-get install postgresql" \
        "(or run: make test-tools)" >&2
    exit 127
fi

# initdb refuses to run as root: as root, the cluster belongs to (and runs as) postgres.
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
        echo "$0: running as root, but there is no 'postgres' user to own the cluster" \
            "(Debian's postgresql package creates it)" >&2
        exit 1
    fi
    runuser="$(command -v runuser || echo /usr/sbin/runuser)"
    as_owner=("$runuser" -u postgres --)
fi

dir="$(mktemp -d "${TMPDIR:-/tmp}/with-postgres.XXXXXX")"
started=""
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [ -n "$started" ]; then
        "${as_owner[@]}" "$bin_dir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$dir"
fi

"${as_owner[@]}" "$bin_dir/initdb" -D "$dir/data" -A trust -U postgres --no-sync \
    >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    echo "$0: initdb failed" >&2
    exit 1
}

# A port free right now; the tiny race with another process taking it before the
# server binds is reported below as a start failure.
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"

started=yes
"${as_owner[@]}" "$bin_dir/pg_ctl" -D "$dir/data" \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" \
    -w -l "$dir/log" start >/dev/null || {
    cat "$dir/log" >&2 || true
    echo "$0: PostgreSQL did not start" >&2
    exit 1
}

export TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"

# Not `exec`: the trap must still stop the cluster once COMMAND ends.
set +e
"$@"
status=$?
set -e
exit "$status"
