#!/usr/bin/env bash
# The soak (issue 7): EVENTS events of the live stream (default 4 320 000: a day at 50/s) from a
# local server that cuts the connection every few thousand events, through the whole box on a
# virtual clock, as fast as it takes them; prints resident memory and open descriptors as it
# goes, then a summary (see Tests/Soak/README.md).
#   Tests/Soak/run.sh [EVENTS] [-- SOAK-OPTIONS…]            e.g. -- --json, -- --sample-rate 22050
#   Tests/Soak/run.sh --leaks [EVENTS] [-- SOAK-OPTIONS…]    under valgrind (default 50 000 events)
# Exit status: non-zero only when events were lost or duplicated, the reconnects did not match the
# cuts, the client stalled, or (with --leaks) valgrind found memory definitely lost. Never on speed
# or on the memory figures: those are printed beside the goal.
set -euo pipefail
cd "$(dirname "$0")/../.."

leaks=no
if [ "${1:-}" = "--leaks" ]; then
    leaks=yes
    shift
fi
events=$([ $leaks = yes ] && echo 50000 || echo 4320000)
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
    events="$1"
    shift
fi
[ "${1:-}" = "--" ] && shift
case "$events" in ''|*[!0-9]*) echo "usage: Tests/Soak/run.sh [--leaks] [EVENTS] [-- SOAK-OPTIONS…]" >&2; exit 2 ;; esac

die() { echo "soak: $*" >&2; exit 1; }

# The build's packages (libcurl, libasound, libgpiod headers, python3), then valgrind for --leaks.
Board/dev.sh build-deps
if [ $leaks = yes ] && ! command -v valgrind >/dev/null 2>&1; then
    echo "soak: installing valgrind" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq || die "apt-get update failed: is the Debian archive reachable?"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends valgrind \
        || die "could not install valgrind"
fi
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"

# DWARF 4: Debian 12's valgrind (3.19) cannot read the DWARF 5 that Swift 6.3 emits and gives up.
# The flags change the debug information only, not the code: both modes share one build.
swift build -c release --scratch-path .build-soak --product wikichime-soak \
    -Xswiftc -dwarf-version=4 -Xcc -gdwarf-4 2>&1 | tail -1 >&2
soak="$(swift build -c release --scratch-path .build-soak --show-bin-path)/wikichime-soak"

tmp="$(mktemp -d)"
server=""
cleanup() {
    local status=$?  # the script's, kept: the server's end (killed) is not the soak's result
    if [ -n "$server" ]; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    if [ -n "${SOAK_KEEP:-}" ]; then echo "soak: kept $tmp" >&2; else rm -rf "$tmp"; fi
    exit $status
}
trap cleanup EXIT

# The short leak run cuts abruptly more often (every 4th cut), so that the client's error path is in it.
python3 Tests/Soak/soak_server.py --events "$events" --port-file "$tmp/port" --stats "$tmp/stats.json" \
    $([ $leaks = yes ] && echo "--abrupt-every 4") 2>"$tmp/server.log" &
server=$!
for _ in $(seq 100); do
    [ -s "$tmp/port" ] && break
    kill -0 "$server" 2>/dev/null || { cat "$tmp/server.log" >&2; die "the server did not start"; }
    sleep 0.1
done
[ -s "$tmp/port" ] || die "the server did not say its port within 10 s"
url="http://127.0.0.1:$(cat "$tmp/port")/v2/stream/recentchange"
echo "soak: $events events from $url$([ $leaks = yes ] && echo ', under valgrind')" >&2

status=0
if [ $leaks = no ]; then
    "$soak" --url "$url" --events "$events" --server-stats "$tmp/stats.json" "$@" || status=$?
    exit $status
fi

# valgrind is ~50× slower: a longer stall timeout. Only definite leaks count as errors.
valgrind --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite \
    --error-exitcode=99 --log-file="$tmp/valgrind.log" \
    "$soak" --url "$url" --events "$events" --server-stats "$tmp/stats.json" --stall-timeout 600 "$@" || status=$?
echo
grep -q "LEAK SUMMARY" "$tmp/valgrind.log" || { tail -20 "$tmp/valgrind.log" >&2; die "valgrind did not finish its leak check"; }
echo "(under valgrind, RSS is mostly valgrind's own: take the memory figures from a run without --leaks)"
echo "valgrind (leak summary; 'possibly lost' and 'still reachable' are the Swift runtime's metadata caches):"
sed -n 's/^==[0-9]*== //p' "$tmp/valgrind.log" | grep -E "definitely lost:|indirectly lost:|possibly lost:|still reachable:"
if [ $status -eq 99 ]; then
    echo "FAILED: valgrind found memory definitely lost:" >&2
    sed -n 's/^==[0-9]*== //p' "$tmp/valgrind.log" | grep -B2 -A25 "definitely lost in" | head -120 >&2
fi
exit $status
