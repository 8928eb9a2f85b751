#!/usr/bin/env bash
# Sluice change data capture under a steady change load (see docs/benchmarks.md, "CDC").
#
#   bench/cdc.sh [--rates 1000,5000,10000] [--duration 60] [--pairs my2pg,pg2my] [--seed-rows 100000]
#                [--threads N] [--quick]
#
#   --rates LIST      offered change rates, changes per second (default 1000,5000,10000)
#   --duration S      seconds of load per rate (default 60)
#   --pairs LIST      my2pg (MariaDB source, PostgreSQL target) and/or pg2my (the other way); default both
#   --seed-rows N     rows in the source table before replication starts (copied first; default 100000)
#   --threads N       load generator connections (default: one per 250 changes/s, 2 to 24: one connection
#                     commits only a few hundred transactions per second here)
#   --quick           smoke test: --rates 1000 --duration 15 --seed-rows 10000
#
# Per pair and rate: a fresh source and target database (bench_cdc_src / bench_cdc_dst), table
# cdc_events (bigint key, int, varchar, decimal) seeded with N rows; `sluice replicate` (convert then cdc,
# stream id benchcdc_<pair>_<rate>_<time>) starts and copies them; then bench/lib/CdcLoad.java offers RATE
# changes/s for S seconds, in transactions of 4 changes (about 50 % inserts, 35 % updates, 15 % deletes,
# half of the deletes of rows inserted a moment before). When nothing waits in JetStream any more,
# replicate is stopped (SIGTERM) and its final report gives the lag (source commit to target commit)
# p50/p99 over every change; the table is compared row by row on both sides; `sluice cleanup` removes the
# stream. Prints one line per run and writes bench/results/cdc-<UTC time>.csv plus the logs in
# bench/results/cdc-<UTC time>/. Exit 1 if a run failed or source and target differ.
#
# Needs the local PostgreSQL, MariaDB and NATS (local/services.sh) and Debezium Server (fetched by
# debezium-server/launch.sh on first use). Environment: SLUICE_JAVA_OPTS as for ./sluice.
set -Eeuo pipefail
# shellcheck source=bench/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() { sed -n '3,/^set -/{/^#/s/^# \{0,1\}//p}' "$0"; }

RATES=1000,5000,10000 DURATION=60 PAIRS=my2pg,pg2my SEED_ROWS=100000 THREADS=""
while (($#)); do
    case $1 in
        --rates) RATES=${2:?--rates needs a list}; shift ;;
        --rates=*) RATES=${1#*=} ;;
        --duration) DURATION=${2:?--duration needs seconds}; shift ;;
        --duration=*) DURATION=${1#*=} ;;
        --pairs) PAIRS=${2:?--pairs needs a list}; shift ;;
        --pairs=*) PAIRS=${1#*=} ;;
        --seed-rows) SEED_ROWS=${2:?--seed-rows needs a number}; shift ;;
        --seed-rows=*) SEED_ROWS=${1#*=} ;;
        --threads) THREADS=${2:?--threads needs a number}; shift ;;
        --threads=*) THREADS=${1#*=} ;;
        --quick) RATES=1000 DURATION=15 SEED_ROWS=10000 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "cdc.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
    shift
done
[[ $RATES =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || die "--rates must be positive whole numbers separated by commas (got '$RATES')"
[[ $DURATION =~ ^[1-9][0-9]*$ ]] || die "--duration must be a positive whole number of seconds (got '$DURATION')"
[[ $SEED_ROWS =~ ^[0-9]+$ ]] || die "--seed-rows must be a whole number (got '$SEED_ROWS')"
[[ -z $THREADS || $THREADS =~ ^[1-9][0-9]*$ ]] || die "--threads must be a positive whole number (got '$THREADS')"
IFS=, read -r -a RATE_LIST <<<"$RATES"
IFS=, read -r -a PAIR_LIST <<<"$PAIRS"
for p in "${PAIR_LIST[@]}"; do
    [[ $p == my2pg || $p == pg2my ]] || die "--pairs: '$p' is not my2pg or pg2my"
done

ensure_services
ensure_tools 0
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$BENCH_DIR/results/cdc-$STAMP
mkdir -p "$OUT"
CSV=$BENCH_DIR/results/cdc-$STAMP.csv
sluice_snapshot "$OUT/sluice"
export SLUICE_HOME=$REPO_DIR
LOAD=(java -Xmx512m -cp "$OUT/sluice/sluice-cli.jar:$OUT/sluice/lib/*" "$LIB_DIR/CdcLoad.java")
MY_URL="mariadb://root@127.0.0.1:3306"

machine_info | tee "$OUT/machine.txt"
echo "pair,offered_per_s,seconds,threads,generated,achieved_per_s,captured,applied,applied_per_s,catch_up_s,lag_p50_ms,lag_p99_ms,lag_samples,equal" >"$CSV"

# status ID: "captured applied waiting" of a running replicate, or nothing
status() {
    "${SLUICE[@]}" status "$1" 2>/dev/null | sed -n 's/.*(captured \([0-9,]*\), applied \([0-9,]*\), \([0-9,-]*\) waiting.*/\1 \2 \3/p' | tr -d ,
}

FAILED=0
for pair in "${PAIR_LIST[@]}"; do
    if [[ $pair == my2pg ]]; then
        src_kind=my dst_kind=pg SRC=$MY_URL/bench_cdc_src DST=$PG_URL_BASE/bench_cdc_dst
    else
        src_kind=pg dst_kind=my SRC=$PG_URL_BASE/bench_cdc_src DST=$MY_URL/bench_cdc_dst
    fi
    for rate in "${RATE_LIST[@]}"; do
        threads=${THREADS:-$(((rate + 249) / 250))}
        if [[ -z $THREADS ]]; then ((threads < 2)) && threads=2; ((threads > 24)) && threads=24; fi
        id=benchcdc_${pair}_${rate}_$(date +%s)
        run=$OUT/$pair-$rate
        log "$pair at $rate changes/s for $DURATION s ($threads connections), stream $id"
        fresh_db "$src_kind" bench_cdc_src
        fresh_db "$dst_kind" bench_cdc_dst
        "${LOAD[@]}" setup "$SRC" "$SEED_ROWS" >"$run.setup.log" 2>&1 || die "could not set up the source table: see $run.setup.log"
        "${SLUICE[@]}" replicate --from "$SRC" --to "$DST" --id "$id" >"$run.replicate.log" 2>&1 &
        rpid=$!
        waited=0
        until grep -q "sluice: applying changes" "$run.replicate.log"; do
            kill -0 "$rpid" 2>/dev/null || { tail -n 20 "$run.replicate.log" >&2; die "replicate exited before applying changes: see $run.replicate.log"; }
            ((waited++ < 600)) || die "replicate did not start applying changes within 300 s: see $run.replicate.log"
            sleep 0.5
        done
        t0=$(date +%s%N)
        "${LOAD[@]}" run "$SRC" "$rate" "$DURATION" "$threads" >"$run.load.log" 2>&1 || { tail -n 5 "$run.load.log" >&2; die "the load generator failed: see $run.load.log"; }
        t_load=$(date +%s%N)
        read -r generated achieved < <(python3 -c 'import json,sys; j=json.loads(open(sys.argv[1]).read().strip().splitlines()[-1]); print(j["changes"], round(j["achieved"], 1))' "$run.load.log")
        # caught up: nothing waits in JetStream and everything delivered is applied, twice in a row
        caught=0 t_caught=0 tries=0
        while ((caught < 2)); do
            read -r c a w < <(status "$id"; echo "- - -") || true
            if [[ $w == 0 && $c == "$a" ]]; then
                ((caught == 0)) && t_caught=$(date +%s%N)
                caught=$((caught + 1))
            else
                caught=0
            fi
            ((tries++ < 600)) || { log "replicate did not catch up within 20 minutes"; break; }
            sleep 2
        done
        kill -TERM "$rpid"
        wait "$rpid" || true
        report=$(grep -E '^  total: captured' "$run.replicate.log" | tail -n 1)
        captured=$(sed -n 's/.*captured \([0-9,]*\),.*/\1/p' <<<"$report" | tr -d ,)
        applied=$(sed -n 's/.*applied \([0-9,]*\);.*/\1/p' <<<"$report" | tr -d ,)
        p50=$(sed -n 's/.*lag p50 \([0-9-]*\)\( ms\)\{0,1\},.*/\1/p' <<<"$report")
        p99=$(sed -n 's/.*p99 \([0-9-]*\)\( ms\)\{0,1\} (.*/\1/p' <<<"$report")
        samples=$(sed -n 's/.*(\([0-9,]*\) samples).*/\1/p' <<<"$report" | tr -d ,)
        if "${LOAD[@]}" verify "$SRC" "$DST" >"$run.verify.log" 2>&1; then equal=yes; else equal=no FAILED=1; fi
        "${SLUICE[@]}" cleanup "$id" --from "$SRC" --to "$DST" >"$run.cleanup.log" 2>&1 || log "cleanup failed: see $run.cleanup.log"
        if ((t_caught == 0)); then
            catch_up=NA applied_rate=NA FAILED=1
        else
            catch_up=$(awk -v a="$t_load" -v b="$t_caught" 'BEGIN { d = (b - a) / 1e9; printf "%.1f", d < 0 ? 0 : d }')
            applied_rate=$(awk -v n="${applied:-0}" -v a="$t0" -v b="$t_caught" 'BEGIN { printf "%.1f", n / ((b - a) / 1e9) }')
        fi
        echo "$pair,$rate,$DURATION,$threads,$generated,$achieved,$captured,$applied,$applied_rate,$catch_up,$p50,$p99,$samples,$equal" >>"$CSV"
        printf '%s  offered %6s/s  achieved %8s/s  applied %8s/s  catch-up %5s s  lag p50 %6s ms  p99 %6s ms  source == target: %s\n' \
            "$pair" "$rate" "$achieved" "$applied_rate" "$catch_up" "$p50" "$p99" "$equal"
    done
done
drop_db my bench_cdc_src; drop_db my bench_cdc_dst; drop_db pg bench_cdc_src; drop_db pg bench_cdc_dst
log "results: $CSV (logs in $OUT)"
exit "$FAILED"
