#!/usr/bin/env bash
# End-to-end smoke test of launch.sh against the local servers.
#   pg, mariadb  create a table, start Debezium Server with launch.sh, insert 3 rows, update 1, delete 1
#                (MariaDB also: a rolled-back transaction through a temporary table, which must not
#                show, and a neighbour table with an INET6 column, which Debezium cannot parse), check that exactly those 5 change events arrive in order on JetStream stream
#                SLUICE_<id>_CDC, that no stream named DebeziumStream appeared, stop with SIGTERM and
#                clean up (PostgreSQL: the replication slot and publication too).
#   supervise    launch.sh --supervise against a private nats-server on a spare port; the NATS server is
#                restarted under it; Debezium Server must be restarted and deliver the row committed
#                meanwhile; SIGTERM must then stop everything with status 0.
# Prints the timings: download (or cache check), launch to streaming, commit to event, launch to first event.
#
# Usage: debezium-server/test.sh [pg] [mariadb] [supervise]      (default: all three)
# Environment: SLUICE_NATS_URL (nats://127.0.0.1:4222), TEST_PG_DB (test), TEST_MARIADB_DB (test),
#   KEEP=1 keeps the JetStream streams and the work directory (logs, offsets, captured events).
# Exit status: 0 all passed, 1 a check failed, 2 bad usage or a missing prerequisite.
set -Eeuo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly HERE
readonly NATS_URL=${SLUICE_NATS_URL:-nats://127.0.0.1:4222}
readonly PG_DB=${TEST_PG_DB:-test} MDB=${TEST_MARIADB_DB:-test}
readonly RUN=$$
readonly TABLE=sluice_cdc_smoke_$RUN
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sluice-dbz-test.XXXXXX")
readonly WORK

CASES=()
for arg in "$@"; do
    case $arg in
        pg | postgresql) CASES+=(pg) ;;
        mariadb | mysql) CASES+=(mariadb) ;;
        supervise) CASES+=(supervise) ;;
        -h | --help) sed -n '2,/^set -/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;;
        *) echo "test.sh: unknown argument '$arg' (pg, mariadb, supervise)" >&2; exit 2 ;;
    esac
done
[[ ${#CASES[@]} -gt 0 ]] || CASES=(pg mariadb supervise)

say() { printf 'test.sh: %s\n' "$*" >&2; }
fail() { say "FAIL: $*"; exit 1; }
now_ms() { date +%s%3N; }
secs() { awk -v ms="$1" 'BEGIN { printf "%.1f s", ms / 1000 }'; }

for tool in psql mariadb java javac python3 flock; do
    command -v "$tool" >/dev/null || { say "$tool is not installed"; exit 2; }
done

pg() { PGOPTIONS='-c client_min_messages=warning' psql -h 127.0.0.1 -U postgres -d "$PG_DB" -v ON_ERROR_STOP=1 -qAt "$@"; }
my() { mariadb -h 127.0.0.1 -u root --default-character-set=utf8mb4 "$MDB" "$@"; }

# ------------------------------------------------------------------ cleanup of what this run started
PIDS=() SLOTS=() STREAMS=() NATS_PID=""
cleanup() {
    local pid s
    for pid in "${PIDS[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    done
    [[ -n $NATS_PID ]] && { kill "$NATS_PID" 2>/dev/null || true; wait "$NATS_PID" 2>/dev/null || true; }
    for s in "${SLOTS[@]}"; do
        pg -c "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '$s'" \
            -c "DROP PUBLICATION IF EXISTS $s" >/dev/null 2>&1 || true
    done
    pg -c "DROP TABLE IF EXISTS public.$TABLE" >/dev/null 2>&1 || true
    my -e "DROP TABLE IF EXISTS $TABLE, ${TABLE}_inet6" >/dev/null 2>&1 || true
    if [[ ${KEEP:-0} == 1 ]]; then
        say "kept $WORK and the streams ${STREAMS[*]}"
    else
        for s in "${STREAMS[@]}"; do js "${s%%|*}" delete-stream "${s#*|}" >/dev/null 2>&1 || true; done
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
trap 'say "FAIL: line $LINENO: $BASH_COMMAND"' ERR

# ------------------------------------------------------------------ distribution and JetStream helper
say "fetching, verifying and unpacking Debezium Server $(<"$HERE/VERSION") (downloads only when not cached)"
t=$(now_ms)
DIST=$("$HERE/launch.sh" --fetch-only)
FETCH_MS=$(($(now_ms) - t))
JNATS=$(compgen -G "$DIST/lib/jnats-*.jar" | head -n1)
mkdir -p "$WORK/tool"
javac --release 17 -nowarn -d "$WORK/tool" -cp "$JNATS" "$HERE/tools/JetStreamTool.java"
js() { SLUICE_NATS_URL=$1 java -cp "$WORK/tool:$JNATS" JetStreamTool "${@:2}"; }
js "$NATS_URL" list >"$WORK/streams-before" || { say "NATS with JetStream is not reachable at $NATS_URL"; exit 2; }

SUMMARY=("download/verify/unpack (launch.sh --fetch-only): $(secs "$FETCH_MS")")

# ------------------------------------------------------------------ one database
create_table() { # $1 = pg | mariadb
    if [[ $1 == pg ]]; then
        pg -c "DROP TABLE IF EXISTS public.$TABLE" \
           -c "CREATE TABLE public.$TABLE (id int PRIMARY KEY, name text, amount numeric(12,3), qty int DEFAULT 7,
                 day date, at timestamp(6), updated timestamptz DEFAULT now())" \
           -c "ALTER TABLE public.$TABLE REPLICA IDENTITY FULL"
    else
        # A neighbour the DDL parser of Debezium 3.6 cannot read (INET6): it must not matter.
        my -e "DROP TABLE IF EXISTS ${TABLE}_inet6; CREATE TABLE ${TABLE}_inet6 (id int PRIMARY KEY, v inet6)"
        my -e "DROP TABLE IF EXISTS $TABLE; CREATE TABLE $TABLE (id int PRIMARY KEY, name varchar(40),
                 amount decimal(12,3), qty int DEFAULT 7, big bigint unsigned, day date, at datetime(6),
                 updated timestamp(6) DEFAULT current_timestamp(6)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"
    fi
}

make_changes() { # 3 inserts, 1 update, 1 delete (and on MariaDB a rollback that must leave no trace)
    if [[ $1 == pg ]]; then
        pg -c "INSERT INTO public.$TABLE (id, name, amount, qty, day, at) VALUES (1, 'ünïcødé 😀', 12.345, NULL, '2024-02-29', '2024-01-01 10:00:00.123456')" \
           -c "INSERT INTO public.$TABLE (id, name, amount) VALUES (2, 'two', 2), (3, 'three', 3)" \
           -c "UPDATE public.$TABLE SET name = 'one', amount = 99999999.999 WHERE id = 1" \
           -c "DELETE FROM public.$TABLE WHERE id = 2"
    else
        my -e "INSERT INTO $TABLE (id, name, amount, qty, big, day, at) VALUES (1, 'ünïcødé 😀', 12.345, NULL, 18446744073709551615, '2024-02-29', '2024-01-01 10:00:00.123456');
               START TRANSACTION; CREATE TEMPORARY TABLE tmp_$RUN (id int, name varchar(40));
               INSERT INTO tmp_$RUN VALUES (9, 'phantom'); DELETE FROM $TABLE WHERE id = 1;
               INSERT INTO $TABLE (id, name) SELECT id, name FROM tmp_$RUN; ROLLBACK;
               INSERT INTO $TABLE (id, name, amount) VALUES (2, 'two', 2), (3, 'three', 3);
               UPDATE $TABLE SET name = 'one', amount = 99999999.999 WHERE id = 1;
               DELETE FROM $TABLE WHERE id = 2;"
    fi
}

# Prints "op:id ..." for the events in the dump on stdin; checks each carries source.ts_ms (commit
# time) and that the first row arrived exactly: text, decimal as a string, an explicit NULL in a column
# with a default, BIGINT UNSIGNED max as an exact number, dates and microseconds.
event_summary() {
    python3 -c '
import json, sys
out = []
lags = []
for n, line in enumerate(sys.stdin):
    subject, stored, payload = line.rstrip("\n").split("\t", 2)
    e = json.loads(payload)
    assert isinstance(e["source"]["ts_ms"], int), "no source.ts_ms in " + payload
    lags.append(int(stored) - e["source"]["ts_ms"])
    row = e["after"] if e["after"] is not None else e["before"]
    if n == 0:
        expected = {"name": "ünïcødé 😀", "amount": "12.345", "qty": None,
                    "day": "2024-02-29Z", "at": "2024-01-01T10:00:00.123456Z"}
        if "big" in row:
            expected["big"] = 18446744073709551615
        wrong = {k: row.get(k) for k, v in expected.items() if row.get(k) != v}
        assert not wrong, "first row differs from what was inserted: %r (expected %r)" % (wrong, expected)
    out.append("%s:%s" % (e["op"], row["id"]))
print(" ".join(out))
print("%d..%d" % (min(lags), max(lags)))'
}

run_database() { # $1 = pg | mariadb
    local kind=$1 id=smoke_$1_$RUN stream source subject pid t0 t_ready t_commit t_first t_all n got lag want rc t_stop boot
    stream=SLUICE_${id}_CDC
    STREAMS+=("$NATS_URL|$stream")
    if [[ $kind == pg ]]; then
        source="postgresql://postgres@127.0.0.1:5432/$PG_DB?currentSchema=public"
        subject=sluice.$id.cdc.public.$TABLE
        SLOTS+=("sluice_$id")
    else
        source="mariadb://root@127.0.0.1:3306/$MDB"
        subject=sluice.$id.cdc.$MDB.$TABLE
    fi
    say "[$kind] table $TABLE, stream $stream, subject $subject"
    create_table "$kind" >/dev/null
    t0=$(now_ms)
    "$HERE/launch.sh" --source "$source" --stream-id "$id" --tables "$TABLE" --nats-url "$NATS_URL" \
        --offsets-dir "$WORK/$id" --heartbeat-ms 500 >"$WORK/$id.log" 2>&1 &
    pid=$!
    PIDS+=("$pid")
    # The first heartbeat comes from the streaming loop: from here on every commit is captured.
    js "$NATS_URL" wait "$stream" "sluice.$id.cdc._heartbeat" 1 240 >/dev/null ||
        { tail -n 30 "$WORK/$id.log" >&2; fail "[$kind] Debezium Server did not start streaming (log above)"; }
    t_ready=$(now_ms)
    make_changes "$kind" >/dev/null
    t_commit=$(now_ms)
    js "$NATS_URL" wait "$stream" "$subject" 1 60 >/dev/null || fail "[$kind] no change event within 60 s"
    t_first=$(now_ms)
    js "$NATS_URL" wait "$stream" "$subject" 5 60 >/dev/null || fail "[$kind] fewer than 5 change events within 60 s"
    t_all=$(now_ms)
    sleep 2 # anything extra (a phantom from the rollback, a duplicate) would show by now
    n=$(js "$NATS_URL" count "$stream" "$subject")
    js "$NATS_URL" dump "$stream" "$subject" >"$WORK/$kind-events.jsonl"
    { read -r got; read -r lag; } < <(event_summary <"$WORK/$kind-events.jsonl")
    want="c:1 c:2 c:3 u:1 d:2"
    [[ $n -eq 5 && $got == "$want" ]] || fail "[$kind] expected events '$want', got $n: '$got'"
    say "[$kind] events in order: $got"
    if grep -q '"name":"phantom"' "$WORK/$kind-events.jsonl"; then fail "[$kind] a rolled-back row was published"; fi
    js "$NATS_URL" list >"$WORK/streams-after"
    if grep -qx DebeziumStream "$WORK/streams-after" && ! grep -qx DebeziumStream "$WORK/streams-before"; then
        fail "[$kind] a stream named DebeziumStream was created"
    fi
    say "[$kind] first insert event:"
    sed -n 1p "$WORK/$kind-events.jsonl" | cut -f3 >&2
    say "[$kind] delete event:"
    sed -n 5p "$WORK/$kind-events.jsonl" | cut -f3 >&2
    t_stop=$(now_ms)
    kill -TERM "$pid"
    wait "$pid" && rc=0 || rc=$?
    t_stop=$(($(now_ms) - t_stop))
    [[ $rc -eq 0 || $rc -eq 143 ]] || { tail -n 20 "$WORK/$id.log" >&2; fail "[$kind] Debezium Server exited with $rc on SIGTERM"; }
    grep -q "debezium-server-dist stopped" "$WORK/$id.log" || fail "[$kind] no clean Quarkus shutdown in the log"
    flock -n "$WORK/$id/.lock" true || fail "[$kind] something still holds $WORK/$id/.lock after the stop"
    say "[$kind] stopped cleanly (status $rc) in $t_stop ms"
    if [[ $kind == pg ]]; then
        pg -c "SELECT pg_drop_replication_slot('sluice_$id')" -c "DROP PUBLICATION sluice_$id" >/dev/null
        say "[$kind] dropped replication slot and publication sluice_$id"
    fi
    boot=$(grep -o 'started in [0-9.]*s' "$WORK/$id.log" | head -n1 | grep -o '[0-9.]*s$' || echo '?')
    SUMMARY+=("$kind: launch -> streaming $(secs $((t_ready - t0))) (Quarkus boot $boot of it); launch -> first event seen $(secs $((t_first - t0)))")
    local note=""
    [[ $kind == mariadb ]] && note=", binlog times have 1 s resolution"
    SUMMARY+=("$kind: commit -> stored in JetStream $lag ms (JetStream time - source.ts_ms$note); commit -> seen by a polling client: first $((t_first - t_commit)) ms, all 5 $((t_all - t_commit)) ms; stop $t_stop ms")
}

# ------------------------------------------------------------------ supervision across a NATS restart
free_port() {
    local p
    for p in $(seq $((14222 + RUN % 500)) 15222); do
        (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
    done
    return 1
}

start_private_nats() {
    nats-server -a 127.0.0.1 -p "$1" -js -sd "$WORK/nats" -l "$WORK/nats.log" &
    NATS_PID=$!
    for _ in $(seq 1 50); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.1
    done
    fail "[supervise] private nats-server did not start on port $1 (see $WORK/nats.log)"
}

run_supervise() {
    local id=smoke_sup_$RUN port url stream subject pid rc t_kill t_back
    command -v nats-server >/dev/null || PATH=$PATH:/usr/sbin
    command -v nats-server >/dev/null || { say "[supervise] skipped: nats-server is not installed"; return; }
    port=$(free_port) || fail "[supervise] no free port"
    url=nats://127.0.0.1:$port
    stream=SLUICE_${id}_CDC
    subject=sluice.$id.cdc.public.$TABLE
    SLOTS+=("sluice_$id")
    start_private_nats "$port"
    say "[supervise] private nats-server on $url (pid $NATS_PID)"
    create_table pg >/dev/null
    "$HERE/launch.sh" --supervise --source "postgresql://postgres@127.0.0.1:5432/$PG_DB" --stream-id "$id" \
        --tables "$TABLE" --nats-url "$url" --offsets-dir "$WORK/$id" --heartbeat-ms 500 >"$WORK/$id.log" 2>&1 &
    pid=$!
    PIDS+=("$pid")
    js "$url" wait "$stream" "sluice.$id.cdc._heartbeat" 1 240 >/dev/null ||
        { tail -n 30 "$WORK/$id.log" >&2; fail "[supervise] Debezium Server did not start streaming"; }
    pg -c "INSERT INTO public.$TABLE (id, name) VALUES (1, 'before the NATS restart')"
    js "$url" wait "$stream" "$subject" 1 60 >/dev/null || fail "[supervise] first event missing"
    kill "$NATS_PID"; wait "$NATS_PID" 2>/dev/null || true
    t_kill=$(now_ms)
    start_private_nats "$port"
    pg -c "INSERT INTO public.$TABLE (id, name) VALUES (2, 'committed while the sink was disconnected')"
    js "$url" wait "$stream" "$subject" 2 120 >/dev/null ||
        { tail -n 30 "$WORK/$id.log" >&2; fail "[supervise] the row committed during the outage never arrived"; }
    t_back=$(now_ms)
    grep -q "restarting in" "$WORK/$id.log" || fail "[supervise] launch.sh did not restart Debezium Server"
    grep "launch.sh:" "$WORK/$id.log" | sed 's/^/    /' >&2
    kill -TERM "$pid"
    wait "$pid" && rc=0 || rc=$?
    [[ $rc -eq 0 ]] || fail "[supervise] launch.sh --supervise exited with $rc on SIGTERM, expected 0"
    flock -n "$WORK/$id/.lock" true || fail "[supervise] Debezium Server still runs after the supervisor stopped"
    pg -c "SELECT pg_drop_replication_slot('sluice_$id')" -c "DROP PUBLICATION sluice_$id" >/dev/null
    say "[supervise] restarted after the NATS restart, missed row delivered, stopped with status 0"
    SUMMARY+=("supervise: NATS restart -> missed row on JetStream $(secs $((t_back - t_kill)))")
    STREAMS+=("$url|$stream")
}

for c in "${CASES[@]}"; do
    case $c in
        pg | mariadb) run_database "$c" ;;
        supervise) run_supervise ;;
    esac
done

say "all passed"
printf '  %s\n' "${SUMMARY[@]}" >&2
