#!/usr/bin/env bash
# The README's quick start for developers, on Debian 12 / Raspberry Pi OS (64-bit):
#   Board/dev.sh run   [ARGS…]  installs what is missing, builds, runs `wikichime run` (defaults: English
#                               Wikipedia, the live stream; extra ARGS go to `wikichime run`)
#   Board/dev.sh test           installs what is missing, runs the whole test suite
#   Board/dev.sh release        builds the host binary as the Pi's is linked (Board/cross-build.sh): release,
#                               Swift and C++ runtimes static, stripped; prints its path (SCRATCH_PATH:
#                               SwiftPM's build folder, default .build-release; Tests/Benchmarks/report.sh
#                               passes its own)
#   Board/dev.sh deb            the amd64 Debian package (dist/wikichime_VERSION_amd64.deb) for Debian 13:
#                               the release build as above (static runtimes, lld, the function
#                               order, stripped), made by Board/cross-build.sh --arch amd64 against
#                               Debian 13's libraries (this machine's Debian 12 has older ones); root
#   Board/dev.sh build-deps     only installs what is missing
# It needs root (or sudo) only when a Debian package is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the build and the tests need: the headers of the C libraries wikichime links
# against (libcurl, libasound, libgpiod), CA certificates for TLS, python3 for the benchmark
# baseline, and GNU time (`/usr/bin/time -v`) for the performance report's whole-program row.
PACKAGES=(libcurl4-openssl-dev libasound2-dev libgpiod-dev ca-certificates python3 time)

die() { echo "dev.sh: $*" >&2; exit 1; }
# shellcheck source=lib/debian-packages.sh
source Board/lib/debian-packages.sh

# Fails loudly when the archive cannot be reached: a half-installed machine must not pass.
install_missing() {
    ensure_debian_packages dev.sh "${PACKAGES[@]}" || exit 1
}

find_swift() {
    if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
        export PATH="/opt/swift/usr/bin:$PATH"
    fi
    command -v swift >/dev/null 2>&1 || die "no Swift toolchain on PATH. Install Swift 6.2 or newer for
  Linux (aarch64 or x86_64) from swift.org and put its usr/bin on PATH; see README.md, 'Building'."
}

case "${1:-}" in
    run)
        shift
        install_missing
        find_swift
        swift build -c release --product wikichime
        exec "$(swift build -c release --show-bin-path)/wikichime" run "$@"
        ;;
    release)
        # g++ brings libstdc++.a: the C++ runtime the Swift runtime uses, linked statically as in
        # the Pi build, through a folder holding libstdc++.a and no libstdc++.so, searched first.
        # Without it, the C++ runtime is linked dynamically and the binary needs libstdc++6.
        PACKAGES+=(g++)
        install_missing
        find_swift
        scratch="${SCRATCH_PATH:-.build-release}"
        mkdir -p "$scratch"
        scratch="$(cd "$scratch" && pwd)"
        cxx=$(gcc -print-file-name=libstdc++.a 2>/dev/null || true)
        link=()
        if [ -f "$cxx" ]; then
            mkdir -p "$scratch/static-cxx"
            ln -sfn "$cxx" "$scratch/static-cxx/libstdc++.a"
            link=(-Xlinker -L"$scratch/static-cxx")
        else
            echo "dev.sh: no libstdc++.a (install g++): linking the C++ runtime dynamically" >&2
        fi
        # lld, as the aarch64 build, with the relative relocations packed (DT_RELR, glibc ≥ 2.36):
        # 558 KiB of relocations the loader reads at every start become 5 KiB, and peak RSS drops
        # by ~0.5 MiB against gold (Tests/Benchmarks/README.md, "Peak memory").
        link+=(-Xswiftc -use-ld=lld -Xlinker -z -Xlinker pack-relative-relocs)
        # The functions that run while it plays laid out together: 1.2–1.7 MiB less resident
        # (Board/link-order.py says why and writes the list).
        link+=(-Xlinker --symbol-ordering-file="$PWD/Board/link-order.txt" -Xlinker --no-warn-symbol-ordering)
        # SwiftPM does not know the list is an input of the link: a newer list links again.
        if [ Board/link-order.txt -nt "$scratch/release/wikichime" ]; then rm -f "$scratch/release/wikichime"; fi
        swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product wikichime "${link[@]}" >&2
        strip -o "$scratch/wikichime-stripped" "$scratch/release/wikichime"
        echo "$scratch/wikichime-stripped"
        ;;
    deb)
        [ "$(id -u)" -eq 0 ] || exec sudo "$0" "$@"
        exec Board/cross-build.sh --arch amd64
        ;;
    build-deps)
        install_missing
        ;;
    test)
        install_missing
        find_swift
        # XCTest only: the suite has no Swift Testing tests, and its empty report would hide the count.
        swift test --disable-swift-testing
        ;;
    *)
        die "usage: Board/dev.sh run [ARGS…] | Board/dev.sh test | Board/dev.sh release | Board/dev.sh deb | Board/dev.sh build-deps"
        ;;
esac
