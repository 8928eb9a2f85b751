#!/usr/bin/env bash
# shellcheck disable=SC2034  # the *_ROWS tables are used through a nameref in check_counts
# Loads the public sample databases into the local servers (see local/services.sh), dropping and
# recreating each database every time, then checks every table's row count against the dataset's
# README and fails loudly on a difference:
#   sakila         -> MariaDB    database sakila   (MySQL Sakila 1.5, with address.location kept)
#   pagila         -> PostgreSQL database pagila   (pagila 3.1.0: schema, then data)
#   chinook-mysql  -> MariaDB    database Chinook  (Chinook 1.4.5; the script creates the database)
#   chinook-pg     -> PostgreSQL database chinook  (Chinook 1.4.5; the script creates the database)
#
# Usage: local/load-datasets.sh [sakila|pagila|chinook-mysql|chinook-pg|all ...]   (default: all)
# The datasets are read from ../shared/datasets next to the repository, or from $SLUICE_DATASETS.
# Exit status: 0 loaded and checked, 1 a load or a check failed, 2 bad usage,
#              3 the datasets are not on this machine (tests use this to skip).
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly REPO_ROOT
readonly DATASETS=${SLUICE_DATASETS:-$(dirname "$REPO_ROOT")/shared/datasets}
readonly LOCK_FILE=/run/lock/sluice-datasets.flock
readonly ALL=(sakila pagila chinook-mysql chinook-pg)

# Expected row counts, from each dataset's README.md (used through check_counts' nameref).
declare -A SAKILA_ROWS=(
    [actor]=200 [address]=603 [category]=16 [city]=600 [country]=109 [customer]=599 [film]=1000
    [film_actor]=5462 [film_category]=1000 [film_text]=1000 [inventory]=4581 [language]=6
    [payment]=16044 [rental]=16044 [staff]=2 [store]=2
)
declare -A PAGILA_ROWS=(
    [actor]=200 [address]=603 [category]=16 [city]=600 [country]=109 [customer]=599 [film]=1000
    [film_actor]=5462 [film_category]=1000 [inventory]=4581 [language]=6 [payment]=16049
    [payment_p2022_01]=723 [payment_p2022_02]=2401 [payment_p2022_03]=2713 [payment_p2022_04]=2547
    [payment_p2022_05]=2677 [payment_p2022_06]=2654 [payment_p2022_07]=2334 [rental]=16044
    [staff]=2 [store]=2
)
declare -A CHINOOK_MYSQL_ROWS=(
    [Album]=347 [Artist]=275 [Customer]=59 [Employee]=8 [Genre]=25 [Invoice]=412 [InvoiceLine]=2240
    [MediaType]=5 [Playlist]=18 [PlaylistTrack]=8715 [Track]=3503
)
declare -A CHINOOK_PG_ROWS=(
    [album]=347 [artist]=275 [customer]=59 [employee]=8 [genre]=25 [invoice]=412 [invoice_line]=2240
    [media_type]=5 [playlist]=18 [playlist_track]=8715 [track]=3503
)

usage() { sed -n '3,/^set -/{/^#/s/^# \{0,1\}//p}' "$0"; }

selected=()
for arg in "$@"; do
    case $arg in
        sakila | pagila | chinook-mysql | chinook-pg) selected+=("$arg") ;;
        all) selected+=("${ALL[@]}") ;;
        -h | --help) usage; exit 0 ;;
        *) echo "load-datasets.sh: unknown dataset '$arg' (use one of: ${ALL[*]} all)" >&2; exit 2 ;;
    esac
done
((${#selected[@]} > 0)) || selected=("${ALL[@]}")

if [[ ! -d $DATASETS ]]; then
    echo "load-datasets.sh: no sample datasets at $DATASETS (set SLUICE_DATASETS to their directory); nothing loaded" >&2
    exit 3
fi

# Never let the caller's environment pick other servers or passwords.
unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGPASSWORD PGSERVICE MYSQL_HOST MYSQL_TCP_PORT MYSQL_PWD
export PGPASSFILE=/nonexistent/sluice-no-pgpass PGCONNECT_TIMEOUT=5 PGCLIENTENCODING=UTF8
# NOTICEs (e.g. "database ... does not exist, skipping") are noise; warnings are shown.
export PGOPTIONS='-c client_min_messages=warning'

mariadb_cli() { mariadb -uroot -h127.0.0.1 -P3306 --default-character-set=utf8mb4 --batch "$@"; }
psql_cli() { psql -X -q -h 127.0.0.1 -p 5432 -U postgres -v ON_ERROR_STOP=1 "$@"; }

ERR_FILE=$(mktemp)
trap 'rm -f "$ERR_FILE"' EXIT

die() {
    printf '%s: FAILED: %s\n' "$CURRENT" "$1" >&2
    # The server's error lines say it best; clients also echo the whole failing statement before them.
    if grep -qE '(ERROR|FATAL)' "$ERR_FILE"; then
        grep -E '(ERROR|FATAL)' "$ERR_FILE" | head -n 5 | cut -c1-400 | sed 's/^/    /' >&2
    elif [[ -s $ERR_FILE ]]; then
        tail -n 10 "$ERR_FILE" | cut -c1-400 | sed 's/^/    /' >&2
    fi
    exit 1
}

need_file() {
    [[ -r $1 ]] && return 0
    echo "load-datasets.sh: $CURRENT: dataset file $1 is missing; nothing loaded" >&2
    exit 3
}

# Runs a loading command with stderr captured; fails with it, or shows it as warnings.
run_load() {
    local what=$1
    shift
    : >"$ERR_FILE"
    "$@" >/dev/null 2>"$ERR_FILE" || die "$what failed"
    if [[ -s $ERR_FILE ]]; then
        sed "s/^/$CURRENT: warning ($what): /" "$ERR_FILE" >&2
    fi
}

# check_counts ASSOC_NAME TABLE_FORMAT COUNT_CMD...: counts the rows of every table in ASSOC_NAME
# (TABLE_FORMAT, a printf format, qualifies a table name) with one query that COUNT_CMD reads on stdin
# and answers with "table<TAB>count" lines.
check_counts() {
    local -n want=$1
    local format=$2
    shift 2
    local sql="" t qualified
    for t in "${!want[@]}"; do
        # shellcheck disable=SC2059
        printf -v qualified "$format" "$t"
        sql+="${sql:+ UNION ALL }SELECT '$t', COUNT(*) FROM $qualified"
    done
    local got
    : >"$ERR_FILE"
    got=$("$@" <<<"$sql;" 2>"$ERR_FILE") || die "counting rows failed"
    local -A have=()
    local name count bad=()
    while IFS=$'\t|' read -r name count; do have[$name]=$count; done <<<"$got"
    for t in "${!want[@]}"; do
        if [[ ${have[$t]:-missing} != "${want[$t]}" ]]; then
            bad+=("$t: ${have[$t]:-missing} rows, README says ${want[$t]}")
        fi
    done
    local listed
    listed=$(printf '%s; ' "${bad[@]}")
    ((${#bad[@]} == 0)) || die "row counts differ from the README: ${listed%; }"
    CHECKED="${#want[@]} tables"
}

# pg_recreate DB [create]: ends sessions on DB, drops its replication slots (a database with a slot
# cannot be dropped, and the slot is meaningless once the database is gone), drops it, and
# optionally creates it empty.
pg_recreate() {
    local db=$1 create=${2:-}
    local slots
    : >"$ERR_FILE"
    slots=$(psql_cli -d postgres -At 2>"$ERR_FILE" <<SQL
SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$db' AND pid <> pg_backend_pid() \\g /dev/null
DO \$\$
BEGIN
    FOR i IN 1..50 LOOP  -- a terminated walsender needs a moment to let go of its slot
        EXIT WHEN NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE database = '$db' AND active);
        PERFORM pg_sleep(0.1);
    END LOOP;
END
\$\$;
SELECT slot_name FROM pg_replication_slots WHERE database = '$db';
SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = '$db' \\g /dev/null
DROP DATABASE IF EXISTS "$db" WITH (FORCE);
SQL
    ) || die "dropping PostgreSQL database $db failed"
    if [[ -n $slots ]]; then
        echo "$CURRENT: note: dropped replication slot(s) of database $db: $(tr '\n' ' ' <<<"$slots")" >&2
    fi
    if [[ -n $create ]]; then
        psql_cli -d postgres -c "CREATE DATABASE \"$db\" ENCODING 'UTF8' TEMPLATE template0" 2>"$ERR_FILE" ||
            die "creating PostgreSQL database $db failed"
    fi
}

load_sakila() {
    local dir=$DATASETS/sakila
    need_file "$dir/sakila-schema.sql"
    need_file "$dir/sakila-data.sql"
    run_load "drop database" mariadb_cli -e 'DROP DATABASE IF EXISTS sakila'
    # MariaDB skips MySQL 5.7+ comments (/*!50705 ... */), which would silently drop address.location
    # (GEOMETRY) with its SPATIAL KEY and values. Version 5.5.5 comments are executed by MariaDB.
    run_load "schema" eval "sed 's#/\\*!50705 #/*!50505 #g' '$dir/sakila-schema.sql' | mariadb_cli"
    run_load "data" eval "sed 's#/\\*!50705 #/*!50505 #g' '$dir/sakila-data.sql' | mariadb_cli"
    # shellcheck disable=SC2016  # backticks are MariaDB quoting
    check_counts SAKILA_ROWS 'sakila.`%s`' mariadb_cli -N
    local located
    located=$(mariadb_cli -N -e 'SELECT COUNT(*) FROM sakila.address WHERE ST_X(location) IS NOT NULL' 2>"$ERR_FILE") ||
        die "sakila.address.location is missing (were the /*!50705 */ comments rewritten?)"
    [[ $located == "${SAKILA_ROWS[address]}" ]] || die "only $located of ${SAKILA_ROWS[address]} addresses have a location"
}

load_pagila() {
    local dir=$DATASETS/pagila
    need_file "$dir/pagila-schema.sql"
    need_file "$dir/pagila-data.sql"
    pg_recreate pagila create
    run_load "schema" psql_cli -d pagila -f "$dir/pagila-schema.sql"
    run_load "data" psql_cli -d pagila -f "$dir/pagila-data.sql"
    check_counts PAGILA_ROWS 'public.%s' psql_cli -d pagila -At -F $'\t'
}

load_chinook_mysql() {
    local file=$DATASETS/chinook/Chinook_MySql.sql
    need_file "$file"
    # The script itself drops and creates database Chinook.
    run_load "script" eval "mariadb_cli <'$file'"
    # shellcheck disable=SC2016  # backticks are MariaDB quoting
    check_counts CHINOOK_MYSQL_ROWS 'Chinook.`%s`' mariadb_cli -N
    local n
    n=$(mariadb_cli -N -e "SELECT COUNT(*) FROM Chinook.Artist WHERE Name = 'Antônio Carlos Jobim'" 2>"$ERR_FILE") || die "reading Chinook.Artist failed"
    [[ $n == 1 ]] || die "non-ASCII text was not loaded intact (Artist 'Antônio Carlos Jobim' found $n times)"
}

load_chinook_pg() {
    local file=$DATASETS/chinook/Chinook_PostgreSql.sql
    need_file "$file"
    # The script drops and creates database chinook and then switches to it (\c chinook); dropping it
    # here first also ends sessions and slots that would make its own DROP DATABASE fail.
    pg_recreate chinook
    run_load "script" psql_cli -d postgres -f "$file"
    check_counts CHINOOK_PG_ROWS 'public.%s' psql_cli -d chinook -At -F $'\t'
    local n
    n=$(psql_cli -d chinook -At -c "SELECT COUNT(*) FROM artist WHERE name = 'Antônio Carlos Jobim'" 2>"$ERR_FILE") || die "reading chinook.artist failed"
    [[ $n == 1 ]] || die "non-ASCII text was not loaded intact (artist 'Antônio Carlos Jobim' found $n times)"
}

# Two loads of the same database at once would drop each other's tables.
exec 9>"$LOCK_FILE"
flock -w 600 9 || { echo "load-datasets.sh: another load holds $LOCK_FILE for more than 600 s" >&2; exit 1; }

declare -A done_already=()
for CURRENT in "${selected[@]}"; do
    [[ -z ${done_already[$CURRENT]:-} ]] || continue
    done_already[$CURRENT]=1
    started=$EPOCHREALTIME
    CHECKED=""
    case $CURRENT in
        sakila) load_sakila; target="MariaDB database sakila" ;;
        pagila) load_pagila; target="PostgreSQL database pagila" ;;
        chinook-mysql) load_chinook_mysql; target="MariaDB database Chinook" ;;
        chinook-pg) load_chinook_pg; target="PostgreSQL database chinook" ;;
    esac
    elapsed=$(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
    echo "$CURRENT: loaded into $target in ${elapsed}s; row counts match the README ($CHECKED)"
done
