# shellcheck shell=bash
# Shared by Board/cross-build.sh and Board/cross-test.sh (sourced, not run).
#
# The route (see shared docs, arm-build.md): Debian's own Swift (swiftlang, from unstable: 6.2.x;
# trixie's 6.0.3 cannot build swift-log 1.16) runs in an amd64 Debian tree entered with chroot
# (it needs a newer glibc than Debian 12 has) and cross-compiles against an arm64 Debian 13
# (trixie) sysroot that also holds Debian's arm64 Swift runtime of the same version. qemu-user
# runs the result. Everything lives under $cache (git-ignored) and is reused between runs:
#
#   $cache/compiler/    amd64 unstable tree: swiftlang, git, qemu-aarch64-static copied in
#   $cache/sysroot/     arm64 trixie: libc6-dev, g++, libasound2-dev, libgpiod-dev,
#                       libcurl4-openssl-dev, and swiftlang/libswiftlang:arm64 unpacked
#   $cache/sysroot-amd64/  the same for amd64: the Debian 13 amd64 package is built against it
#                       (the compiler tree's own libraries are unstable's, newer than trixie's)
#   $cache/sdks/        the Swift SDK bundles (swift-sdk.json, toolset.json) naming /sysroot
#   $cache/work/src/    a snapshot of the package (rsync; others keep editing the work tree)
#   $cache/work/build-*/  SwiftPM scratch folders, one per configuration
#
# Inside the chroot: /sysroot (the sysroot of $target_arch: arm64 unless the caller says amd64), /sdks, /work and /opt/swift-packages (read-only, when the host
# has it: the local git mirrors of github.com that the host's git config points at) are bind
# mounts, made in a private mount namespace (unshare) so they vanish with the command.

set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cache=${WIKICHIME_CROSS_CACHE:-$top/.build-cross}
# shellcheck source=../lib/debian-mirror.sh
source "$top/Board/lib/debian-mirror.sh"
# shellcheck source=../lib/debian-packages.sh
source "$top/Board/lib/debian-packages.sh"
mirror=$(debian_mirror) || exit 1
compiler_suite=${WIKICHIME_COMPILER_SUITE:-unstable}
target_suite=trixie
jobs=$(nproc)
# The architecture built for: arm64 (the Pi) unless the caller set target_arch=amd64 before
# sourcing this file.
target_arch=${target_arch:-arm64}
case $target_arch in
    arm64) triple=aarch64-unknown-linux-gnu gnu_triple=aarch64-linux-gnu sysroot_dir=$cache/sysroot ;;
    amd64) triple=x86_64-pc-linux-gnu gnu_triple=x86_64-linux-gnu sysroot_dir=$cache/sysroot-amd64 ;;
    *) echo "cross: unknown target_arch $target_arch (arm64 or amd64)" >&2; exit 2 ;;
esac
sdk_name=wikichime-${triple%%-*}
sysroot_stamp=$(basename "$sysroot_dir")

# What each tree is made of; a change here rebuilds that tree (the stamp files compare it).
compiler_packages=swiftlang,libc6-dev,git,ca-certificates,binutils-aarch64-linux-gnu,g++,libasound2-dev,libgpiod-dev,libcurl4-openssl-dev
sysroot_packages=libc6-dev,g++,libasound2-dev,libgpiod-dev,libcurl4-openssl-dev
host_packages=(mmdebstrap qemu-user-static rsync)

say() { echo "${prog:-cross}: $*" >&2; }
die() { echo "${prog:-cross}: error: $*" >&2; exit 1; }
seconds() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(seconds)" 'BEGIN { printf "%.1f s", b - a }'; }

# shellcheck source=../lib/version.sh
source "$top/Board/lib/version.sh"

need_root() {
    [ "$(id -u)" -eq 0 ] || die "run it as root (sudo $0): mmdebstrap, chroot and bind mounts need it"
}

# Installs the Debian packages this host needs, when missing. Fails loudly when the archive
# cannot be reached.
ensure_host_packages() {
    ensure_debian_packages "${prog:-cross}" "${host_packages[@]}" || die "the host's packages could not be installed"
}

# stamp_ok NAME KEY: the tree NAME was finished with the description KEY.
stamp_ok() { [ -f "$cache/$1.stamp" ] && [ "$(cat "$cache/$1.stamp")" = "$2" ]; }
stamp_set() { printf '%s' "$2" > "$cache/$1.stamp"; }

mmdebstrap_common=(--quiet --dpkgopt=force-unsafe-io --aptopt='Acquire::Check-Valid-Until "false"' --aptopt='Acquire::Retries "3"')

# The amd64 tree with Debian's Swift compiler (also allows arm64 packages, to download the
# matching arm64 runtime), and the x86_64 libraries for the reference build of cross-test.sh.
# It is made once and not upgraded: remove $cache/compiler.stamp to take a newer swiftlang.
ensure_compiler_tree() {
    local key="$compiler_suite $mirror v1" tree="$cache/compiler"
    if ! stamp_ok compiler "$key"; then
        local started; started=$(seconds)
        say "making the compiler tree (Debian $compiler_suite amd64 with swiftlang), about two minutes"
        rm -rf "$tree" "$tree.tmp"; rm -f "$cache"/compiler.stamp "$cache"/sysroot*.stamp
        mkdir -p "$cache"
        mmdebstrap "${mmdebstrap_common[@]}" --variant=apt --arch=amd64 --architectures=amd64,arm64 \
            --include="$compiler_packages" "$compiler_suite" "$tree.tmp" "$mirror" \
            || die "mmdebstrap failed for the compiler tree: is $mirror reachable, and does $compiler_suite have swiftlang?"
        mv "$tree.tmp" "$tree"
        stamp_set compiler "$key"
        say "compiler tree ready in $(elapsed "$started")"
    fi
    # Packages added to the list later are installed into the existing tree.
    ensure_chroot_packages "$compiler_packages"
    # Git reads github.com from local mirrors here when the host's git config says so.
    local config="$tree/etc/gitconfig"
    : > "$config"
    git config --get-regexp '^url\..*\.insteadof$' 2>/dev/null | while read -r name value; do
        local base=${name#url.}; base=${base%.insteadof}
        git config --file "$config" --add "url.$base.insteadOf" "$value"
    done || true
    mkdir -p "$tree/sysroot" "$tree/sdks" "$tree/work" "$tree/opt/swift-packages"
    # Under qemu the tests look for their resources at the paths they were built with: run the
    # aarch64 programs inside the tree, with the static qemu.
    install -m 0755 /usr/bin/qemu-aarch64-static "$tree/usr/local/bin/qemu-aarch64-static"
}

# ensure_chroot_packages A,B,…: installs into the compiler tree those not there yet.
ensure_chroot_packages() {
    local missing
    missing=$(chroot "$cache/compiler" dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' ${1//,/ } 2>&1 \
        | awk '$1 != "ii" { print $NF }' | tr '\n' ' ' || true)
    [ -z "${missing// /}" ] && return 0
    say "installing $missing in the compiler tree"
    in_chroot_bare "apt-get -qq -o Acquire::Check-Valid-Until=false update && DEBIAN_FRONTEND=noninteractive apt-get -qq install -y --no-install-recommends $missing >/dev/null" \
        || die "could not install $missing in the compiler tree: is $mirror reachable?"
}

swift_version() { chroot "$cache/compiler" dpkg-query -W -f='${Version}' swiftlang; }

# The Debian 13 sysroot of $target_arch: the libraries wikichime links, plus Debian's Swift
# runtime for that architecture, of the compiler's exact version. `extract` only unpacks: no
# emulation needed.
ensure_sysroot() {
    local version; version=$(swift_version)
    local key="$target_suite $sysroot_packages swiftlang=$version $mirror v2" tree="$sysroot_dir"
    stamp_ok "$sysroot_stamp" "$key" || make_sysroot "$key" "$version"
    # amd64's libc.so names the loader as /lib64/…: the merged-/usr link extract does not make.
    if [ -d "$tree/usr/lib64" ] && [ ! -e "$tree/lib64" ]; then ln -s usr/lib64 "$tree/lib64"; fi
    # A folder with libstdc++.a and no libstdc++.so: searched first, it makes the release link
    # take the C++ runtime (which the Swift runtime uses) statically.
    local cxx
    cxx=$(cd "$tree" && ls usr/lib/gcc/"$gnu_triple"/*/libstdc++.a | sort -V | tail -n 1)
    [ -n "$cxx" ] || die "no libstdc++.a in the sysroot"
    mkdir -p "$tree/usr/lib/wikichime-static-cxx"
    ln -sfn "../${cxx#usr/lib/}" "$tree/usr/lib/wikichime-static-cxx/libstdc++.a"
}

make_sysroot() {
    local key=$1 version=$2 tree="$sysroot_dir"
    local started; started=$(seconds)
    say "making the $target_arch sysroot (Debian $target_suite, Swift runtime $version)"
    rm -rf "$tree" "$tree.tmp"
    mmdebstrap "${mmdebstrap_common[@]}" --variant=extract --arch="$target_arch" \
        --include="$sysroot_packages" "$target_suite" "$tree.tmp" "$mirror" \
        || die "mmdebstrap failed for the $target_arch sysroot: is $mirror reachable?"
    # extract does not make the merged-/usr links.
    local dir
    for dir in bin sbin lib; do
        [ -e "$tree.tmp/$dir" ] || ln -s "usr/$dir" "$tree.tmp/$dir"
    done
    # Debian's Swift runtime for $target_arch, same version as the compiler (from the compiler's suite).
    rm -rf "$cache/debs"; mkdir -p "$cache/debs"
    unshare --mount --propagation private -- bash -c '
        set -e
        mount --bind "$1" "$2/mnt"
        chroot "$2" bash -c "cd /mnt && apt-get -qq update && apt-get -qq download swiftlang:$4=$3 libswiftlang:$4=$3"
    ' _ "$cache/debs" "$cache/compiler" "$version" "$target_arch" \
        || die "could not download swiftlang:$target_arch $version from $compiler_suite (is the $target_arch build of this version there yet?)"
    local deb
    for deb in "$cache"/debs/*.deb; do dpkg-deb -x "$deb" "$tree.tmp"; done
    rm -rf "$cache/debs"
    # Only the runtime libraries and modules are used: drop the compiler, LLDB, SourceKit
    # and the embedded-Swift libraries (2.2 of the 3 GB).
    local swift="$tree.tmp/usr/libexec/swift"
    rm -rf "${swift:?}/bin" "$swift/lib/swift/host" "$swift/lib/swift/embedded" \
        "$swift/lib/swift/FrameworkABIBaseline" "$swift"/lib/lib*.so*
    [ -d "$tree.tmp/usr/libexec/swift/lib/swift_static/linux" ] \
        || die "the $target_arch swiftlang package has no usr/libexec/swift/lib/swift_static/linux"
    ln -sfn ../libexec/swift/lib/swift_static "$tree.tmp/usr/lib/swift_static"
    [ -e "$tree.tmp/usr/lib/swift" ] || ln -sfn ../libexec/swift/lib/swift "$tree.tmp/usr/lib/swift"
    # Swift 6.2.3's SwiftPM links lib_Testing_Foundation into XCTest bundles; Debian ships the
    # module but not the library. An empty archive satisfies the linker.
    local lib
    for lib in "$tree.tmp/usr/libexec/swift/lib/swift/linux" "$tree.tmp/usr/libexec/swift/lib/swift_static/linux"; do
        [ -e "$lib/lib_Testing_Foundation.a" ] || printf '!<arch>\n' > "$lib/lib_Testing_Foundation.a"
    done
    mv "$tree.tmp" "$tree"
    stamp_set "$sysroot_stamp" "$key"
    say "sysroot ready in $(elapsed "$started")"
}

ensure_sdk() {
    local dir="$cache/sdks/$sdk_name.artifactbundle"
    mkdir -p "$dir/$sdk_name"
    sed "s|@NAME@|$sdk_name|g" "$top/Board/cross/info.json.in" > "$dir/info.json"
    sed "s|@SYSROOT@|/sysroot|g; s|@TRIPLE@|$triple|g" "$top/Board/cross/swift-sdk.json.in" > "$dir/$sdk_name/swift-sdk.json"
    sed "s|@SYSROOT@|/sysroot|g" "$top/Board/cross/toolset.json.in" > "$dir/$sdk_name/toolset.json"
}

# A snapshot of the package for this build: others edit and build the work tree meanwhile.
sync_sources() {
    mkdir -p "$cache/work/src"
    # By content, not by time (no -t): a fresh clone of the same sources rebuilds nothing.
    rsync -rlp --checksum --delete --exclude='/.build*' --exclude=/dist --exclude=/.git --exclude=/.swiftpm \
        "$top/" "$cache/work/src/"
}

# in_chroot_bare SCRIPT: runs SCRIPT in the compiler tree with only /proc and /dev mounted.
in_chroot_bare() {
    unshare --mount --propagation private -- bash -c '
        set -e
        mount -t proc proc "$1/proc"
        mount --rbind /dev "$1/dev"
        exec chroot "$1" /usr/bin/env -i HOME=/root LANG=C.UTF-8 PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin \
            bash -c "$2"
    ' _ "$cache/compiler" "$1"
}

# in_chroot SCRIPT [ARGS…]: runs the bash SCRIPT in the compiler tree, in /work/src.
# With emulate=yes (a variable of the caller) it runs in a user namespace of its own whose private
# binfmt_misc instance (Linux ≥ 6.7) hands aarch64 executables to qemu-aarch64-static, so that an
# emulated program can start another one (the CLI tests start the built binary); the host's
# binfmt_misc is left alone.
in_chroot() {
    local script=$1; shift
    local namespaces=(--mount --propagation private)
    [ "${emulate:-no}" = yes ] && namespaces=(--user --map-root-user --mount --pid --fork --propagation private)
    unshare "${namespaces[@]}" -- bash -c '
        set -e
        tree=$1 cache=$2 emulate=$3 sysroot=$4; shift 4
        if [ "$emulate" = yes ]; then
            mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc 2>/dev/null \
                || { echo "cannot mount a private binfmt_misc (needs Linux 6.7 or newer)" >&2; exit 1; }
            printf "%s" ":qemu-aarch64:M::\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00:\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff:$tree/usr/local/bin/qemu-aarch64-static:F" \
                > /proc/sys/fs/binfmt_misc/register
        fi
        mount -t proc proc "$tree/proc"
        mount --rbind /dev "$tree/dev"
        mount --bind "$sysroot" "$tree/sysroot"; mount -o remount,bind,ro "$tree/sysroot"
        mount --bind "$cache/sdks" "$tree/sdks"
        mount --bind "$cache/work" "$tree/work"
        if [ -d /opt/swift-packages ]; then
            mount --bind /opt/swift-packages "$tree/opt/swift-packages"
            mount -o remount,bind,ro "$tree/opt/swift-packages"
        fi
        exec chroot "$tree" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb QEMU_LD_PREFIX=/sysroot \
            PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin \
            bash -c "cd /work/src && $1" in-chroot "${@:2}"
    ' _ "$cache/compiler" "$cache" "${emulate:-no}" "$sysroot_dir" "set -euo pipefail; $chroot_prelude
$script" "$@"
}

# Defined for the scripts run by in_chroot. swift_build ARGS…: `swift build` without the lines
# that only say what is being compiled, nor the linker's notes about Foundation's use of mktemp;
# fails when the build fails.
chroot_prelude='
swift_build() {
    local status
    set +e
    swift build "$@" 2>&1 | grep -v -e "^\[[0-9]*/[0-9]*\] Compiling" -e "^warning: .*Package.resolved" \
        -e "mktemp. is dangerous" -e "does not take linker garbage" -e "in function .*createTemporaryFile"
    status=${PIPESTATUS[0]}
    set -e
    return "$status"
}'


# Everything the build needs, made or checked. One run at a time per cache (cross-test.sh runs
# cross-build.sh inside its own turn).
lock_cache() {
    need_root
    mkdir -p "$cache"
    [ -n "${WIKICHIME_CROSS_LOCKED:-}" ] && return 0
    exec 9>"$cache/lock"
    flock -n 9 || { say "waiting for another cross build in ${cache#"$top"/}"; flock 9; }
    export WIKICHIME_CROSS_LOCKED=1
}

prepare() {
    lock_cache
    ensure_host_packages
    ensure_compiler_tree
    ensure_sysroot
    ensure_sdk
    sync_sources
}

# The SwiftPM arguments of the release build for $target_arch (named aarch64_release_args for
# the Pi's, which is the default): the Swift runtime static, and its C++ runtime too (libstdc++,
# libgcc: +0.1 MB), so that the binary needs only libc, libm, libasound, libgpiod and libcurl. The SDK links with lld; the relative relocations are packed (DT_RELR,
# glibc ≥ 2.36): ~570 KiB less that the loader reads and keeps resident at every start. The
# functions that run while it plays are laid out together (Board/link-order.py says why).
aarch64_release_args="-c release --static-swift-stdlib --swift-sdks-path /sdks --swift-sdk $sdk_name -j $jobs \
 -Xlinker -L/sysroot/usr/lib/wikichime-static-cxx -Xswiftc -Xclang-linker -Xswiftc -static-libgcc \
 -Xlinker -z -Xlinker pack-relative-relocs \
 -Xlinker --symbol-ordering-file=/work/src/Board/link-order.txt -Xlinker --no-warn-symbol-ordering"
release_args=$aarch64_release_args
