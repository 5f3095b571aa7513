#!/usr/bin/env bash
# Stream benchmark ("parse + decode + select"): builds wikichime-bench (release), writes a corpus
# to a temp dir, runs the Swift pipeline and the Python baseline on it, prints a table.
# It reports numbers only: a slow result never fails (exit status is non-zero only on a crash or
# a build error). Environment: EVENTS (corpus size, default 200000), REPEAT (best of N, default 5),
# LANGUAGES (space-separated selections to run, default "en,de all").
set -euo pipefail

cd "$(dirname "$0")/../.."
EVENTS="${EVENTS:-200000}"
REPEAT="${REPEAT:-5}"
LANGUAGES="${LANGUAGES:-en,de all}"
PYTHON="${PYTHON:-python3}"

swift build -c release --product wikichime-bench >&2
BIN="$(swift build -c release --show-bin-path)/wikichime-bench"

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
"$BIN" make-corpus "$TMP/corpus.sse" "$EVENTS" >&2

results=()
for langs in $LANGUAGES; do
    swift_json="$("$BIN" stream "$TMP/corpus.sse" --languages "$langs" --repeat "$REPEAT" --json)"
    py_json="$("$PYTHON" Tests/Benchmarks/stream_baseline.py "$TMP/corpus.sse" --languages "$langs" --repeat "$REPEAT" --json)"
    results+=("$langs" "$swift_json" "$py_json")
done

"$PYTHON" - "${results[@]}" <<'EOF'
import json, sys
args = sys.argv[1:]
print(f"{'languages':<10} {'events':>8} {'selected':>8} {'swift ev/s':>12} {'swift MB/s':>10} "
      f"{'python ev/s':>12} {'ratio':>7}  goal")
for i in range(0, len(args), 3):
    langs, s, p = args[i], json.loads(args[i + 1]), json.loads(args[i + 2])
    ratio = s["events_per_second"] / p["events_per_second"]
    same = "" if s["selected"] == p["selected"] else f"  (python selected {p['selected']}!)"
    goal = ">=5x baseline: " + ("met" if ratio >= 5 else "not met")
    print(f"{langs:<10} {s['events']:>8} {s['selected']:>8} {s['events_per_second']:>12.0f} "
          f"{s['bytes_per_second'] / 1e6:>10.1f} {p['events_per_second']:>12.0f} {ratio:>6.1f}x  {goal}{same}")
EOF
