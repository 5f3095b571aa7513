#!/usr/bin/env bash
# Builds wikichime for the Raspberry Pi (aarch64, 64-bit Raspberry Pi OS 13 / Debian 13 trixie)
# on an x86_64 Debian machine, and packs dist/wikichime-<version>-linux-aarch64.tar.gz.
#
#   sudo Board/cross-build.sh            prepare (first time: ~2.5 min, ~1.2 GB download), build, pack
#   sudo Board/cross-build.sh --shell    a shell in the compiler tree (debugging the cross build)
#
# One release binary with the Swift runtime linked statically; it needs only glibc ≥ 2.38,
# libasound2, libgpiod3 (libgpiod 2.x) and libcurl4 on the Pi. It installs the Debian packages it
# needs on this machine (mmdebstrap, qemu-user-static, rsync) and keeps the compiler tree, the
# sysroot and SwiftPM's build folder under .build-cross/ (git-ignored), so a second run only
# rebuilds what changed. Board/cross/common.sh says how; Board/cross-test.sh checks the result
# under emulation. Environment: WIKICHIME_CROSS_CACHE (default .build-cross),
# WIKICHIME_DEBIAN_MIRROR (default http://deb.debian.org/debian).
prog=cross-build.sh
# shellcheck source=cross/common.sh
source "$(dirname "$0")/cross/common.sh"

case "${1:-}" in
    "") ;;
    --shell) prepare; in_chroot 'exec bash -i' ; exit ;;
    *) die "usage: $0 [--shell]" ;;
esac

started=$(seconds)
prepare
version=$(wikichime_version)
say "building wikichime $version for aarch64 (Swift $(swift_version), release, static Swift runtime)"

build_started=$(seconds)
in_chroot "
    bin=\$(swift build $aarch64_release_args --scratch-path /work/build-aarch64 --show-bin-path)/wikichime
    # SwiftPM does not know the function order is an input of the link: a newer list links again.
    if [ Board/link-order.txt -nt \"\$bin\" ]; then rm -f \"\$bin\"; fi
    swift_build $aarch64_release_args --scratch-path /work/build-aarch64 --product wikichime
    aarch64-linux-gnu-strip --strip-all -o /work/wikichime \"\$bin\"
    # Only the system libraries the README promises (the Swift runtime is inside).
    needed=\$(aarch64-linux-gnu-readelf -d /work/wikichime | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort | tr '\n' ' ')
    glibc=\$(aarch64-linux-gnu-objdump -T /work/wikichime | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -n 1)
    echo \"needs: \$needed(symbols up to \$glibc)\"
    for lib in \$needed; do
        case \$lib in
            libc.so.6|libm.so.6|ld-linux-aarch64.so.1|libasound.so.2|libgpiod.so.3|libcurl.so.4) ;;
            *) echo \"unexpected shared library: \$lib\" >&2; exit 1 ;;
        esac
    done
    qemu-aarch64-static -L /sysroot /work/wikichime version
" || die "the aarch64 build failed"
say "built in $(elapsed "$build_started")"

# The release tarball: the binary and what install.sh needs beside it.
name="wikichime-$version-linux-aarch64"
stage="$cache/dist/$name"
rm -rf "$cache/dist"; mkdir -p "$stage"
install -m 0755 "$cache/work/wikichime" "$stage/wikichime"
install -m 0755 "$top/Board/install.sh" "$top/Board/uninstall.sh" "$stage/"
install -m 0644 "$top/Board/wikichime.service" "$top/Config/wikichime.conf" "$stage/"
if [ -d "$top/Board/boards" ]; then cp -r "$top/Board/boards" "$stage/boards"; chmod -R u=rwX,go=rX "$stage/boards"; fi
sed "s/@VERSION@/$version/g; s/@NAME@/$name/g" "$top/Board/dist-README.md" > "$stage/README.md"
chmod 0644 "$stage/README.md"
mkdir -p "$top/dist"
tarball="$top/dist/$name.tar.gz"
# Reproducible: fixed owner, order and times.
mtime=$(git -C "$top" log -1 --format=%ct 2>/dev/null || echo 0)
tar -C "$cache/dist" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$mtime" -cf - "$name" \
    | gzip -n -9 > "$tarball.tmp"
mv "$tarball.tmp" "$tarball"

size=$(stat -c %s "$cache/work/wikichime")
say "$(printf 'binary: %s bytes (%.1f MB) stripped' "$size" "$(echo "$size / 1000000" | bc -l)")"
say "wrote ${tarball#"$top"/} ($(stat -c %s "$tarball") bytes) in $(elapsed "$started")"
