#!/usr/bin/env bash
# The performance report (issue 7): builds wikichime as it ships (Board/dev.sh release: the Swift
# and C++ runtimes static, stripped, as the Pi's) and wikichime-bench, runs every benchmark of the
# project and prints one table: benchmark, measured, goal, the baseline measured in the same run,
# met? Numbers only: a slow result never fails (the exit status is non-zero only when something
# could not run).
#
#   Tests/Benchmarks/report.sh [--markdown | --json]
#
# Environment: DURATION (seconds of events in the whole-program runs, default 120), EVENTS (stream
# corpus, default 100000), REPEAT (best of N for the stream, default 3), SYNTH_SECONDS (audio per
# synth run, default 10), STARTUP_RUNS (default 5), SCRATCH_PATH (SwiftPM's build folder for
# both, default .build-release: not .build, where `Board/dev.sh run` builds without the static
# flags), PYTHON. Takes DURATION + about 40 s once built (Tests/Benchmarks/README.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
format=text
case "${1:-}" in
    "") ;;
    --markdown) format=markdown ;;
    --json) format=json ;;
    *) echo "usage: $0 [--markdown | --json]" >&2; exit 2 ;;
esac
DURATION="${DURATION:-120}"
EVENTS="${EVENTS:-100000}"
REPEAT="${REPEAT:-3}"
SYNTH_SECONDS="${SYNTH_SECONDS:-10}"
STARTUP_RUNS="${STARTUP_RUNS:-5}"
SCRATCH_PATH="${SCRATCH_PATH:-.build-release}"
PYTHON="${PYTHON:-python3}"
[ -x /opt/swift/usr/bin/swift ] && ! command -v swift >/dev/null && export PATH="/opt/swift/usr/bin:$PATH"
started=$(date +%s)
step() { echo "== $* ($(( $(date +%s) - started )) s)" >&2; }

# The start-up and whole-program rows run the binary that ships: Board/dev.sh release links it as
# Board/cross-build.sh links the Pi's (the Swift and C++ runtimes static, stripped) and prints its
# path. wikichime-bench is built in the same folder with the same compiler flags (only the link
# differs), so neither build recompiles the other's modules.
step "building wikichime as shipped (Board/dev.sh release) and wikichime-bench (release, static Swift runtime)"
wikichime="$(SCRATCH_PATH="$SCRATCH_PATH" Board/dev.sh release | tail -n 1)"
[ -x "$wikichime" ] || { echo "report.sh: Board/dev.sh release printed no binary ($wikichime)" >&2; exit 1; }
build=(swift build -c release --static-swift-stdlib --scratch-path "$SCRATCH_PATH")
"${build[@]}" --product wikichime-bench >&2
bench="$("${build[@]}" --show-bin-path)/wikichime-bench"
# Whether the C++ runtime is in the binary (dev.sh links it dynamically when there is no libstdc++.a).
cxx_runtime=static
ldd "$wikichime" 2>/dev/null | grep -q 'libstdc++' && cxx_runtime=dynamic
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

step "parse + decode + select: $EVENTS events, best of $REPEAT, against Python's json"
"$bench" make-corpus "$out/corpus.sse" "$EVENTS" >&2
for langs in en,de all; do
    "$bench" stream "$out/corpus.sse" --languages "$langs" --repeat "$REPEAT" --json > "$out/stream-$langs.json"
    "$PYTHON" Tests/Benchmarks/stream_baseline.py "$out/corpus.sse" --languages "$langs" --repeat "$REPEAT" --json \
        > "$out/python-$langs.json"
done
rm "$out/corpus.sse"
step "score"
"$bench" score --json > "$out/score.json"
step "synth at 1, 16 and 64 voices"
"$bench" synth --voices 1,16,64 --seconds "$SYNTH_SECONDS" --json > "$out/synth.json"
step "an edit from JSON to samples; the audio queue's latency"
"$bench" sound --json > "$out/sound.json"
step "start to first sound"
"$PYTHON" Tests/Benchmarks/startup.py "$wikichime" --runs "$STARTUP_RUNS" --json > "$out/startup.json"
step "the whole program at 50 events/s for $DURATION s, from a replay file and through libcurl side by side"
"$PYTHON" Tests/Benchmarks/whole_program.py "$wikichime" --duration "$DURATION" --stream --json \
    > "$out/whole-stream.json" &
streamed=$!
"$PYTHON" Tests/Benchmarks/whole_program.py "$wikichime" --duration "$DURATION" --json > "$out/whole.json"
wait "$streamed" || echo "report.sh: the whole-program run through libcurl could not run" >&2

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
"$PYTHON" - "$out/meta.json" "${cpu:-$(uname -m)}" "$(nproc)" "$(swift --version 2>&1 | head -n 1)" \
    "$(stat -c %s "$wikichime")" "$cxx_runtime" "$(( $(date +%s) - started ))" <<'EOF'
import json, sys
path, cpu, cores, swift, size, cxx, seconds = sys.argv[1:]
json.dump({"cpu": cpu, "cores": int(cores), "swift": swift, "binary_bytes": int(size), "cxx_runtime": cxx,
           "report_seconds": int(seconds)}, open(path, "w"))
EOF
step "done"
# Exits 1 (and so does this script) when the whole-program run failed: it could not run.
"$PYTHON" Tests/Benchmarks/report_table.py "$out" --format "$format"
