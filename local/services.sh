#!/usr/bin/env bash
# shellcheck disable=SC2317  # the ensure_* steps are called indirectly ("$step")
# Makes sure the local servers Sluice's integration tests talk to are installed, set up for change
# data capture and running, on loopback only:
#   PostgreSQL 15  127.0.0.1:5432  cluster "15 main", wal_level=logical, trust auth for postgres
#   MariaDB 10.11  127.0.0.1:3306  binlog on (ROW, FULL image), server_id=1, local_infile, root without password
#   NATS           127.0.0.1:4222  JetStream on, store /var/lib/nats-server, monitoring on 127.0.0.1:8222
#   PostGIS 3      optional: installed for PostgreSQL when missing (spatial columns as PostGIS geometry);
#                  a failed install prints one line and changes nothing else
#
# Safe to run any number of times: when everything is already right it changes nothing and takes well
# under 2 s. A server is restarted only when a setting that needs a restart was actually changed.
# apt-get is used only when a server is not installed. There is no systemd here; servers are started the
# way the machine starts them (pg_ctlcluster, start-stop-daemon).
#
# Usage: local/services.sh [--check] [--quiet] [postgresql|mariadb|nats ...]
#   --check   only report; exit 1 (saying what) if anything is not right. Changes nothing.
#   --quiet   print nothing on success; problems still go to stderr.
#   names     only these services (default: all three).
# Exit status: 0 all right, 1 something is not right or could not be fixed, 2 bad usage.
set -Eeuo pipefail

readonly PG_VERSION=15 PG_CLUSTER=main PG_PORT=5432
readonly PG_LOG=/var/log/postgresql/postgresql-${PG_VERSION}-${PG_CLUSTER}.log
readonly PG_MIN_SLOTS=10 PG_MIN_SENDERS=10

readonly MARIADB_BIN=/usr/sbin/mariadbd
readonly MARIADB_CNF_DIR=/etc/mysql/mariadb.conf.d
readonly MARIADB_CNF=$MARIADB_CNF_DIR/90-sluice.cnf
readonly MARIADB_MAIN_CNF=/etc/mysql/my.cnf
readonly MARIADB_LOG=/var/log/mysql/error.log
readonly MARIADB_BINLOG_BASE=/var/lib/mysql/mysql-bin
readonly MARIADB_BINLOG_EXPIRE_S=86400 MARIADB_BINLOG_MAX_SIZE=268435456

readonly NATS_BIN=/usr/sbin/nats-server
readonly NATS_PORT=4222 NATS_MONITOR_PORT=8222
readonly NATS_STORE=/var/lib/nats-server
readonly NATS_LOG=/var/log/nats-server.log
# Sluice batches and change events can be large (a row of several MB): NATS's default 1 MiB is too small.
readonly NATS_MAX_PAYLOAD=8388608
readonly NATS_CONF=/etc/nats-server/sluice.conf

readonly APT_LOG=/var/log/sluice-services-apt.log
readonly LOCK_FILE=/run/lock/sluice-services.flock
readonly START_TIMEOUT_S=60

MODE=fix
QUIET=0
SERVICES=()
SERVICE=services
LOG_HINT=""

usage() { sed -n '3,/^set -/{/^#/s/^# \{0,1\}//p}' "$0"; }

for arg in "$@"; do
    case $arg in
        --check) MODE=check ;;
        --quiet) QUIET=1 ;;
        -h | --help) usage; exit 0 ;;
        postgresql | postgres | pg) SERVICES+=(postgres) ;;
        mariadb | mysql) SERVICES+=(mariadb) ;;
        nats) SERVICES+=(nats) ;;
        *) echo "services.sh: unknown argument '$arg' (use --check, --quiet, postgresql, mariadb, nats or --help)" >&2; exit 2 ;;
    esac
done

# Never let the caller's environment pick other servers or passwords.
unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGPASSWORD PGSERVICE MYSQL_HOST MYSQL_TCP_PORT MYSQL_PWD
export PGPASSFILE=/nonexistent/sluice-no-pgpass PGCONNECT_TIMEOUT=3
cd /

say() { if [[ $QUIET == 0 ]]; then printf '%s\n' "$*"; fi; }

# Prints why SERVICE is not right (--check) or failed (and where to look), then ends the current step
# (each service runs in a subshell).
fail() {
    if [[ $MODE == check ]]; then
        printf '%s: NOT OK: %s\n' "$SERVICE" "$1" >&2
        exit 1
    fi
    printf '%s: FAILED: %s\n' "$SERVICE" "$1" >&2
    if [[ -n $LOG_HINT ]]; then
        printf '%s:   see %s; last lines:\n' "$SERVICE" "$LOG_HINT" >&2
        tail -n 5 "$LOG_HINT" 2>/dev/null | sed 's/^/    /' >&2 || true
    fi
    exit 1
}

# wait_until SECONDS DESCRIPTION COMMAND...: polls COMMAND every 0.2 s.
wait_until() {
    local seconds=$1 what=$2
    local deadline=$((SECONDS + seconds))
    shift 2
    until "$@" >/dev/null 2>&1; do
        ((SECONDS < deadline)) || fail "timed out after ${seconds}s waiting for $what"
        sleep 0.2
    done
}

wanted() { [[ " ${SERVICES[*]} " == *" $1 "* ]]; }

join_by() { local IFS=$1; shift; printf '%s' "$*"; }

# ---------------------------------------------------------------------------------------------------
# Packages

ensure_packages() {
    SERVICE=packages LOG_HINT=""
    local missing=()
    if wanted postgres && ! { [[ -x /usr/lib/postgresql/$PG_VERSION/bin/postgres ]] && command -v pg_ctlcluster >/dev/null; }; then
        missing+=(postgresql)
    fi
    if wanted mariadb && [[ ! -x $MARIADB_BIN ]]; then missing+=(mariadb-server); fi
    if wanted nats && [[ ! -x $NATS_BIN ]]; then missing+=(nats-server); fi
    ((${#missing[@]} > 0)) || return 0

    [[ $MODE == fix ]] || fail "not installed: ${missing[*]}"
    say "installing ${missing[*]} with apt-get (output in $APT_LOG)"
    LOG_HINT=$APT_LOG
    # Keep the packages' maintainer scripts from starting servers their own way; we start them below.
    local own_policy=0
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        own_policy=1
    fi
    local rc=0
    {
        apt-get update -q &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
                -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"
    } >>"$APT_LOG" 2>&1 9>&- || rc=$?
    if ((own_policy)); then rm -f /usr/sbin/policy-rc.d; fi
    ((rc == 0)) || fail "apt-get install ${missing[*]} exited $rc"
}

# ---------------------------------------------------------------------------------------------------
# PostgreSQL

pg_admin() { runuser -u postgres -- psql -X -q -At -F '|' -p "$PG_PORT" -d postgres -v ON_ERROR_STOP=1 "$@"; }

pg_cluster_state() { pg_lsclusters -h 2>/dev/null | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1 == v && $2 == c { print $4 }'; }

# pg_read_settings ASSOC_NAME: fills ASSOC_NAME with the settings we care about. A failed read must
# never look like "wrong settings" (that would mean a needless restart).
pg_read_settings() {
    local -n into=$1
    local out name value
    out=$(pg_admin -c "select name, setting from pg_settings
                       where name in ('wal_level','max_replication_slots','max_wal_senders','listen_addresses','port')") ||
        fail "could not read settings through the local socket"
    while IFS='|' read -r name value; do into["$name"]=$value; done <<<"$out"
    [[ -n ${into[wal_level]:-} && -n ${into[port]:-} ]] || fail "could not read settings (got: $out)"
}

pg_ready_tcp() { pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; }

# listen_addresses must name loopback only and include 127.0.0.1 (localhost resolves to it).
pg_listen_ok() {
    local addr addrs
    IFS=', ' read -r -a addrs <<<"$1"
    local has_v4=0
    for addr in "${addrs[@]}"; do
        case $addr in
            127.0.0.1 | localhost) has_v4=1 ;;
            ::1) ;;
            *) return 1 ;;
        esac
    done
    ((has_v4))
}

ensure_postgres() {
    SERVICE=postgresql LOG_HINT=$PG_LOG
    local notes=() problems=() state
    state=$(pg_cluster_state)
    if [[ -z $state ]]; then
        [[ $MODE == fix ]] || fail "cluster $PG_VERSION $PG_CLUSTER does not exist"
        pg_createcluster "$PG_VERSION" "$PG_CLUSTER" >/dev/null 9>&-
        notes+=("created cluster $PG_VERSION $PG_CLUSTER")
        state=$(pg_cluster_state)
    fi
    if [[ $state != online* ]]; then
        [[ $MODE == fix ]] || fail "cluster $PG_VERSION $PG_CLUSTER is not running ($state)"
        pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$PG_CLUSTER" start 9>&- || fail "pg_ctlcluster start failed"
        notes+=(started)
    fi
    # The local socket answers even when TCP does not, so settings are read and fixed through it.
    wait_until "$START_TIMEOUT_S" "PostgreSQL on its socket" pg_isready -q -p "$PG_PORT"

    local -A cur=()
    pg_read_settings cur

    [[ ${cur[port]} == "$PG_PORT" ]] ||
        fail "cluster listens on port ${cur[port]}, not $PG_PORT; fix port in /etc/postgresql/$PG_VERSION/$PG_CLUSTER/postgresql.conf"

    local -a sets=()
    [[ ${cur[wal_level]} == logical ]] ||
        { problems+=("wal_level=${cur[wal_level]} (want logical)"); sets+=("wal_level = 'logical'"); }
    ((cur[max_replication_slots] >= PG_MIN_SLOTS)) ||
        { problems+=("max_replication_slots=${cur[max_replication_slots]} (want >= $PG_MIN_SLOTS)"); sets+=("max_replication_slots = $PG_MIN_SLOTS"); }
    ((cur[max_wal_senders] >= PG_MIN_SENDERS)) ||
        { problems+=("max_wal_senders=${cur[max_wal_senders]} (want >= $PG_MIN_SENDERS)"); sets+=("max_wal_senders = $PG_MIN_SENDERS"); }
    pg_listen_ok "${cur[listen_addresses]}" ||
        { problems+=("listen_addresses='${cur[listen_addresses]}' (want 127.0.0.1 only)"); sets+=("listen_addresses = '127.0.0.1'"); }

    if ((${#sets[@]} > 0)); then
        [[ $MODE == fix ]] || fail "$(join_by ';' "${problems[@]}" | sed 's/;/; /g')"
        local s
        for s in "${sets[@]}"; do pg_admin -c "ALTER SYSTEM SET $s"; done
        # All of these are postmaster-context settings: they take effect only after a restart.
        pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$PG_CLUSTER" restart 9>&- || fail "pg_ctlcluster restart failed"
        wait_until "$START_TIMEOUT_S" "PostgreSQL on its socket after restart" pg_isready -q -p "$PG_PORT"
        notes+=("set $(join_by ',' "${sets[@]}" | sed "s/ = /=/g; s/'//g; s/,/, /g") and restarted")
        pg_read_settings cur
        if [[ ${cur[wal_level]} != logical ]] || ((cur[max_replication_slots] < PG_MIN_SLOTS || cur[max_wal_senders] < PG_MIN_SENDERS)); then
            fail "settings did not take effect after restart (wal_level=${cur[wal_level]}); look for overrides: runuser -u postgres -- psql -c 'table pg_file_settings'"
        fi
    fi

    wait_until "$START_TIMEOUT_S" "PostgreSQL on 127.0.0.1:$PG_PORT" pg_ready_tcp

    # Trust auth for postgres over the socket and over 127.0.0.1 (root runs tests as -U postgres).
    local tcp_ok=1 sock_ok=1
    psql -X -w -At -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c 'select 1' >/dev/null 2>&1 || tcp_ok=0
    psql -X -w -At -p "$PG_PORT" -U postgres -d postgres -c 'select 1' >/dev/null 2>&1 || sock_ok=0
    if ((!tcp_ok || !sock_ok)); then
        [[ $MODE == fix ]] || fail "user postgres cannot log in without a password (socket ok=$sock_ok, 127.0.0.1 ok=$tcp_ok)"
        local hba
        hba=$(pg_admin -c 'show hba_file')
        {
            printf '# Added by sluice local/services.sh: passwordless postgres on loopback for local tests.\n'
            printf 'local all postgres trust\nhost all postgres 127.0.0.1/32 trust\n'
            cat "$hba"
        } >"$hba.sluice-new"
        chown --reference="$hba" "$hba.sluice-new"
        chmod --reference="$hba" "$hba.sluice-new"
        mv "$hba.sluice-new" "$hba"
        pg_admin -c 'select pg_reload_conf()' >/dev/null
        sleep 0.3
        psql -X -w -At -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c 'select 1' >/dev/null ||
            fail "postgres still cannot log in over 127.0.0.1 after adding trust lines to $hba"
        notes+=("added trust lines for postgres to $hba")
    fi

    say "postgresql: running on 127.0.0.1:$PG_PORT, wal_level=${cur[wal_level]}, max_replication_slots=${cur[max_replication_slots]}, max_wal_senders=${cur[max_wal_senders]}${notes[*]:+ ($(join_by ';' "${notes[@]}" | sed 's/;/; /g'))}"
}

# PostGIS is optional: without it spatial values land in bytea (exact, documented). Never fails the run.
readonly POSTGIS_PACKAGE=postgresql-$PG_VERSION-postgis-3
readonly POSTGIS_CONTROL=/usr/share/postgresql/$PG_VERSION/extension/postgis.control

ensure_postgis() {
    SERVICE=postgis LOG_HINT=$APT_LOG
    if [[ -e $POSTGIS_CONTROL ]]; then
        say "postgis: available ($POSTGIS_PACKAGE); a database uses it after CREATE EXTENSION postgis"
        return 0
    fi
    if [[ $MODE != fix ]]; then
        say "postgis: not installed (optional; $0 installs $POSTGIS_PACKAGE)"
        return 0
    fi
    say "postgis: installing $POSTGIS_PACKAGE with apt-get (output in $APT_LOG)"
    local rc=0
    {
        apt-get update -q &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
                -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$POSTGIS_PACKAGE"
    } >>"$APT_LOG" 2>&1 9>&- || rc=$?
    if ((rc != 0)) || [[ ! -e $POSTGIS_CONTROL ]]; then
        say "postgis: not installed (apt-get exited $rc, see $APT_LOG); optional, continuing without it"
        return 0
    fi
    say "postgis: installed $POSTGIS_PACKAGE"
}

# ---------------------------------------------------------------------------------------------------
# MariaDB

mariadb_cnf_text() {
    cat <<EOF
# Written by sluice local/services.sh; rewritten when it differs. Change data capture for local tests.
[mysqld]
bind-address     = 127.0.0.1
server_id        = 1
log_bin          = $MARIADB_BINLOG_BASE
binlog_format    = ROW
binlog_row_image = FULL
local_infile     = ON
# Not needed for change data capture; keeps the binlog of busy local test runs from filling the disk.
binlog_expire_logs_seconds = $MARIADB_BINLOG_EXPIRE_S
max_binlog_size  = $MARIADB_BINLOG_MAX_SIZE
EOF
}

mariadb_running() { start-stop-daemon --status --exec "$MARIADB_BIN"; }
mariadb_ping_tcp() { mariadb-admin -uroot -h127.0.0.1 -P3306 --connect-timeout=2 ping; }
mariadb_tcp() { mariadb -uroot -h127.0.0.1 -P3306 --connect-timeout=3 -N -B "$@"; }
mariadb_sock() { mariadb -uroot --connect-timeout=3 -N -B "$@"; }

mariadb_start() {
    install -d -o mysql -g mysql -m 755 /run/mysqld
    start-stop-daemon --start --oknodo --background --exec "$MARIADB_BIN" >/dev/null 9>&-
    local deadline=$((SECONDS + START_TIMEOUT_S))
    until mariadb_ping_tcp >/dev/null 2>&1; do
        mariadb_running || fail "mariadbd exited while starting"
        ((SECONDS < deadline)) || fail "timed out after ${START_TIMEOUT_S}s waiting for MariaDB on 127.0.0.1:3306"
        sleep 0.2
    done
}

mariadb_stop() {
    mariadb-admin -uroot shutdown 2>/dev/null || mariadb-admin -uroot -h127.0.0.1 shutdown ||
        fail "mariadb-admin shutdown failed"
    wait_until "$START_TIMEOUT_S" "mariadbd to exit" eval '! mariadb_running'
}

# mariadb_read_vars ASSOC_NAME: fills ASSOC_NAME with the variables we care about. A failed read must
# never look like "wrong settings" (that would mean a needless restart).
mariadb_read_vars() {
    local -n into=$1
    local out name value
    out=$(mariadb_tcp -e "select lower(variable_name), variable_value from information_schema.global_variables
             where variable_name in ('LOG_BIN','LOG_BIN_BASENAME','BINLOG_FORMAT','BINLOG_ROW_IMAGE',
                                     'SERVER_ID','LOCAL_INFILE','BIND_ADDRESS',
                                     'BINLOG_EXPIRE_LOGS_SECONDS','MAX_BINLOG_SIZE')") ||
        fail "could not read server variables over 127.0.0.1:3306"
    while IFS=$'\t' read -r name value; do into["$name"]=$value; done <<<"$out"
    [[ -n ${into[log_bin]:-} && -n ${into[binlog_format]:-} ]] || fail "could not read server variables (got: $out)"
}

ensure_mariadb() {
    SERVICE=mariadb LOG_HINT=$MARIADB_LOG
    local notes=() problems=()

    # 1. The drop-in file, and the main my.cnf including its directory (this machine's my.cnf is a
    #    trimmed one without Debian's !includedir lines).
    if [[ "$(cat "$MARIADB_CNF" 2>/dev/null)" != "$(mariadb_cnf_text)" ]]; then
        [[ $MODE == fix ]] || problems+=("$MARIADB_CNF missing or different")
        if [[ $MODE == fix ]]; then
            install -d -m 755 "$MARIADB_CNF_DIR"
            mariadb_cnf_text >"$MARIADB_CNF.tmp" && chmod 644 "$MARIADB_CNF.tmp" && mv "$MARIADB_CNF.tmp" "$MARIADB_CNF"
            notes+=("wrote $MARIADB_CNF")
        fi
    fi
    if ! grep -qxF -- "--log_bin=$MARIADB_BINLOG_BASE" <<<"$(my_print_defaults --mysqld)"; then
        if [[ $MODE == fix ]]; then
            printf '\n# Added by sluice local/services.sh\n!includedir %s/\n' "$MARIADB_CNF_DIR" >>"$MARIADB_MAIN_CNF"
            grep -qxF -- "--log_bin=$MARIADB_BINLOG_BASE" <<<"$(my_print_defaults --mysqld)" ||
                fail "mariadbd does not read $MARIADB_CNF even after adding !includedir to $MARIADB_MAIN_CNF (check: my_print_defaults --mysqld)"
            notes+=("added !includedir $MARIADB_CNF_DIR/ to $MARIADB_MAIN_CNF")
        else
            problems+=("mariadbd does not read $MARIADB_CNF (no !includedir in $MARIADB_MAIN_CNF)")
        fi
    fi

    # 2. Running.
    if ! mariadb_ping_tcp >/dev/null 2>&1; then
        [[ $MODE == fix ]] || fail "not answering on 127.0.0.1:3306${problems[*]:+; $(join_by ';' "${problems[@]}")}"
        mariadb_start
        notes+=(started)
    fi

    # 3. root@localhost without password over TCP (a fresh Debian install only allows the socket).
    if ! mariadb_tcp -e 'select 1' >/dev/null 2>&1; then
        [[ $MODE == fix ]] || fail "root cannot log in without a password over 127.0.0.1:3306"
        mariadb_sock -e "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '';
                         GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
                         ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD('');" ||
            fail "root cannot log in over 127.0.0.1:3306 and could not be fixed through the socket"
        mariadb_tcp -e 'select 1' >/dev/null || fail "root still cannot log in over 127.0.0.1:3306"
        notes+=("allowed root without password over TCP")
    fi

    # 4. Compare the running server's variables with the wanted ones; restart only on a difference.
    local -A cur=()
    mariadb_read_vars cur
    local -a diffs=()
    [[ ${cur[log_bin]} == ON ]] || diffs+=("log_bin=${cur[log_bin]}")
    [[ ${cur[log_bin_basename]} == "$MARIADB_BINLOG_BASE" ]] || diffs+=("log_bin_basename=${cur[log_bin_basename]:-none}")
    [[ ${cur[binlog_format]} == ROW ]] || diffs+=("binlog_format=${cur[binlog_format]}")
    [[ ${cur[binlog_row_image]} == FULL ]] || diffs+=("binlog_row_image=${cur[binlog_row_image]}")
    [[ ${cur[server_id]} == 1 ]] || diffs+=("server_id=${cur[server_id]}")
    [[ ${cur[local_infile]} == ON ]] || diffs+=("local_infile=${cur[local_infile]}")
    [[ ${cur[bind_address]} == 127.0.0.1 ]] || diffs+=("bind_address=${cur[bind_address]}")

    if ((${#diffs[@]} > 0)); then
        [[ $MODE == fix ]] || problems+=("running with $(join_by ';' "${diffs[@]}" | sed 's/;/, /g')")
        if [[ $MODE == fix ]]; then
            mariadb_stop
            mariadb_start
            notes+=("restarted, was $(join_by ';' "${diffs[@]}" | sed 's/;/, /g')")
            cur=()
            mariadb_read_vars cur
            [[ ${cur[log_bin]} == ON && ${cur[binlog_format]} == ROW && ${cur[binlog_row_image]} == FULL &&
                ${cur[server_id]} == 1 && ${cur[local_infile]} == ON && ${cur[bind_address]} == 127.0.0.1 &&
                ${cur[log_bin_basename]} == "$MARIADB_BINLOG_BASE" ]] ||
                fail "settings did not take effect after restart (log_bin=${cur[log_bin]}, binlog_format=${cur[binlog_format]}); check: mariadbd --print-defaults"
        fi
    fi
    # Dynamic settings: SET GLOBAL, no restart.
    local var want
    for var in binlog_expire_logs_seconds max_binlog_size; do
        want=$([[ $var == max_binlog_size ]] && echo "$MARIADB_BINLOG_MAX_SIZE" || echo "$MARIADB_BINLOG_EXPIRE_S")
        [[ ${cur[$var]} == "$want" ]] && continue
        if [[ $MODE == fix ]]; then
            mariadb_tcp -e "SET GLOBAL $var = $want"
            notes+=("set $var=$want, was ${cur[$var]}")
        else
            problems+=("$var=${cur[$var]} (want $want)")
        fi
    done
    ((${#problems[@]} == 0)) || fail "$(join_by ';' "${problems[@]}" | sed 's/;/; /g')"

    say "mariadb: running on 127.0.0.1:3306, log_bin=${cur[log_bin]} (${cur[log_bin_basename]}), binlog_format=${cur[binlog_format]}, binlog_row_image=${cur[binlog_row_image]}, server_id=${cur[server_id]}, local_infile=${cur[local_infile]}${notes[*]:+ ($(join_by ';' "${notes[@]}" | sed 's/;/; /g'))}"
}

# ---------------------------------------------------------------------------------------------------
# NATS

# Prints the server's INFO line if something accepts connections on the NATS port.
nats_info() {
    timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$NATS_PORT && IFS= read -r -t 2 line <&3 && printf '%s\n' \"\$line\"" 2>/dev/null
}

# Starts nats-server on loopback with JetStream, monitoring and Sluice's max_payload; waits for it.
start_nats() {
    install -d -m 755 "$NATS_STORE" "$(dirname "$NATS_CONF")"
    printf '# written by Sluice local/services.sh\nmax_payload: %s\n' "$NATS_MAX_PAYLOAD" >"$NATS_CONF"
    start-stop-daemon --start --oknodo --background --exec "$NATS_BIN" -- -c "$NATS_CONF" \
        -a 127.0.0.1 -p "$NATS_PORT" -js -sd "$NATS_STORE" -l "$NATS_LOG" -m "$NATS_MONITOR_PORT" >/dev/null 9>&-
    local deadline=$((SECONDS + START_TIMEOUT_S))
    until nats_info >/dev/null; do
        start-stop-daemon --status --exec "$NATS_BIN" || fail "nats-server exited while starting"
        ((SECONDS < deadline)) || fail "timed out after ${START_TIMEOUT_S}s waiting for 127.0.0.1:$NATS_PORT"
        sleep 0.2
    done
}

ensure_nats() {
    SERVICE=nats LOG_HINT=$NATS_LOG
    local notes=() info jsz monitoring
    if ! info=$(nats_info); then
        [[ $MODE == fix ]] || fail "nothing accepts connections on 127.0.0.1:$NATS_PORT"
        start_nats
        info=$(nats_info)
        notes+=(started)
    fi
    if [[ $info != *"\"max_payload\":$NATS_MAX_PAYLOAD"* ]]; then
        [[ $MODE == fix ]] || fail "max_payload is not $NATS_MAX_PAYLOAD bytes (Sluice's large rows need it)"
        start-stop-daemon --stop --oknodo --exec "$NATS_BIN" --retry TERM/15/KILL/5 >/dev/null
        start_nats
        info=$(nats_info)
        [[ $info == *"\"max_payload\":$NATS_MAX_PAYLOAD"* ]] || fail "nats-server ignores max_payload in $NATS_CONF"
        notes+=("restarted with max_payload $NATS_MAX_PAYLOAD")
    fi
    [[ $info == INFO\ * ]] || fail "127.0.0.1:$NATS_PORT accepts connections but did not greet like a NATS server: ${info:0:80}"
    [[ $info == *'"jetstream":true'* ]] ||
        fail "the server on 127.0.0.1:$NATS_PORT runs without JetStream; stop it and rerun (it will be started with -js -sd $NATS_STORE)"

    if jsz=$(curl -sf -m 2 "http://127.0.0.1:$NATS_MONITOR_PORT/jsz" 2>/dev/null); then
        [[ $jsz != *'"disabled": true'* && $jsz != *'"disabled":true'* ]] || fail "monitoring /jsz says JetStream is disabled"
        [[ $jsz == *"\"store_dir\": \"$NATS_STORE/jetstream\""* ]] ||
            notes+=("JetStream store is not under $NATS_STORE: $(grep -o '"store_dir": "[^"]*"' <<<"$jsz" || echo unknown)")
        monitoring="monitoring on 127.0.0.1:$NATS_MONITOR_PORT"
    else
        # Not worth breaking a running server for: note it; it comes with the next start from here.
        monitoring="monitoring off (server was started without -m $NATS_MONITOR_PORT; left running)"
    fi
    say "nats: running on 127.0.0.1:$NATS_PORT, jetstream=on, $monitoring${notes[*]:+ ($(join_by ';' "${notes[@]}" | sed 's/;/; /g'))}"
}

# ---------------------------------------------------------------------------------------------------

if [[ $MODE == fix ]]; then
    # Two runs at once (parallel test jobs) would both try to restart the same server. Every command
    # that leaves a server running gets `9>&-`, or the server would hold this lock for its lifetime.
    exec 9>"$LOCK_FILE"
    flock -w 180 9 || { echo "services.sh: another run holds $LOCK_FILE for more than 180 s" >&2; exit 1; }
fi

# Each service is set up in its own subshell with errexit on, so one failing does not hide the
# others' state. (Not in an `||` list: that would switch errexit off inside the subshell.)
status=0
set +e
((${#SERVICES[@]} > 0)) || SERVICES=(postgres mariadb nats)
steps=(ensure_packages)
for service in postgres mariadb nats; do
    if wanted "$service"; then steps+=("ensure_$service"); fi
done
if wanted postgres; then steps+=(ensure_postgis); fi
for step in "${steps[@]}"; do
    (
        set -e
        trap 'rc=$?; printf "%s: FAILED: line %s: \"%s\" exited %s%s\n" "$SERVICE" "$LINENO" "$BASH_COMMAND" "$rc" "${LOG_HINT:+ (see $LOG_HINT)}" >&2' ERR
        "$step"
    )
    rc=$?
    if ((rc != 0)); then
        status=1
        # Without the packages nothing else can be checked or started.
        [[ $step != ensure_packages ]] || break
    fi
done
exit "$status"
