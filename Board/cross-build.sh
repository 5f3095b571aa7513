#!/usr/bin/env bash
# Builds wikichime for Debian 13 (trixie) / Raspberry Pi OS 13 on an x86_64 Debian machine, and
# packs it as a Debian package: dist/wikichime_<version>_arm64.deb for the Raspberry Pi (64-bit),
# or with --arch amd64 dist/wikichime_<version>_amd64.deb for a PC (`Board/dev.sh deb` runs that).
#
#   sudo Board/cross-build.sh [--arch arm64|amd64]   prepare (first time: ~2.5 min, ~1.2 GB download
#                                                    per architecture), build, pack
#   sudo Board/cross-build.sh [--arch …] --shell     a shell in the compiler tree (debugging)
#
# One release binary with the Swift runtime linked statically, against the Debian 13 libraries of
# its architecture (a sysroot): it needs only glibc ≥ 2.38, libasound2, libgpiod3 (libgpiod 2.x)
# and libcurl4. It installs the Debian packages it needs on this machine (mmdebstrap,
# qemu-user-static, rsync) and keeps the compiler tree, the sysroots and SwiftPM's build folders
# under .build-cross/ (git-ignored), so a second run only rebuilds what changed.
# Board/cross/common.sh says how; Board/make-deb.sh packs; Board/cross-test.sh checks the arm64
# result under emulation. Environment: WIKICHIME_CROSS_CACHE (default .build-cross),
# WIKICHIME_DEBIAN_MIRROR (default: the mirror of this machine's apt sources).
prog=cross-build.sh
shell=no
target_arch=arm64
while [ $# -gt 0 ]; do
    case $1 in
        --arch) target_arch=${2:-}; shift 2 || { echo "$prog: --arch needs arm64 or amd64" >&2; exit 2; } ;;
        --shell) shell=yes; shift ;;
        *) echo "usage: $0 [--arch arm64|amd64] [--shell]" >&2; exit 2 ;;
    esac
done
# shellcheck source=cross/common.sh
source "$(dirname "$0")/cross/common.sh"

if [ $shell = yes ]; then prepare; in_chroot 'exec bash -i'; exit; fi

started=$(seconds)
prepare
version=$(wikichime_version "$top")
# The Pi's binary keeps its name (/work/wikichime: cross-test.sh and measure-sizes.sh use it).
case $target_arch in
    arm64) out=wikichime scratch=/work/build-aarch64 loader=ld-linux-aarch64.so.1 run="qemu-aarch64-static -L /sysroot" ;;
    # Run with Debian 13's loader and libraries (the compiler tree's are unstable's): it loads there.
    amd64) out=wikichime-amd64 scratch=/work/build-amd64-trixie loader=ld-linux-x86-64.so.2
           run="/sysroot/usr/lib64/ld-linux-x86-64.so.2 --library-path /sysroot/usr/lib/x86_64-linux-gnu" ;;
esac
say "building wikichime $version for $target_arch (Swift $(swift_version), release, static Swift runtime)"

build_started=$(seconds)
in_chroot "
    bin=\$(swift build $release_args --scratch-path $scratch --show-bin-path)/wikichime
    # SwiftPM does not know the function order is an input of the link: a newer list links again.
    if [ Board/link-order.txt -nt \"\$bin\" ]; then rm -f \"\$bin\"; fi
    swift_build $release_args --scratch-path $scratch --product wikichime
    $gnu_triple-strip --strip-all --remove-section=.comment -o /work/$out \"\$bin\" 2>/dev/null \\
        || strip --strip-all --remove-section=.comment -o /work/$out \"\$bin\"
    # Only the system libraries the README promises (the Swift runtime is inside).
    needed=\$(readelf -d /work/$out | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort | tr '\n' ' ')
    glibc=\$(readelf --dyn-syms -W /work/$out | grep -o '@GLIBC_[0-9.]*' | sed 's/@//' | sort -uV | tail -n 1)
    echo \"needs: \$needed(symbols up to \$glibc)\"
    for lib in \$needed; do
        case \$lib in
            libc.so.6|libm.so.6|$loader|libasound.so.2|libgpiod.so.3|libcurl.so.4) ;;
            *) echo \"unexpected shared library: \$lib\" >&2; exit 1 ;;
        esac
    done
    $run /work/$out version
" || die "the $target_arch build failed"
say "built in $(elapsed "$build_started")"

size=$(stat -c %s "$cache/work/$out")
say "$(printf 'binary: %s bytes (%.1f MB) stripped' "$size" "$(echo "$size / 1000000" | bc -l)")"
deb=$("$top/Board/make-deb.sh" --arch "$target_arch" --binary "$cache/work/$out" --out "$top/dist") \
    || die "packing the .deb failed"
say "wrote ${deb#"$top"/} ($(stat -c %s "$deb") bytes) in $(elapsed "$started")"
