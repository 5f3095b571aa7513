#!/usr/bin/env bash
# Runs the whole test suite under ThreadSanitizer and AddressSanitizer (each its own build
# folder). The audio thread, the stream thread, the panel and the supervisor share state: a race
# or a memory error anywhere — in the tests or in the `wikichime` processes they start, which
# inherit the options below — stops that process and fails the run.
#   Tests/sanitizers.sh [thread|address]...    default: both
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
export TSAN_OPTIONS="halt_on_error=1:exitcode=66:second_deadlock_stack=1"
export ASAN_OPTIONS="halt_on_error=1:exitcode=67:detect_leaks=0"
status=0
for sanitizer in "${@:-thread address}"; do
    for name in $sanitizer; do
        echo "== swift test --sanitize=$name"
        swift build --build-tests --scratch-path ".build-$name" --sanitize="$name" 2>&1 | grep -E "error:|Compiling|Build complete" | tail -1
        if swift test --scratch-path ".build-$name" --sanitize="$name" --disable-swift-testing --skip-build \
            > ".build-$name/test.log" 2>&1; then
            grep -E "Executed [0-9]+ tests" ".build-$name/test.log" | tail -1
        else
            status=1
            echo "sanitizers: $name: FAILED" >&2
            grep -E "error:|WARNING: (Thread|Address)Sanitizer|ERROR: AddressSanitizer|SUMMARY" ".build-$name/test.log" | head -20 >&2
        fi
        if grep -q "Sanitizer" ".build-$name/test.log"; then
            status=1
            echo "sanitizers: $name reported:" >&2
            grep -A12 -E "WARNING: ThreadSanitizer|ERROR: AddressSanitizer" ".build-$name/test.log" | head -40 >&2
        fi
    done
done
exit $status
