# shellcheck shell=bash disable=SC2034  # globals set here are read by the scripts that source this
# Shared by bench/run.sh and bench/memory.sh: database helpers, the Sluice build under test, timed runs,
# the quiet-machine wait and the machine description. Source it; it defines functions and a few globals.

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPO_DIR=$(cd "$BENCH_DIR/.." && pwd)
LIB_DIR=$BENCH_DIR/lib
readonly BENCH_DIR REPO_DIR LIB_DIR

# Never let the caller's environment pick other servers or passwords.
unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGPASSWORD PGSERVICE PGOPTIONS MYSQL_HOST MYSQL_TCP_PORT MYSQL_PWD
export PGPASSFILE=/nonexistent/bench-no-pgpass PGCONNECT_TIMEOUT=5 PGCLIENTENCODING=UTF8

readonly MY_URL_BASE="mysql://root@127.0.0.1:3306"
readonly PG_URL_BASE="postgresql://postgres@127.0.0.1:5432"

# Before each timed run: wait until the machine is quiet (busy below IDLE_THRESHOLD of both cores over
# 2 s), for at most IDLE_MAX_WAIT seconds, then measure anyway and record how busy it was.
IDLE_THRESHOLD=${IDLE_THRESHOLD:-0.25}
IDLE_MAX_WAIT=${IDLE_MAX_WAIT:-90}

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
    printf '\nbench: ERROR: %s\n' "$*" >&2
    exit 1
}

my() { mariadb --protocol=tcp -h127.0.0.1 -P3306 -uroot --default-character-set=utf8mb4 --batch --skip-column-names "$@"; }
pg() {
    local db=$1
    shift
    PGOPTIONS='-c client_min_messages=warning' psql -h 127.0.0.1 -p 5432 -U postgres -d "$db" -X -q -At -v ON_ERROR_STOP=1 "$@"
}

# ---- the machine ------------------------------------------------------------------------------------

ensure_services() {
    if ! "$REPO_DIR/local/services.sh" --check --quiet >/dev/null 2>&1; then
        log "a local service is not running: local/services.sh"
        "$REPO_DIR/local/services.sh" --quiet || die "local/services.sh could not start PostgreSQL, MariaDB and NATS"
    fi
}

apt_install() {
    log "installing $* with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y -q "$@" >/tmp/bench-apt.log 2>&1; then
        apt-get update -q >>/tmp/bench-apt.log 2>&1 || true
        apt-get install -y -q "$@" >>/tmp/bench-apt.log 2>&1 || die "apt-get install $* failed; see /tmp/bench-apt.log"
    fi
}

# The peers and clients: pgloader only when it will be used.
ensure_tools() {
    local need_pgloader=$1
    command -v python3 >/dev/null || die "python3 is needed"
    [[ -x /usr/bin/time ]] || apt_install time
    if ! command -v psql >/dev/null || ! command -v pg_dump >/dev/null; then apt_install postgresql-client; fi
    if ! command -v mariadb >/dev/null || ! command -v mysqldump >/dev/null; then apt_install mariadb-client; fi
    if [[ $need_pgloader == 1 ]] && ! command -v pgloader >/dev/null; then
        apt_install pgloader
    fi
    command -v java >/dev/null || die "java is needed to run Sluice"
}

machine_info() {
    local cpu mem
    cpu=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
    mem=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
    echo "machine:    $(nproc) cores ($cpu), $mem memory, kernel $(uname -r)"
    echo "disk:       $(df -h "$REPO_DIR" | awk 'NR == 2 {print $2 " total, " $4 " free"}')"
    echo "postgresql: $(pg postgres -c 'SHOW server_version' 2>/dev/null) (shared_buffers $(pg postgres -c 'SHOW shared_buffers'), synchronous_commit $(pg postgres -c 'SHOW synchronous_commit'), wal_level $(pg postgres -c 'SHOW wal_level'))"
    echo "mariadb:    $(my -e 'SELECT VERSION()') ($(my -e "SELECT CONCAT('innodb_buffer_pool_size ', @@innodb_buffer_pool_size DIV 1048576, 'M, innodb_flush_log_at_trx_commit ', @@innodb_flush_log_at_trx_commit, ', log_bin ', @@log_bin, ' ', @@binlog_format)"))"
    echo "nats:       $(nats-server --version 2>/dev/null || echo 'nats-server not on PATH')"
    echo "pgloader:   $(command -v pgloader >/dev/null && pgloader --version 2>/dev/null | tr '\n' ' ' || echo 'not installed')"
    echo "pg_dump:    $(pg_dump --version)"
    echo "mysqldump:  $(mysqldump --version)"
    echo "java:       $(java -version 2>&1 | head -n1)"
    echo "sluice:     $SLUICE_REV, java ${SLUICE_JAVA_OPTS:--Xmx768m}"
}

# ---- Sluice under test ------------------------------------------------------------------------------
# Other people edit and rebuild the working tree while a benchmark runs, and the ./sluice launcher
# rebuilds whenever a source is newer than its jar. So the launcher builds once, here, and the jar and
# its libraries are copied to SNAP_DIR: every run of one benchmark uses that same build, started exactly
# as the launcher starts it (java $SLUICE_JAVA_OPTS, default -Xmx768m, -cp jar:lib/* dev.sluice.cli.Main).

SLUICE=()
SLUICE_REV=""

sluice_snapshot() {
    local dest=$1 try
    local cli=$REPO_DIR/functions/cli/target
    for try in 1 2 3; do
        if (cd "$REPO_DIR" && ./sluice help >"$dest.build.log" 2>&1) && [[ -f $cli/sluice-cli-0.1.0-SNAPSHOT.jar ]]; then
            mkdir -p "$dest/lib"
            cp "$cli/sluice-cli-0.1.0-SNAPSHOT.jar" "$dest/sluice-cli.jar"
            cp "$cli"/lib/*.jar "$dest/lib/"
            # shellcheck disable=SC2206  # SLUICE_JAVA_OPTS is a list of JVM options, split like the launcher does
            SLUICE=(java ${SLUICE_JAVA_OPTS:--Xmx768m} -cp "$dest/sluice-cli.jar:$dest/lib/*" dev.sluice.cli.Main)
            if "${SLUICE[@]}" help >/dev/null 2>&1; then
                SLUICE_REV="$(git -C "$REPO_DIR" rev-parse --short HEAD)$(git -C "$REPO_DIR" diff --quiet HEAD -- functions pom.xml 2>/dev/null || echo '+uncommitted-changes')"
                SLUICE_REV+=" (jar built $(date -u -r "$cli/sluice-cli-0.1.0-SNAPSHOT.jar" +%Y-%m-%dT%H:%MZ))"
                return 0
            fi
        fi
        log "Sluice did not build or start (try $try of 3; see $dest.build.log); retrying in 30 s"
        sleep 30
    done
    tail -n 20 "$dest.build.log" >&2
    die "could not build Sluice with ./sluice (the working tree may be mid-edit): see $dest.build.log"
}

# ---- databases --------------------------------------------------------------------------------------

fresh_db() {
    case $1 in
        pg) pg postgres -c "DROP DATABASE IF EXISTS $2 WITH (FORCE)" -c "CREATE DATABASE $2" ;;
        my) my -e "DROP DATABASE IF EXISTS \`$2\`; CREATE DATABASE \`$2\` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci" ;;
    esac
}

drop_db() {
    case $1 in
        pg) pg postgres -c "DROP DATABASE IF EXISTS $2 WITH (FORCE)" ;;
        my) my -e "DROP DATABASE IF EXISTS \`$2\`" ;;
    esac
}

# counts my|pg DB TABLE...: "table count" lines, exact COUNT(*). On PostgreSQL each table is looked up in
# every schema (pgloader puts MySQL tables in a schema named after the MySQL database).
counts() {
    local engine=$1 db=$2 t schemas
    shift 2
    for t in "$@"; do
        case $engine in
            my) echo "$t $(my -e "SELECT COUNT(*) FROM \`$db\`.\`$t\`" 2>/dev/null || echo missing)" ;;
            pg)
                schemas=$(pg "$db" -c "SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE c.relname = '$t' AND c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                    AND n.nspname NOT LIKE 'pg_toast%'")
                if [[ -z $schemas ]]; then
                    echo "$t missing"
                elif [[ $(wc -l <<<"$schemas") -gt 1 ]]; then
                    echo "$t in-several-schemas:$(tr '\n' ',' <<<"$schemas")"
                else
                    echo "$t $(pg "$db" -c "SELECT COUNT(*) FROM \"$schemas\".\"$t\"")"
                fi
                ;;
        esac
    done
}

# check_counts EXPECTED ACTUAL: both "table count" lines; prints the differences, false if any.
check_counts() {
    local diff
    diff=$(diff <(sort <<<"$1") <(sort <<<"$2")) && return 0
    printf '%s\n' "$diff" | sed -n 's/^< /expected: /p; s/^> /found:    /p' >&2
    return 1
}

# Source size used for MB/s, in bytes: MariaDB sum(DATA_LENGTH) of the tables (the clustered index, i.e.
# rows and primary key, without secondary indexes; InnoDB's estimate after ANALYZE TABLE), PostgreSQL
# sum(pg_table_size) (heap + TOAST + free space and visibility maps, without indexes).
data_bytes() {
    case $1 in
        my) my -e "SELECT COALESCE(SUM(DATA_LENGTH), 0) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$2' AND TABLE_TYPE = 'BASE TABLE'" ;;
        pg) pg "$2" -c "SELECT COALESCE(SUM(pg_table_size(c.oid)), 0) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'" ;;
    esac
}

# Same, with every index (for information).
total_bytes() {
    case $1 in
        my) my -e "SELECT COALESCE(SUM(DATA_LENGTH + INDEX_LENGTH), 0) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$2' AND TABLE_TYPE = 'BASE TABLE'" ;;
        pg) pg "$2" -c "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'" ;;
    esac
}

mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }

# ---- timed runs -------------------------------------------------------------------------------------

# settle: flush what the last run left (PostgreSQL checkpoint, page cache writeback), then wait for a
# quiet machine. Sets BUSY_BEFORE (fraction of both cores busy just before the run), LOAD_BEFORE.
settle() {
    pg postgres -c "CHECKPOINT" >/dev/null 2>&1 || true
    sync
    local waited
    read -r BUSY_BEFORE waited < <(python3 "$LIB_DIR/cpu.py" idle "$IDLE_THRESHOLD" "$IDLE_MAX_WAIT")
    LOAD_BEFORE=$(cut -d' ' -f1 /proc/loadavg)
    if awk -v b="$BUSY_BEFORE" -v t="$IDLE_THRESHOLD" 'BEGIN { exit !(b >= t) }'; then
        log "machine still busy after ${waited}s (CPU $(awk -v b="$BUSY_BEFORE" 'BEGIN{printf "%.0f", b*100}')% of both cores, load $LOAD_BEFORE): measuring anyway, recorded in the CSV"
    fi
}

# timed LOG CMD...: runs CMD with stdout and stderr to LOG under /usr/bin/time. Sets RUN_RC, RUN_WALL
# (s), RUN_RSS_KB (peak RSS of the largest process in CMD's tree), RUN_CPU (user + sys s of the tree),
# RUN_OTHER_CPU (CPU s used meanwhile by anything but CMD and the database and NATS servers).
timed() {
    local logf=$1 tf before after t0 t1 u s
    shift
    tf=$(mktemp)
    before=$(python3 "$LIB_DIR/cpu.py" snap)
    t0=$(date +%s%N)
    set +e
    /usr/bin/time -f '%M %U %S' -o "$tf" "$@" >"$logf" 2>&1
    RUN_RC=$?
    set -e
    t1=$(date +%s%N)
    after=$(python3 "$LIB_DIR/cpu.py" snap)
    read -r RUN_RSS_KB u s < <(tail -n1 "$tf")
    rm -f "$tf"
    RUN_WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
    RUN_CPU=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.1f", u + s }')
    RUN_OTHER_CPU=$(python3 "$LIB_DIR/cpu.py" other "$before" "$after" "$RUN_CPU")
}

# The status line of a Sluice report in LOG ("" if none); terminal escapes and carriage returns removed.
sluice_status() {
    sed -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\r/\n/g' "$1" | grep -a '^status: ' | tail -n1 | sed 's/^status: //'
}
