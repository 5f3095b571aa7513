#!/usr/bin/env bash
# System test of the LEDs and buttons: the real release binary (`swift build -c release
# --static-swift-stdlib`) runs `wikichime test-gpio` in a VM (Debian's kernel under QEMU TCG)
# against a gpio-sim chip labelled and named like a Raspberry Pi 4's, while a watcher outside
# the program records its LED lines and the guest presses buttons through the simulator.
# check-gpio.py then checks, from those records: each LED in turn, debounce and long press,
# flash lengths and burst merging, status patterns, all LEDs off on exit, and the error
# messages for a missing chip, a missing line, a busy line and no permission.
#
#   Tests/System/vm-gpio-test.sh [--libgpiod v1|v2|both] [--binary PATH]
#
# --libgpiod v1 (the default) builds against the system's libgpiod 1.6 (Debian 12). v2 builds
# the binary against libgpiod 2.x, linked statically from the C sources that PyPI's `gpiod`
# package carries (Debian 12 has no libgpiod 2; the Pi build links Debian 13's), so the shim's
# v2 side and the kernel's debounce run too. --binary tests a binary built elsewhere (its API
# is read from its output).
#
# Installs the Debian packages it needs when missing (as root or through sudo); the kernel,
# gpio-sim and the watcher are cached in .build-vm/ (VM_CACHE). Exit status: 0 all checks
# passed, 1 a check failed, 2 the test could not run (it says why: never a silent pass).
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
here="$repo/Tests/System"
source "$here/vm-lib.sh"
started=$SECONDS

binary=""
apis=v1
while [ $# -gt 0 ]; do
    case $1 in
        --binary) binary=$2; shift 2 ;;
        --libgpiod) apis=$2; shift 2 ;;
        *) vm_die "usage: Tests/System/vm-gpio-test.sh [--libgpiod v1|v2|both] [--binary PATH]" ;;
    esac
done
case $apis in
    v1|v2) ;;
    both) apis="v1 v2" ;;
    *) vm_die "--libgpiod: '$apis' is not v1, v2 or both" ;;
esac
[ -n "$binary" ] && [ "$apis" != v1 ] && vm_die "--binary and --libgpiod cannot go together"

# libgpiod 2.x as a static library, from the sources in PyPI's `gpiod` (python bindings) sdist.
libgpiod_v2() {
    local dir="$VM_CACHE/libgpiod-v2" version=2.2.0
    [ -f "$dir/lib/libgpiod.a" ] && return
    vm_say "libgpiod 2.x: pip download gpiod==$version (its sdist carries libgpiod's C sources)"
    rm -rf "$dir" && mkdir -p "$dir/src" "$dir/lib" "$dir/include" "$dir/obj"
    python3 -m pip download --quiet --no-deps --no-binary :all: "gpiod==$version" -d "$dir" \
        || vm_die "pip download gpiod==$version failed: is PyPI reachable?"
    tar -xzf "$dir/gpiod-$version.tar.gz" -C "$dir/src" --strip-components=1 || vm_die "cannot unpack gpiod-$version"
    local file libversion
    libversion=$(cat "$dir/src/libgpiod-version.txt")
    for file in "$dir"/src/lib/*.c; do
        gcc -O2 -D_GNU_SOURCE -DGPIOD_VERSION_STR="\"$libversion\"" -I"$dir/src/include" -I"$dir/src/lib" \
            -c "$file" -o "$dir/obj/$(basename "$file" .c).o" || vm_die "libgpiod $libversion: $file did not compile"
    done
    cp "$dir/src/include/gpiod.h" "$dir/include/"
    ar rcs "$dir/lib/libgpiod.a" "$dir"/obj/*.o
}

# Builds the release binary against libgpiod API $1; sets $binary.
build_release() {
    local api=$1 scratch=.build-release flags=()
    if [ "$api" = v2 ]; then
        libgpiod_v2
        # gpiod.h from here comes before the system's v1 header; the linker finds libgpiod.a
        # here before the system's libgpiod.so: v2 is linked into the binary.
        scratch=.build-release-gpiod2
        flags=(-Xcc "-I$VM_CACHE/libgpiod-v2/include" -Xlinker "-L$VM_CACHE/libgpiod-v2/lib")
    fi
    [ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
    command -v swift >/dev/null || vm_die "no swift on PATH to build the release binary (or pass --binary)"
    vm_say "building the release binary, libgpiod $api (swift build -c release --static-swift-stdlib)"
    local build_started=$SECONDS
    (cd "$repo" && swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product wikichime \
        "${flags[@]}" >"$VM_CACHE/release-build-$api.log" 2>&1) \
        || { tail -30 "$VM_CACHE/release-build-$api.log" >&2; vm_die "the release build failed (log: $VM_CACHE/release-build-$api.log)"; }
    binary="$repo/$scratch/release/wikichime"
    vm_say "release binary built ($((SECONDS - build_started)) s)"
}

# Boots the VM with $binary and checks what it recorded; returns check-gpio.py's status.
test_binary() {
    local api=$1 run="$VM_CACHE/gpio-run-$1"
    [ -x "$binary" ] || vm_die "no binary at $binary"
    rm -rf "$run"
    mkdir -p "$run/share/boards"
    vm_initramfs "$binary" "$run/initramfs.cpio"
    cp "$binary" "$run/share/wikichime"
    cp "$repo"/Board/boards/*.board "$run/share/boards/"
    cp "$here/fixtures/panel.script" "$here/fixtures/missing-line.board" "$run/share/"
    # The permission scenario runs as another user: the share must be readable by everyone.
    chmod -R a+rX "$run/share"
    vm_say "booting (QEMU TCG); the scenarios take about 35 s"
    vm_boot "$run/initramfs.cpio" "$run/share" "$here/guest/gpio-scenarios.sh"
    sed 's/^/    /' "$run/share/guest.log"
    local guest_status
    guest_status=$(cat "$run/share/guest.rc")
    [ "$guest_status" = "0" ] || vm_die "the guest script failed with status $guest_status (log above; console: $run/share/console.log)"
    vm_say "VM ran for $vm_boot_seconds s; checking what it recorded (records: $run/share/out)"
    python3 "$here/check-gpio.py" "$run/share/out" "$api"
}

vm_prepare
status=0
if [ -n "$binary" ]; then
    test_binary any || status=1
else
    for api in $apis; do
        build_release "$api"
        test_binary "$api" || status=1
    done
fi
vm_say "$((SECONDS - started)) s in all"
exit $status
