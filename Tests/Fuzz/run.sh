#!/usr/bin/env bash
# Fuzzes the SSE parser, the event decoder and the config reader with libFuzzer + AddressSanitizer.
#   Tests/Fuzz/run.sh [SECONDS_PER_TARGET]     default 60; e.g. 3600 for a long run
#   RUNS=1000000 Tests/Fuzz/run.sh            a fixed number of executions per target instead
# Seeds come from the recorded events and the shipped config; a crash stops the run with the
# input saved under .build-fuzz/crashes/ (keep it as a regression test when you fix it).
# Exits non-zero on a crash; prints executions and peak memory per target.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
seconds="${1:-60}"
work=.build-fuzz
mkdir -p "$work/crashes"

echo "fuzz: building (release, -sanitize=fuzzer,address)"
for target in FuzzSSE FuzzEvent FuzzConfig; do
    WIKICHIME_FUZZ=1 swift build -c release --scratch-path "$work" --product "$target" \
        -Xswiftc -sanitize=fuzzer,address 2>&1 | grep -vE "Cannot export local symbol" | grep -E "error|warning: unre" || true
    [ -x "$work/release/$target" ] || { echo "fuzz: $target did not build" >&2; exit 1; }
done

# Seed corpora, rebuilt each run from the fixtures (the fuzzer adds what it finds beside them).
seeds="$work/seeds"
rm -rf "$seeds"
mkdir -p "$seeds/FuzzSSE" "$seeds/FuzzEvent" "$seeds/FuzzConfig"
fixtures=Tests/TestSupport/Fixtures
cp "$fixtures/sse-capture-wiki_visualizer-2022-12-11.txt" "$seeds/FuzzSSE/capture"
head -c 6000 "$fixtures/recentchange-sample.jsonl" | sed 's/^/data: /; s/$/\n/' > "$seeds/FuzzSSE/events"
split -l 1 -a 3 "$fixtures/recentchange-sample.jsonl" "$seeds/FuzzEvent/line-"
cp Config/wikichime.conf "$seeds/FuzzConfig/shipped"
printf 'languages = en, de\nvolume = 150\nquiet_hours = 19:00-08:00\nbogus line\n' > "$seeds/FuzzConfig/errors"

status=0
for target in FuzzSSE FuzzEvent FuzzConfig; do
    corpus="$work/corpus/$target"
    mkdir -p "$corpus"
    limit=(-max_total_time="$seconds")
    [ -n "${RUNS:-}" ] && limit=(-runs="$RUNS")
    log="$work/$target.log"
    if "$work/release/$target" "$corpus" "$seeds/$target" "${limit[@]}" -max_len=16384 -rss_limit_mb=512 \
        -artifact_prefix="$work/crashes/$target-" -print_final_stats=1 > "$log" 2>&1; then
        runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
        rss=$(grep -o 'stat::peak_rss_mb: *[0-9]*' "$log" | grep -o '[0-9]*$')
        echo "fuzz: $target: no crash in $runs executions, peak RSS $rss MB"
    else
        echo "fuzz: $target FAILED (crash, leak or memory limit); the input is in $work/crashes/:" >&2
        grep -E "ERROR|SUMMARY|Test unit written|precondition|Fatal" "$log" | head -10 >&2
        status=1
    fi
done
exit $status
