#!/usr/bin/env bash
# Sluice memory use as the data grows: MySQL -> PostgreSQL on
#   bench_mem_1m    one narrow table (bigint PK, 2 int, date, varchar(20)) of 1,000,000 rows
#   bench_mem_8m    the same table with 8,000,000 rows
#   bench_mem_blob  200 rows of one 5 MiB LONGBLOB each (1000 MiB). local/services.sh starts NATS with
#                   max_payload 8 MiB, so they fit one hub message each; on a NATS with the default 1 MiB
#                   Sluice refuses them, naming the table and key. This script reports what happens and
#                   does not work around it (a blob failure does not make it exit non-zero; a failure on
#                   1m or 8m does).
# Prints, per dataset, Sluice's peak RSS (its JVM, /usr/bin/time %M), wall time, rows/s and the status
# line of its report; appends the same to bench/results/memory-<UTC time>.csv.
#
#   bench/memory.sh [--regen] [--verify] [--sluice-args "..."] [--only 1m,8m,blob]
#
#   --regen          generate the source databases again (they are kept, with a marker, between runs)
#   --verify         let Sluice verify (default: --no-verify, as in run.sh's timed runs)
#   --sluice-args S  extra arguments for `sluice migrate`
#   --only LIST      a subset of 1m, 8m, blob
set -Eeuo pipefail
# shellcheck source=bench/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=bench/lib/dataset.sh
source "$LIB_DIR/dataset.sh"

usage() { sed -n '2,/^set -/{/^#/s/^# \{0,1\}//p}' "$0"; }

REGEN=0 VERIFY=0 SLUICE_ARGS="" ONLY=1m,8m,blob
while (($#)); do
    case $1 in
        --regen) REGEN=1 ;;
        --verify) VERIFY=1 ;;
        --sluice-args) SLUICE_ARGS=${2?--sluice-args needs a value}; shift ;;
        --sluice-args=*) SLUICE_ARGS=${1#*=} ;;
        --only) ONLY=${2:?--only needs a list}; shift ;;
        --only=*) ONLY=${1#*=} ;;
        -h | --help) usage; exit 0 ;;
        *) echo "memory.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
    shift
done
SLUICE_ARGV=()
eval "SLUICE_ARGV=($SLUICE_ARGS)"
[[ $VERIFY == 1 ]] || SLUICE_ARGV=(--no-verify "${SLUICE_ARGV[@]}")

readonly BLOB_ROWS=200 BLOB_BYTES=$((5 * 1024 * 1024))
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS=$BENCH_DIR/results
CSV=$RESULTS/memory-$STAMP.csv
LOG_DIR=$RESULTS/memory-$STAMP
mkdir -p "$LOG_DIR"
SNAP_DIR=$(mktemp -d /tmp/sluice-bench.XXXXXX)
trap 'rm -rf "$SNAP_DIR" "$SNAP_DIR.build.log"' EXIT

ensure_services
ensure_tools 0
marker_init
log "building Sluice with ./sluice and taking a copy for this benchmark"
sluice_snapshot "$SNAP_DIR"
echo "== machine"
machine_info | tee "$LOG_DIR/machine.txt"
echo "started:    $(date -u '+%Y-%m-%d %H:%M UTC'); sluice migrate ${SLUICE_ARGV[*]}" | tee -a "$LOG_DIR/machine.txt"

echo "started_utc,dataset,rows,src_bytes,wall_s,rows_per_s,peak_rss_kb,cpu_s,other_cpu_s,busy_before,exit_code,status,rows_in_target" >"$CSV"
SUMMARY=()
FAILED=0

measure() {
    local name=$1 db=$2 rows=$3 table=$4 logf status target rps bytes
    logf=$LOG_DIR/$name.log
    bytes=$(data_bytes my "$db")
    fresh_db pg bench_mem_dst
    settle
    log "$name: sluice migrate $db -> bench_mem_dst ($rows rows, $(mib "$bytes") MiB)"
    timed "$logf" "${SLUICE[@]}" migrate --from "$MY_URL_BASE/$db" --to "$PG_URL_BASE/bench_mem_dst" "${SLUICE_ARGV[@]}"
    status=$(sluice_status "$logf")
    target=$(counts pg bench_mem_dst "$table" | cut -d' ' -f2)
    rps=-  # rows/s only for a run that copied every row
    if [[ $RUN_RC == 0 && $status == FINISHED* && $target == "$rows" ]]; then
        rps=$(awk -v n="$rows" -v s="$RUN_WALL" 'BEGIN { printf "%.0f", n / s }')
    fi
    echo "\"$(date -u +%FT%TZ)\",\"$name\",$rows,$bytes,$RUN_WALL,$rps,$RUN_RSS_KB,$RUN_CPU,$RUN_OTHER_CPU,$BUSY_BEFORE,$RUN_RC,\"${status//\"/\"\"}\",\"$target\"" >>"$CSV"
    SUMMARY+=("$(printf '%-5s %10s %9s %8.1f %10s %9d %5s  %-9s %s' "$name" "$rows" "$(mib "$bytes")" "$RUN_WALL" \
        "$rps" $((RUN_RSS_KB / 1024)) "$RUN_RC" "$target" "${status:-no report}")")
    printf '    %s\n' "${SUMMARY[-1]}"
    if [[ $RUN_RC != 0 || $status != FINISHED* || $target != "$rows" ]]; then
        echo "    $name did not copy every row; last lines of $logf:"
        sed -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' "$logf" | grep -av '^\s*$' | tail -n 12 | sed 's/^/      /'
        [[ $name == blob ]] || FAILED=1
    fi
}

IFS=, read -r -a ONLY_LIST <<<"$ONLY"
for what in "${ONLY_LIST[@]}"; do
    case $what in
        1m | 8m)
            db=bench_mem_$what rows=$((${what%m} * 1000000))
            if [[ $REGEN == 1 ]] || ! dataset_current my "$db" "$rows"; then gen_my_narrow "$db" "$rows"; fi
            measure "$what" "$db" "$rows" narrow
            ;;
        blob)
            if [[ $REGEN == 1 ]] || ! dataset_current my bench_mem_blob "$BLOB_ROWS"; then
                gen_my_blobs bench_mem_blob "$BLOB_ROWS" "$BLOB_BYTES"
            fi
            measure blob bench_mem_blob "$BLOB_ROWS" blobs
            ;;
        *) die "unknown dataset '$what' in --only (use 1m, 8m, blob)" ;;
    esac
done
drop_db pg bench_mem_dst

echo
echo "== summary (CSV $CSV)"
printf '%-5s %10s %9s %8s %10s %9s %5s  %-9s %s\n' dataset rows "src MiB" "wall s" "rows/s" "RSS MiB" exit "in target" "status"
printf '%s\n' "${SUMMARY[@]}"
echo "RSS: peak resident set of the Sluice JVM (${SLUICE_JAVA_OPTS:--Xmx768m}); src MiB: MariaDB DATA_LENGTH."
exit "$FAILED"
