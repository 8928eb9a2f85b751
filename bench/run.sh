#!/usr/bin/env bash
# Sluice throughput benchmark against the usual peers, on the local servers (see docs/benchmarks.md).
#
#   bench/run.sh [--rows N] [--runs K] [--pairs my2pg,pg2pg,my2my,pg2my] [--regen]
#                [--sluice-args "..."] [--pgloader-args "..."] [--quick]
#
#   --rows N          dataset size, rows over all tables (default 4000000)
#   --runs K          timed runs per tool and pair (default 3), Sluice and the peer alternating
#   --pairs LIST      which of my2pg (vs pgloader), pg2pg (vs pg_dump | psql), my2my (vs mysqldump |
#                     mariadb), pg2my (Sluice only); default all four
#   --regen           generate the source datasets again even when their marker says they are current
#   --sluice-args S   extra arguments for every `sluice migrate`, e.g. "--bundle 5000 --writers 4"
#   --pgloader-args S arguments for pgloader before its two URLs; default "--with 'prefetch rows = 10000'":
#                     with its defaults (prefetch rows = 100000) pgloader 3.6.9 from Debian died here on
#                     4M rows with "Heap exhausted during garbage collection"; pass "" to run it so
#   --quick           smoke test: --rows 200000 --runs 1 (a later --rows / --runs still wins)
#
# Environment: IDLE_THRESHOLD (default 0.25) and IDLE_MAX_WAIT (default 90 s): before each run the script
# waits until less than that fraction of both cores is busy, for at most that long, then measures anyway;
# the CSV records how busy the machine was before (busy_before, load_before) and during (other_cpu_s) each
# run. SLUICE_JAVA_OPTS as for ./sluice (default -Xmx768m).
#
# Generates the "employees-like" dataset in MariaDB and PostgreSQL database bench_src (skipped when
# bench_meta.marker says it holds N rows), installs pgloader if missing, then per pair: a fresh target
# database bench_dst before every run; Sluice with --no-verify and the peer alternately, each run timed
# and its target row counts checked against the source; then one Sluice run with verification on, to
# time the verification. Writes bench/results/<UTC time>.csv (one line per run) and the runs' logs in
# bench/results/<UTC time>/, and prints the machine and a summary. Exit 1 if any run failed.
set -Eeuo pipefail
# shellcheck source=bench/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=bench/lib/dataset.sh
source "$LIB_DIR/dataset.sh"

usage() { sed -n '3,/^set -/{/^#/s/^# \{0,1\}//p}' "$0"; }

ROWS=4000000 RUNS=3 PAIRS=my2pg,pg2pg,my2my,pg2my REGEN=0 SLUICE_ARGS=""
PGLOADER_ARGS="--with 'prefetch rows = 10000'"
while (($#)); do
    case $1 in
        --rows) ROWS=${2:?--rows needs a number}; shift ;;
        --rows=*) ROWS=${1#*=} ;;
        --runs) RUNS=${2:?--runs needs a number}; shift ;;
        --runs=*) RUNS=${1#*=} ;;
        --pairs) PAIRS=${2:?--pairs needs a list}; shift ;;
        --pairs=*) PAIRS=${1#*=} ;;
        --regen) REGEN=1 ;;
        --sluice-args) SLUICE_ARGS=${2?--sluice-args needs a value}; shift ;;
        --sluice-args=*) SLUICE_ARGS=${1#*=} ;;
        --pgloader-args) PGLOADER_ARGS=${2?--pgloader-args needs a value}; shift ;;
        --pgloader-args=*) PGLOADER_ARGS=${1#*=} ;;
        --quick) ROWS=200000 RUNS=1 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "run.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
    shift
done
[[ $ROWS =~ ^[0-9]+$ ]] || die "--rows must be a whole number (got '$ROWS')"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive whole number (got '$RUNS')"
IFS=, read -r -a PAIR_LIST <<<"$PAIRS"
NEED_MY=0 NEED_PG=0 NEED_PGLOADER=0
for p in "${PAIR_LIST[@]}"; do
    case $p in
        my2pg) NEED_MY=1 NEED_PGLOADER=1 ;;
        pg2pg | pg2my) NEED_PG=1 ;;
        my2my) NEED_MY=1 ;;
        *) die "unknown pair '$p' in --pairs (use my2pg, pg2pg, my2my, pg2my)" ;;
    esac
done
# Word-split like a shell would, quotes included (so --pgloader-args "--with 'prefetch rows = 10000'" works).
SLUICE_ARGV=() PGLOADER_ARGV=()
eval "SLUICE_ARGV=($SLUICE_ARGS)"
eval "PGLOADER_ARGV=($PGLOADER_ARGS)"

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS=$BENCH_DIR/results
CSV=$RESULTS/$STAMP.csv
LOG_DIR=$RESULTS/$STAMP
mkdir -p "$LOG_DIR"
SNAP_DIR=$(mktemp -d /tmp/sluice-bench.XXXXXX)
trap 'rm -rf "$SNAP_DIR" "$SNAP_DIR.build.log"' EXIT

ensure_services
ensure_tools "$NEED_PGLOADER"
marker_init
log "building Sluice with ./sluice and taking a copy for this benchmark"
sluice_snapshot "$SNAP_DIR"

echo "== machine" | tee "$LOG_DIR/machine.txt"
machine_info | tee -a "$LOG_DIR/machine.txt"
echo "started:    $(date -u '+%Y-%m-%d %H:%M UTC'); rows $ROWS, runs $RUNS, pairs $PAIRS, sluice args '${SLUICE_ARGS}', pgloader args '${PGLOADER_ARGS}'" | tee -a "$LOG_DIR/machine.txt"

# ---- sources ----------------------------------------------------------------------------------------
declare -A EXPECTED SRC_BYTES
prepare_source() {
    local engine=$1 name t0
    name=$([[ $engine == my ]] && echo MariaDB || echo PostgreSQL)
    if [[ $REGEN == 1 ]] || ! dataset_current "$engine" bench_src "$ROWS"; then
        t0=$(date +%s)
        if [[ $engine == my ]]; then gen_my_employees bench_src "$ROWS"; else gen_pg_employees bench_src "$ROWS"; fi
        log "generated $name bench_src in $(($(date +%s) - t0)) s"
    else
        log "$name bench_src already holds $ROWS rows (bench_meta.marker; --regen to generate again)"
    fi
    EXPECTED[$engine]=$(counts "$engine" bench_src "${BENCH_TABLES[@]}")
    local total
    total=$(awk '{s += $2} END {print s}' <<<"${EXPECTED[$engine]}")
    [[ $total == "$ROWS" ]] || die "$name bench_src holds $total rows, not $ROWS: rerun with --regen"$'\n'"${EXPECTED[$engine]}"
    SRC_BYTES[$engine]=$(data_bytes "$engine" bench_src)
    echo "source:     $name bench_src: $(tr '\n' ' ' <<<"${EXPECTED[$engine]}")= $total rows; data $(mib "${SRC_BYTES[$engine]}") MiB ($([[ $engine == my ]] && echo 'sum of DATA_LENGTH' || echo 'sum of pg_table_size')), $(mib "$(total_bytes "$engine" bench_src)") MiB with indexes" | tee -a "$LOG_DIR/machine.txt"
}
if [[ $NEED_MY == 1 ]]; then prepare_source my; fi
if [[ $NEED_PG == 1 ]]; then prepare_source pg; fi

# ---- runs -------------------------------------------------------------------------------------------
csv_field() { local v=${1//\"/\"\"} && printf '"%s"' "$v"; }
csv_row() {
    local out="" f
    for f in "$@"; do out+="$(csv_field "$f"),"; done
    printf '%s\n' "${out%,}" >>"$CSV"
}
printf '%s\n' "started_utc,pair,tool,run,rows,src_bytes,wall_s,rows_per_s,mib_per_s,peak_rss_kb,cpu_s,other_cpu_s,busy_before,load_before,exit_code,result,verify_s,sluice_rev,tool_args" >"$CSV"

FAILED=0
url() { if [[ $1 == my ]]; then echo "$MY_URL_BASE/$2"; else echo "$PG_URL_BASE/$2"; fi; }

# check_target PAIR TOOL LOG: sets RESULT ("ok" or "FAIL: why") from the exit code, Sluice's report
# and the target's row counts.
check_target() {
    local tool=$2 logf=$3 status actual
    RESULT=ok
    if [[ $RUN_RC != 0 ]]; then
        RESULT="FAIL: exit code $RUN_RC"
    fi
    if [[ $tool == sluice ]]; then
        status=$(sluice_status "$logf")
        if [[ $status != FINISHED* ]]; then
            RESULT="FAIL: report status '${status:-none}'"
        fi
    fi
    actual=$(counts "$DST" bench_dst "${BENCH_TABLES[@]}")
    if ! check_counts "${EXPECTED[$SRC]}" "$actual"; then
        if [[ $RESULT == ok ]]; then RESULT="FAIL: "; else RESULT+="; "; fi
        RESULT+="target row counts differ from the source"
    fi
}

report_failure() {
    local what=$1 logf=$2
    FAILED=1
    {
        echo
        echo "!!!!! $what: $RESULT"
        echo "!!!!! last lines of $logf:"
        tail -n 15 "$logf" | sed -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/^/    /'
        echo
    } >&2
}

one_run() {
    local pair=$1 tool=$2 i=$3 logf args rps mibps
    logf=$LOG_DIR/$pair-$tool-$i.log
    fresh_db "$DST" bench_dst
    settle
    log "$pair $tool run $i/$RUNS"
    case $tool in
        sluice)
            args="migrate --from $FROM --to $TO --no-verify $SLUICE_ARGS"
            timed "$logf" "${SLUICE[@]}" migrate --from "$FROM" --to "$TO" --no-verify "${SLUICE_ARGV[@]}" ;;
        pgloader)
            args="${PGLOADER_ARGS:+$PGLOADER_ARGS }$MY_URL_BASE/bench_src $PG_URL_BASE/bench_dst"
            timed "$logf" pgloader --summary "$LOG_DIR/$pair-pgloader-$i.summary" "${PGLOADER_ARGV[@]}" \
                "$MY_URL_BASE/bench_src" "$PG_URL_BASE/bench_dst" ;;
        pg_dump)
            args="pg_dump bench_src | psql -q -v ON_ERROR_STOP=1 bench_dst"
            timed "$logf" bash -c 'set -o pipefail
                pg_dump -h 127.0.0.1 -U postgres -d bench_src |
                    psql -h 127.0.0.1 -U postgres -d bench_dst -X -q -v ON_ERROR_STOP=1' ;;
        mysqldump)
            args="mysqldump --single-transaction bench_src | mariadb bench_dst"
            timed "$logf" bash -c 'set -o pipefail
                mysqldump --protocol=tcp -h127.0.0.1 -uroot --default-character-set=utf8mb4 --single-transaction bench_src |
                    mariadb --protocol=tcp -h127.0.0.1 -uroot --default-character-set=utf8mb4 bench_dst' ;;
    esac
    check_target "$pair" "$tool" "$logf"
    rps=$(awk -v n="$ROWS" -v s="$RUN_WALL" 'BEGIN { printf "%.0f", n / s }')
    mibps=$(awk -v b="${SRC_BYTES[$SRC]}" -v s="$RUN_WALL" 'BEGIN { printf "%.2f", b / 1048576 / s }')
    csv_row "$(date -u +%FT%TZ)" "$pair" "$tool" "$i" "$ROWS" "${SRC_BYTES[$SRC]}" "$RUN_WALL" "$rps" "$mibps" \
        "$RUN_RSS_KB" "$RUN_CPU" "$RUN_OTHER_CPU" "$BUSY_BEFORE" "$LOAD_BEFORE" "$RUN_RC" "$RESULT" "" "$SLUICE_REV" "$args"
    printf '    %-6s %-9s run %d: %8.1f s  %10s rows/s  %7s MiB/s  peak RSS %5d MiB  cpu %6.1f s  other cpu %5.1f s  [%s]\n' \
        "$pair" "$tool" "$i" "$RUN_WALL" "$(printf "%'d" "$rps")" "$mibps" $((RUN_RSS_KB / 1024)) "$RUN_CPU" "$RUN_OTHER_CPU" "$RESULT"
    if [[ $RESULT != ok ]]; then
        report_failure "$pair $tool run $i" "$logf"
        return 1
    fi
}

# One Sluice run with its verification on, on a pseudo-terminal: Sluice prints "verifying:" there just
# before it verifies, so the time from that line to the end is the verification time.
verify_run() {
    local pair=$1 out seen status verify_s=""
    local logf=$LOG_DIR/$pair-sluice-verify.log
    fresh_db "$DST" bench_dst
    settle
    log "$pair sluice with verification"
    local before after
    before=$(python3 "$LIB_DIR/cpu.py" snap)
    out=$(python3 "$LIB_DIR/ptyrun.py" "$logf" "verifying:" -- "${SLUICE[@]}" migrate --from "$FROM" --to "$TO" "${SLUICE_ARGV[@]}")
    after=$(python3 "$LIB_DIR/cpu.py" snap)
    read -r RUN_RC RUN_WALL seen RUN_RSS_KB RUN_CPU <<<"$out"
    RUN_OTHER_CPU=$(python3 "$LIB_DIR/cpu.py" other "$before" "$after" "$RUN_CPU")
    check_target "$pair" sluice "$logf"
    status=$(sluice_status "$logf")
    if [[ $RESULT == ok && $status != *verified* ]]; then
        RESULT="FAIL: report status '$status' (expected tables verified)"
    fi
    if [[ $seen != -1.00 ]]; then
        verify_s=$(awk -v w="$RUN_WALL" -v s="$seen" 'BEGIN { printf "%.2f", w - s }')
    fi
    csv_row "$(date -u +%FT%TZ)" "$pair" sluice verify "$ROWS" "${SRC_BYTES[$SRC]}" "$RUN_WALL" \
        "$(awk -v n="$ROWS" -v s="$RUN_WALL" 'BEGIN { printf "%.0f", n / s }')" \
        "$(awk -v b="${SRC_BYTES[$SRC]}" -v s="$RUN_WALL" 'BEGIN { printf "%.2f", b / 1048576 / s }')" \
        "$RUN_RSS_KB" "$RUN_CPU" "$RUN_OTHER_CPU" "$BUSY_BEFORE" "$LOAD_BEFORE" "$RUN_RC" "$RESULT" "$verify_s" \
        "$SLUICE_REV" "migrate --from $FROM --to $TO $SLUICE_ARGS"
    printf '    %-6s %-9s with verification: %.1f s, of which verification %s s, peak RSS %d MiB  [%s]\n' \
        "$pair" sluice "$RUN_WALL" "${verify_s:-?}" $((RUN_RSS_KB / 1024)) "$RESULT"
    [[ $RESULT == ok ]] || report_failure "$pair sluice verified run" "$logf"
    if [[ -z $verify_s && $RESULT == ok ]]; then
        log "no 'verifying:' line in $logf: verification time unknown (did Sluice change what it prints?)"
    fi
}

for pair in "${PAIR_LIST[@]}"; do
    case $pair in
        my2pg) SRC=my DST=pg PEER=pgloader ;;
        pg2pg) SRC=pg DST=pg PEER=pg_dump ;;
        my2my) SRC=my DST=my PEER=mysqldump ;;
        pg2my) SRC=pg DST=my PEER="" ;;
    esac
    FROM=$(url "$SRC" bench_src) TO=$(url "$DST" bench_dst)
    echo
    echo "== $pair: $FROM -> $TO, Sluice${PEER:+ vs $PEER}, $RUNS run(s) each"
    # A failed run is reported at once and counted in the summary; the other runs still go ahead, so an
    # intermittent failure shows as e.g. "2/3 ok" next to the medians of the runs that passed.
    for ((i = 1; i <= RUNS; i++)); do
        one_run "$pair" sluice "$i" || true
        if [[ -n $PEER ]]; then one_run "$pair" "$PEER" "$i" || true; fi
    done
    verify_run "$pair"
    drop_db "$DST" bench_dst
done

echo
echo "== summary ($ROWS rows; CSV $CSV)"
python3 "$LIB_DIR/summarize.py" "$CSV" || FAILED=1
if [[ $FAILED == 1 ]]; then
    echo
    echo "bench: SOME RUNS FAILED (see above and the logs in $LOG_DIR)" >&2
    exit 1
fi
