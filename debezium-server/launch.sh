#!/usr/bin/env bash
# Runs Debezium Server as Sluice's change-data-capture source: row changes of a MySQL, MariaDB or
# PostgreSQL database go, as JSON, to the NATS JetStream stream SLUICE_<id>_CDC on subjects
# sluice.<id>.cdc.<schema-or-database>.<table>.
#
# Usage: debezium-server/launch.sh --source URL --stream-id ID [options]
#   --source URL          mysql://user:pass@host:3306/db, mariadb://user:pass@host:3306/db or
#                         postgresql://user:pass@host:5432/db?currentSchema=s          [SLUICE_SOURCE]
#                         (the password may instead come from SLUICE_SOURCE_PASSWORD)
#   --stream-id ID        1-64 letters, digits, '-' or '_'                              [SLUICE_STREAM_ID]
#   --tables a,b          tables to capture; unqualified names get the URL's database (MySQL/MariaDB)
#                         or schema (PostgreSQL: currentSchema, else public). Default: all of them.
#                                                                                       [SLUICE_TABLES]
#   --nats-url URL        default nats://127.0.0.1:4222 (user:pass@ allowed)            [SLUICE_NATS_URL]
#   --snapshot-mode M     no_data (default: stream changes from now on) or initial (copy the
#                         current rows first)                                     [SLUICE_SNAPSHOT_MODE]
#   --offsets-dir DIR     offsets, schema history and the generated config of this stream
#                         default ~/.local/state/sluice/cdc/<id>                   [SLUICE_OFFSETS_DIR]
#   --server-id N         MySQL/MariaDB replica server id; default: random in 5400..6400, kept in
#                         the offsets dir                                             [SLUICE_SERVER_ID]
#   --heartbeat-ms N      heartbeat every N ms on sluice.<id>.cdc._heartbeat, 0 = off; default 10000
#                                                                                 [SLUICE_HEARTBEAT_MS]
#   --stream-max-bytes N  bound of SLUICE_<id>_CDC when this script creates it; default 1 GiB
#                                                                          [SLUICE_CDC_STREAM_MAX_BYTES]
#   --http-port N         Debezium Server's health endpoint on 127.0.0.1; default 0 (any free port)
#                                                                                   [SLUICE_HTTP_PORT]
#   --prop KEY=VALUE      add or override one Debezium Server property (repeatable)
#   --supervise           restart Debezium Server whenever it exits without being asked to (1 s
#                         doubling to 30 s); without it, Debezium Server replaces this script (exec)
#   --dry-run             print the config a start would write (password hidden) and exit
#   --fetch-only          download, verify and unpack Debezium Server, print its directory, exit
#   -h, --help            this text
# Other environment: SLUICE_CACHE (default ~/.cache/sluice), JAVA_HOME (used when recent enough),
#   SLUICE_JVM_DIRS (where to look for JDKs, default /usr/lib/jvm), JAVA_OPTS, SLUICE_STOP_TIMEOUT_S (30).
# Exit status: 0 stopped on request (--supervise) or Debezium Server's own, 2 bad usage or configuration,
#   3 no usable JDK, 4 download or checksum failure, 5 NATS or JetStream problem, else Debezium Server's.
set -Eeuo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DBZ_VERSION=$(tr -d '[:space:]' <"$HERE/VERSION")
readonly HERE DBZ_VERSION
readonly DBZ_MAJOR=${DBZ_VERSION%%.*}
readonly CACHE=${SLUICE_CACHE:-$HOME/.cache/sluice}
readonly DIST=$CACHE/debezium-server-$DBZ_VERSION
readonly TARBALL_NAME=debezium-server-dist-$DBZ_VERSION.tar.gz
readonly TARBALL=$CACHE/downloads/$TARBALL_NAME
readonly STAMP=.sluice-sha256
readonly BACKOFF_MIN_S=1 BACKOFF_MAX_S=30 HEALTHY_RUN_S=60
readonly POLL_INTERVAL_MS=100 # Debezium's default 500 ms adds up to half a second to every event's lag
readonly BINLOG_BUFFER=10000 # events of one transaction held back until its COMMIT or ROLLBACK is seen

log() { printf 'launch.sh: %s\n' "$*" >&2; }
die() { local status=$1; shift; log "$*"; exit "$status"; }
usage() { sed -n '2,/^set -/{/^#/s/^# \{0,1\}//p}' "$0"; }

# ---------------------------------------------------------------- arguments
SOURCE=${SLUICE_SOURCE:-}
STREAM_ID=${SLUICE_STREAM_ID:-}
TABLES=${SLUICE_TABLES:-}
NATS_URL=${SLUICE_NATS_URL:-nats://127.0.0.1:4222}
SNAPSHOT_MODE=${SLUICE_SNAPSHOT_MODE:-no_data}
OFFSETS_DIR=${SLUICE_OFFSETS_DIR:-}
SERVER_ID=${SLUICE_SERVER_ID:-}
HEARTBEAT_MS=${SLUICE_HEARTBEAT_MS:-10000}
STREAM_MAX_BYTES=${SLUICE_CDC_STREAM_MAX_BYTES:-1073741824}
HTTP_PORT=${SLUICE_HTTP_PORT:-0}
STOP_TIMEOUT_S=${SLUICE_STOP_TIMEOUT_S:-30}
EXTRA_PROPS=()
MODE=run

need_value() { [[ $# -ge 2 && -n $2 ]] || die 2 "$1 needs a value (see --help)"; }
while [[ $# -gt 0 ]]; do
    case $1 in
        --source) need_value "$@"; SOURCE=$2; shift ;;
        --stream-id) need_value "$@"; STREAM_ID=$2; shift ;;
        --tables) need_value "$@"; TABLES=$2; shift ;;
        --nats-url) need_value "$@"; NATS_URL=$2; shift ;;
        --snapshot-mode) need_value "$@"; SNAPSHOT_MODE=$2; shift ;;
        --offsets-dir) need_value "$@"; OFFSETS_DIR=$2; shift ;;
        --server-id) need_value "$@"; SERVER_ID=$2; shift ;;
        --heartbeat-ms) need_value "$@"; HEARTBEAT_MS=$2; shift ;;
        --stream-max-bytes) need_value "$@"; STREAM_MAX_BYTES=$2; shift ;;
        --http-port) need_value "$@"; HTTP_PORT=$2; shift ;;
        --prop) need_value "$@"; [[ $2 == ?*=* ]] || die 2 "--prop wants KEY=VALUE, got '$2'"; EXTRA_PROPS+=("$2"); shift ;;
        --supervise) MODE=supervise ;;
        --dry-run) MODE=dry-run ;;
        --fetch-only) MODE=fetch-only ;;
        -h | --help) usage; exit 0 ;;
        *) die 2 "unknown argument '$1' (see --help)" ;;
    esac
    shift
done

# ---------------------------------------------------------------- distribution: fetch, verify, unpack
pinned_sha256() {
    local sum
    sum=$(awk -v f="$TARBALL_NAME" '$2 == f || $2 == "*" f { print $1 }' "$HERE/SHA256SUMS")
    [[ $sum =~ ^[0-9a-f]{64}$ ]] || die 4 "no SHA-256 recorded for $TARBALL_NAME in $HERE/SHA256SUMS:" \
        "download it once, check it, and add the line that 'sha256sum $TARBALL_NAME' prints"
    printf '%s' "$sum"
}

tree_size() { (cd "$1" && find . -path ./$STAMP -prune -o -type f -printf '%s\n' | awk '{ n++; b += $1 } END { print n " " b }'); }

# Succeeds when the cached tarball matches the pinned checksum; checked on every start.
tarball_ok() { [[ -f $TARBALL ]] && [[ $(sha256sum "$TARBALL" | cut -d' ' -f1) == "$1" ]]; }

fetch_tarball() {
    local started=$SECONDS
    log "downloading io.debezium:debezium-server-dist:$DBZ_VERSION:tar.gz with Maven (large: 400-800 MB)"
    command -v mvn >/dev/null || die 4 "mvn is not installed: it fetches Debezium Server from Maven Central"
    mkdir -p "$CACHE/downloads"
    # From the download directory: inside a Maven project (the Sluice checkout, when a test starts this
    # script) the project's dependency plugin wants the whole parent-POM chain of the distribution, which a
    # partial mirror of Central may lack; Maven's stand-alone project only needs the tarball.
    if ! (cd "$CACHE/downloads" && mvn -B -Dstyle.color=never dependency:copy \
        -Dartifact="io.debezium:debezium-server-dist:$DBZ_VERSION:tar.gz" -DoutputDirectory="$CACHE/downloads" \
        -Dmdep.overWriteReleases=true) >"$CACHE/downloads/mvn.log" 2>&1; then
        grep -E '\[ERROR\]' "$CACHE/downloads/mvn.log" | head -n 5 >&2 || true
        die 4 "Maven could not fetch io.debezium:debezium-server-dist:$DBZ_VERSION:tar.gz (full output: $CACHE/downloads/mvn.log)"
    fi
    log "downloaded $TARBALL_NAME in $((SECONDS - started)) s"
}

ensure_dist() {
    local want; want=$(pinned_sha256)
    mkdir -p "$CACHE"
    exec 8>"$CACHE/.debezium-server-$DBZ_VERSION.lock"
    flock 8 # one launcher fetches or unpacks at a time; the others wait and reuse its work
    if ! tarball_ok "$want"; then
        fetch_tarball
        tarball_ok "$want" || die 4 "$TARBALL has SHA-256 $(sha256sum "$TARBALL" | cut -d' ' -f1)," \
            "expected $want from $HERE/SHA256SUMS: refusing to use it. If the download is damaged, delete it and" \
            "$HOME/.m2/repository/io/debezium/debezium-server-dist/$DBZ_VERSION, then start again"
    fi
    if [[ ! -f $DIST/$STAMP ]] || [[ "$(<"$DIST/$STAMP")" != "$want $(tree_size "$DIST")" ]]; then
        local started=$SECONDS
        log "unpacking $TARBALL_NAME into $DIST"
        rm -rf "$DIST" "$DIST.partial"
        mkdir -p "$DIST.partial"
        tar -xzf "$TARBALL" -C "$DIST.partial" --strip-components=1 || die 4 "could not unpack $TARBALL"
        printf '%s %s' "$want" "$(tree_size "$DIST.partial")" >"$DIST.partial/$STAMP"
        mv "$DIST.partial" "$DIST"
        log "unpacked in $((SECONDS - started)) s"
    fi
    flock -u 8
    exec 8>&-
}

# ---------------------------------------------------------------- JDK
java_major() { # $1 = JDK home; prints the feature release (8, 17, 21, 25...) or nothing
    local v=""
    if [[ -f $1/release ]]; then
        v=$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$1/release")
    elif [[ -x $1/bin/java ]]; then
        v=$("$1/bin/java" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n1)
    fi
    [[ $v == 1.* ]] && v=${v#1.}
    [[ ${v%%[.+-]*} =~ ^[0-9]+$ ]] && printf '%s' "${v%%[.+-]*}"
}

pick_jdk() { # sets JDK_HOME and JDK_MAJOR: JAVA_HOME when recent enough, else the oldest recent-enough JDK
    local need=$1 best="" best_major=999 home major seen=""
    if [[ -n ${JAVA_HOME:-} ]]; then
        major=$(java_major "$JAVA_HOME")
        if [[ -n $major && $major -ge $need && -x $JAVA_HOME/bin/javac ]]; then
            JDK_HOME=$JAVA_HOME JDK_MAJOR=$major
            return
        fi
        log "JAVA_HOME=$JAVA_HOME is Java ${major:-?}${major:+ }(needs a JDK $need+ with javac): looking elsewhere"
    fi
    local dirs=() d
    IFS=: read -r -a dirs <<<"${SLUICE_JVM_DIRS:-/usr/lib/jvm}"
    local candidates=()
    for d in "${dirs[@]}"; do
        for home in "$d"/*/; do [[ -d $home ]] && candidates+=("${home%/}"); done
    done
    if command -v javac >/dev/null; then
        candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
    fi
    for home in "${candidates[@]}"; do
        home=$(readlink -f "$home")
        [[ " $seen " == *" $home "* ]] && continue
        seen+=" $home"
        [[ -x $home/bin/java && -x $home/bin/javac ]] || continue
        major=$(java_major "$home")
        [[ -n $major && $major -ge $need && $major -lt $best_major ]] && best=$home best_major=$major
    done
    [[ -n $best ]] || die 3 "no JDK $need or newer found (looked at JAVA_HOME, ${SLUICE_JVM_DIRS:-/usr/lib/jvm}/*," \
        "javac on PATH): Debezium Server $DBZ_VERSION needs Java $need+; install one (e.g. Temurin $need) or set JAVA_HOME"
    JDK_HOME=$best JDK_MAJOR=$best_major
}

# ---------------------------------------------------------------- JetStream helper (jnats from the distribution)
TOOL_CP=""
build_tool() {
    local src=$HERE/tools/JetStreamTool.java jnats hash dir
    jnats=$(compgen -G "$DIST/lib/jnats-*.jar" | head -n1) || true
    [[ -n $jnats ]] || die 4 "no jnats jar in $DIST/lib"
    hash=$( (sha256sum "$src"; printf '%s %s' "$jnats" "$JDK_HOME") | sha256sum | cut -c1-16)
    dir=$CACHE/tools/$hash
    if [[ ! -f $dir/JetStreamTool.class ]]; then
        mkdir -p "$dir.partial"
        "$JDK_HOME/bin/javac" --release 17 -nowarn -d "$dir.partial" -cp "$jnats" "$src" >&2 || die 4 "could not compile $src"
        rm -rf "$dir"; mv "$dir.partial" "$dir"
    fi
    TOOL_CP=$dir:$jnats
}
jetstream() { SLUICE_NATS_URL=$NATS_URL "$JDK_HOME/bin/java" -cp "$TOOL_CP" JetStreamTool "$@"; }

# ---------------------------------------------------------------- source URL
url_decode() { local s=${1//+/ }; printf '%b' "${s//%/\\x}"; }

KIND="" DB_USER="" DB_PASSWORD="" DB_HOST="" DB_PORT="" DB_NAME="" PG_SCHEMA="" PG_SSLMODE=""
parse_source() {
    local url=$1 rest auth hostport query param
    [[ $url =~ ^([a-z]+)://(.*)$ ]] || die 2 "--source '$url' is not a URL like mysql://user:pass@host:3306/db"
    case ${BASH_REMATCH[1]} in
        postgresql | postgres) KIND=postgresql DB_PORT=5432 ;;
        mysql) KIND=mysql DB_PORT=3306 ;;
        mariadb) KIND=mariadb DB_PORT=3306 ;;
        *) die 2 "--source scheme '${BASH_REMATCH[1]}' is not one of postgresql, mysql, mariadb" ;;
    esac
    rest=${BASH_REMATCH[2]}
    if [[ $rest == *\?* ]]; then query=${rest#*\?}; rest=${rest%%\?*}; else query=""; fi
    if [[ $rest == */* ]]; then DB_NAME=$(url_decode "${rest#*/}"); rest=${rest%%/*}; fi
    if [[ $rest == *@* ]]; then
        auth=${rest%@*}; hostport=${rest##*@}
        DB_USER=$(url_decode "${auth%%:*}")
        [[ $auth == *:* ]] && DB_PASSWORD=$(url_decode "${auth#*:}")
    else
        hostport=$rest
    fi
    if [[ $hostport =~ ^\[([^]]+)\](:([0-9]+))?$ || $hostport =~ ^([^:]+)(:([0-9]+))?$ ]]; then
        DB_HOST=${BASH_REMATCH[1]}
        [[ -n ${BASH_REMATCH[3]} ]] && DB_PORT=${BASH_REMATCH[3]}
    else
        die 2 "--source: cannot read host and port from '$hostport'"
    fi
    local params=()
    IFS='&' read -r -a params <<<"$query"
    for param in "${params[@]}"; do
        case $param in
            currentSchema=*) PG_SCHEMA=$(url_decode "${param#*=}") ;;
            sslmode=*) PG_SSLMODE=$(url_decode "${param#*=}") ;;
            "") ;;
            *) log "ignoring URL parameter '${param%%=*}' (use --prop debezium.source.<name>=... for connector settings)" ;;
        esac
    done
    [[ -n ${SLUICE_SOURCE_PASSWORD:-} ]] && DB_PASSWORD=$SLUICE_SOURCE_PASSWORD
    [[ -n $DB_USER ]] || DB_USER=$([[ $KIND == postgresql ]] && echo postgres || echo root)
    if [[ $KIND == postgresql ]]; then
        [[ -n $DB_NAME ]] || die 2 "--source: a PostgreSQL URL needs the database: postgresql://user@host:5432/db"
    fi
}

# Include lists are regular expressions: quote the name so 'shop.orders' matches only that table.
# shellcheck disable=SC2001 # a character class: more than ${v//x/y} can do
regex_quote() { sed 's/[][\.*^$+?(){}|]/\\&/g' <<<"$1"; }

table_include_list() {
    local out=() t names=()
    IFS=, read -r -a names <<<"$TABLES"
    for t in "${names[@]}"; do
        t=$(sed 's/^[[:space:]]*//; s/[[:space:]]*$//' <<<"$t")
        [[ -n $t ]] || continue
        if [[ $t != *.* ]]; then
            if [[ $KIND == postgresql ]]; then
                t=${PG_SCHEMA:-public}.$t
            else
                [[ -n $DB_NAME ]] || die 2 "--tables: '$t' needs a database (db.table) or a database in --source"
                t=$DB_NAME.$t
            fi
        fi
        out+=("$(regex_quote "${t%%.*}")\\.$(regex_quote "${t#*.}")")
    done
    (IFS=,; printf '%s' "${out[*]}")
}

database_include_list() { # MySQL/MariaDB: the databases of the --tables, else the URL's database
    local dbs=() t names=() d
    if [[ -n $TABLES ]]; then
        IFS=, read -r -a names <<<"$TABLES"
        for t in "${names[@]}"; do
            t=$(sed 's/^[[:space:]]*//; s/[[:space:]]*$//' <<<"$t")
            [[ -n $t ]] || continue
            if [[ $t == *.* ]]; then d=${t%%.*}; else d=$DB_NAME; fi
            d=$(regex_quote "$d")
            [[ " ${dbs[*]} " == *" $d "* ]] || dbs+=("$d")
        done
    elif [[ -n $DB_NAME ]]; then
        dbs=("$(regex_quote "$DB_NAME")")
    fi
    (IFS=,; printf '%s' "${dbs[*]}")
}

# ---------------------------------------------------------------- configuration
validate() {
    [[ -n $SOURCE ]] || die 2 "--source is required (or SLUICE_SOURCE), e.g. postgresql://postgres@127.0.0.1:5432/app"
    [[ $STREAM_ID =~ ^[A-Za-z0-9_-]{1,64}$ ]] ||
        die 2 "--stream-id '${STREAM_ID}' must be 1-64 letters, digits, '-' or '_'"
    case $SNAPSHOT_MODE in
        no_data | initial) ;;
        never) SNAPSHOT_MODE=no_data ;;
        *) die 2 "--snapshot-mode '$SNAPSHOT_MODE' is not one of no_data, initial" ;;
    esac
    [[ $HEARTBEAT_MS =~ ^[0-9]+$ ]] || die 2 "--heartbeat-ms '$HEARTBEAT_MS' is not a number of milliseconds"
    [[ $HTTP_PORT =~ ^[0-9]+$ && $HTTP_PORT -le 65535 ]] || die 2 "--http-port '$HTTP_PORT' is not a port"
    [[ $STREAM_MAX_BYTES =~ ^[0-9]+$ && $STREAM_MAX_BYTES -gt 0 ]] ||
        die 2 "--stream-max-bytes '$STREAM_MAX_BYTES' is not a positive number of bytes"
    [[ $NATS_URL =~ ^(nats|tls)://[^,[:space:]]+(,(nats|tls)://[^,[:space:]]+)*$ ]] ||
        die 2 "--nats-url '$NATS_URL' is not like nats://127.0.0.1:4222"
    parse_source "$SOURCE"
    SUBJECT_PREFIX=sluice.$STREAM_ID.cdc
    JS_STREAM=SLUICE_${STREAM_ID}_CDC
    PG_NAME=sluice_$(tr 'A-Z-' 'a-z_' <<<"$STREAM_ID")
    if [[ $KIND == postgresql && ${#PG_NAME} -gt 63 ]]; then
        die 2 "--stream-id '$STREAM_ID' is too long for a PostgreSQL slot name (sluice_<id> must fit 63 characters)"
    fi
    OFFSETS_DIR=${OFFSETS_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/sluice/cdc/$STREAM_ID}
    if [[ $KIND != postgresql ]]; then
        if [[ -z $SERVER_ID && -f $OFFSETS_DIR/server-id ]]; then SERVER_ID=$(<"$OFFSETS_DIR/server-id"); fi
        [[ -n $SERVER_ID ]] || SERVER_ID=$((5400 + RANDOM % 1001))
        [[ $SERVER_ID =~ ^[0-9]+$ && $SERVER_ID -ge 1 && $SERVER_ID -le 4294967295 ]] ||
            die 2 "--server-id '$SERVER_ID' must be a number in 1..4294967295, unique among the server's replicas"
    fi
}

prop_escape() { # value escaping for .properties: backslashes, line breaks, leading blanks
    local v=${1//\\/\\\\}
    v=${v//$'\n'/\\n}
    [[ $v == [[:space:]]* ]] && v="\\$v"
    printf '%s' "$v"
}

write_config() {
    local file=$1 snapshot=$SNAPSHOT_MODE time_mode=isostring tables
    if [[ $DBZ_MAJOR -lt 3 ]]; then # 2.x: no 'no_data' yet, no ISO strings for time
        time_mode=adaptive_time_microseconds
        [[ $SNAPSHOT_MODE == no_data ]] && snapshot=$([[ $KIND == postgresql ]] && echo never || echo schema_only)
    fi
    tables=$(table_include_list)
    {
        echo "# Written by debezium-server/launch.sh for Sluice stream $STREAM_ID; rewritten on every start."
        echo "# Debezium Server $DBZ_VERSION, source $KIND $DB_HOST:$DB_PORT/${DB_NAME}"
        case $KIND in
            postgresql)
                echo "debezium.source.connector.class=io.debezium.connector.postgresql.PostgresConnector"
                echo "debezium.source.database.dbname=$(prop_escape "$DB_NAME")"
                echo "debezium.source.plugin.name=pgoutput"
                echo "debezium.source.slot.name=$PG_NAME"
                echo "debezium.source.publication.name=$PG_NAME"
                echo "debezium.source.publication.autocreate.mode=filtered"
                [[ -n $PG_SCHEMA && -z $tables ]] && echo "debezium.source.schema.include.list=$(prop_escape "$(regex_quote "$PG_SCHEMA")")"
                [[ -n $PG_SSLMODE ]] && echo "debezium.source.database.sslmode=$(prop_escape "$PG_SSLMODE")"
                ;;
            mysql | mariadb)
                if [[ $KIND == mysql ]]; then
                    echo "debezium.source.connector.class=io.debezium.connector.mysql.MySqlConnector"
                else
                    echo "debezium.source.connector.class=io.debezium.connector.mariadb.MariaDbConnector"
                fi
                echo "debezium.source.database.server.id=$SERVER_ID"
                # Also bounds the structure read (under a global read lock) at start to these databases.
                local dbs; dbs=$(database_include_list)
                [[ -n $dbs ]] && echo "debezium.source.database.include.list=$(prop_escape "$dbs")"
                echo "debezium.source.bigint.unsigned.handling.mode=precise"
                # MariaDB logs the rows of a rolled-back transaction that touched a temporary table,
                # then ROLLBACK: without look-ahead they would be published as if committed.
                echo "debezium.source.binlog.buffer.size=$BINLOG_BUFFER"
                echo "debezium.source.schema.history.internal=io.debezium.storage.file.history.FileSchemaHistory"
                echo "debezium.source.schema.history.internal.file.filename=$(prop_escape "$OFFSETS_DIR/schema-history.dat")"
                # Only the captured tables' DDL is read at start: the DDL parser cannot read everything
                # (a neighbour table with a MariaDB INET6 column stops the connector otherwise).
                [[ -n $tables ]] && echo "debezium.source.schema.history.internal.store.only.captured.tables.ddl=true"
                ;;
        esac
        echo "debezium.source.database.hostname=$(prop_escape "$DB_HOST")"
        echo "debezium.source.database.port=$DB_PORT"
        echo "debezium.source.database.user=$(prop_escape "$DB_USER")"
        echo "debezium.source.database.password=$(prop_escape "$DB_PASSWORD")"
        [[ -n $tables ]] && echo "debezium.source.table.include.list=$(prop_escape "$tables")"
        echo "debezium.source.topic.prefix=$SUBJECT_PREFIX"
        echo "debezium.source.snapshot.mode=$snapshot"
        echo "debezium.source.offset.storage=org.apache.kafka.connect.storage.FileOffsetBackingStore"
        echo "debezium.source.offset.storage.file.filename=$(prop_escape "$OFFSETS_DIR/offsets.dat")"
        echo "debezium.source.offset.flush.interval.ms=0"
        echo "debezium.source.poll.interval.ms=$POLL_INTERVAL_MS"
        echo "debezium.source.include.schema.changes=false"
        echo "debezium.source.tombstones.on.delete=false"
        echo "debezium.source.decimal.handling.mode=string"
        echo "debezium.source.time.precision.mode=$time_mode"
        echo "debezium.source.binary.handling.mode=base64"
        if [[ $HEARTBEAT_MS -gt 0 ]]; then
            # The heartbeat topic is __debezium-heartbeat.<prefix>: route it under the stream's subjects.
            echo "debezium.source.heartbeat.interval.ms=$HEARTBEAT_MS"
            echo "debezium.transforms=heartbeat"
            echo "debezium.transforms.heartbeat.type=org.apache.kafka.connect.transforms.RegexRouter"
            printf '%s\n' 'debezium.transforms.heartbeat.regex=__debezium-heartbeat\\..*'
            echo "debezium.transforms.heartbeat.replacement=$SUBJECT_PREFIX._heartbeat"
        fi
        echo "debezium.format.key=json"
        echo "debezium.format.key.schemas.enable=false"
        echo "debezium.format.value=json"
        echo "debezium.format.value.schemas.enable=false"
        # Decimals that are not strings already (BIGINT UNSIGNED) as exact JSON numbers, not base64.
        echo "debezium.format.key.decimal.format=NUMERIC"
        echo "debezium.format.value.decimal.format=NUMERIC"
        # Else the JSON converter shows a NULL as the column's default (a fake 1970-01-01 for now()).
        echo "debezium.format.key.replace.null.with.default=false"
        echo "debezium.format.value.replace.null.with.default=false"
        echo "debezium.sink.type=nats-jetstream"
        echo "debezium.sink.nats-jetstream.url=$(prop_escape "$NATS_URL")"
        echo "# The stream is created by launch.sh (JetStreamTool ensure-stream), never by the sink."
        echo "debezium.sink.nats-jetstream.create-stream=false"
        echo "debezium.sink.nats-jetstream.stream-name=$JS_STREAM"
        echo "debezium.sink.nats-jetstream.subjects=$SUBJECT_PREFIX.>"
        echo "debezium.sink.nats-jetstream.storage=file"
        echo "quarkus.http.host=127.0.0.1"
        echo "quarkus.http.port=$HTTP_PORT"
        if [[ $DBZ_MAJOR -ge 3 ]]; then
            echo "quarkus.log.console.json.enabled=false"
        else
            echo "quarkus.log.console.json=false"
        fi
        local kv
        for kv in "${EXTRA_PROPS[@]}"; do echo "${kv%%=*}=$(prop_escape "${kv#*=}")"; done
    } >"$file.tmp"
    chmod 600 "$file.tmp"
    mv "$file.tmp" "$file"
}

# ---------------------------------------------------------------- running
JAVA_CMD=()
prepare_run() {
    local runner
    runner=$(compgen -G "$DIST/debezium-server-*runner.jar" | head -n1) || true
    [[ -n $runner ]] || die 4 "no debezium-server-*runner.jar in $DIST: delete $DIST and start again"
    local opts=()
    read -r -a opts <<<"${JAVA_OPTS:-}"
    # Java 24+ refuses Debezium's deep reflection into java.lang without this.
    [[ $JDK_MAJOR -ge 24 ]] && opts+=(--add-opens java.base/java.lang=ALL-UNNAMED)
    JAVA_CMD=("$JDK_HOME/bin/java" "${opts[@]}" -cp "$runner:$DIST/lib/*" io.debezium.server.Main)
}

ensure_stream() {
    local out
    out=$(jetstream ensure-stream "$JS_STREAM" "$SUBJECT_PREFIX.>" "$STREAM_MAX_BYTES") || return 5
    log "JetStream stream $out"
}

CHILD="" STOPPING="" WATCHDOG=""
on_signal() {
    STOPPING=$1
    if [[ -n $CHILD ]] && kill -0 "$CHILD" 2>/dev/null; then
        log "got SIG$1: stopping pid $CHILD (at most ${STOP_TIMEOUT_S} s, then SIGKILL)"
        # SIGTERM whatever came in: a background child ignores SIGINT.
        kill -TERM "$CHILD" 2>/dev/null || true
        if [[ -z $WATCHDOG ]]; then
            # Without the lock fds, and taking its sleep along when cancelled.
            (
                trap 'kill "$nap" 2>/dev/null; exit 0' TERM
                sleep "$STOP_TIMEOUT_S" & nap=$!
                wait "$nap"
                kill -KILL "$CHILD" 2>/dev/null && echo "launch.sh: killed $CHILD after ${STOP_TIMEOUT_S} s" >&2
            ) 8>&- 9>&- &
            WATCHDOG=$!
        fi
    fi
}

wait_child() { # sets RC to the child's exit status, riding out the interruptions of trapped signals
    RC=0
    while :; do
        wait "$CHILD" && RC=0 || RC=$?
        kill -0 "$CHILD" 2>/dev/null || break
    done
    CHILD=""
    if [[ -n $WATCHDOG ]]; then kill "$WATCHDOG" 2>/dev/null || true; wait "$WATCHDOG" 2>/dev/null || true; WATCHDOG=""; fi
}

supervise() {
    local delay=$BACKOFF_MIN_S started ran attempt=0
    trap 'on_signal TERM' TERM
    trap 'on_signal INT' INT
    trap 'on_signal HUP' HUP
    while [[ -z $STOPPING ]]; do
        attempt=$((attempt + 1))
        started=$SECONDS
        if ensure_stream && [[ -z $STOPPING ]]; then
            log "starting Debezium Server (attempt $attempt)"
            "${JAVA_CMD[@]}" &
            CHILD=$!
            wait_child
        else
            RC=5
        fi
        ran=$((SECONDS - started))
        if [[ -n $STOPPING ]]; then
            log "stopped on SIG$STOPPING (Debezium Server exit status $RC)"
            exit 0
        fi
        # Any exit we did not ask for is a failure: Debezium Server 3.6 exits with 0 even when its
        # connector failed (seen when the NATS connection dropped), and Sluice never runs it in a
        # mode that ends by itself.
        [[ $ran -ge $HEALTHY_RUN_S ]] && delay=$BACKOFF_MIN_S
        log "Debezium Server exited with status $RC after $ran s: restarting in $delay s"
        sleep "$delay" &
        CHILD=$!
        wait_child
        delay=$((delay * 2 > BACKOFF_MAX_S ? BACKOFF_MAX_S : delay * 2))
    done
    log "stopped on SIG$STOPPING"
    exit 0
}

main() {
    local t0; t0=$(date +%s%3N)
    if [[ $MODE == fetch-only ]]; then ensure_dist; printf '%s\n' "$DIST"; exit 0; fi
    validate # bad input is reported before anything is downloaded
    pick_jdk $((DBZ_MAJOR >= 3 ? 21 : 17))
    ensure_dist
    if [[ $MODE == dry-run ]]; then # the config this start would write, password hidden; nothing kept
        local tmp; tmp=$(mktemp -d)
        write_config "$tmp/application.properties"
        sed 's/^\(debezium\.source\.database\.password=\).*/\1*****/; s#^\(debezium\.sink\.nats-jetstream\.url=.*//\)[^@/]*@#\1*****@#' "$tmp/application.properties"
        rm -rf "$tmp"
        log "Java $JDK_MAJOR at $JDK_HOME; would write $OFFSETS_DIR/config/application.properties"
        exit 0
    fi
    mkdir -p "$OFFSETS_DIR/config"
    chmod 700 "$OFFSETS_DIR"
    # One Debezium Server per offsets dir: the lock is held by the JVM (exec) or this script (supervise).
    exec 9>"$OFFSETS_DIR/.lock"
    flock -n 9 || die 2 "another launcher is running stream $STREAM_ID with $OFFSETS_DIR (lock $OFFSETS_DIR/.lock)"
    write_config "$OFFSETS_DIR/config/application.properties"
    [[ $KIND == postgresql ]] || printf '%s\n' "$SERVER_ID" >"$OFFSETS_DIR/server-id"
    build_tool
    prepare_run
    cd "$OFFSETS_DIR" # Debezium Server reads ./config/application.properties
    # shellcheck disable=SC2001
    log "Debezium Server $DBZ_VERSION on Java $JDK_MAJOR ($JDK_HOME): $KIND $DB_HOST:$DB_PORT/$DB_NAME ->" \
        "$JS_STREAM ($SUBJECT_PREFIX.>) at $(sed 's#//[^@/]*@#//***@#' <<<"$NATS_URL"), offsets in $OFFSETS_DIR"
    if [[ $MODE == supervise ]]; then
        supervise
    fi
    ensure_stream || exit 5
    log "checks done in $(($(date +%s%3N) - t0)) ms (checksum, JDK, config, JetStream stream): starting Debezium Server"
    exec "${JAVA_CMD[@]}"
}

main
