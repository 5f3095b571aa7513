#!/usr/bin/env bash
# System test of `wikichime run` on the panel and a real sound card: the real release binary
# (`swift build -c release --static-swift-stdlib`) runs in a VM (Debian's kernel under QEMU TCG)
# against a gpio-sim chip labelled and named like a Raspberry Pi 4's and QEMU's Intel HDA card,
# whose output QEMU writes to a WAV file on the host. It replays crafted edits; a watcher outside
# the program records the LED and button lines, the guest presses buttons through the simulator
# and at last removes the chip and makes it again. check-run.py then checks, from those records
# and the WAV file: the LED flashes against the trace's notes (count, one constant offset,
# lengths; dark after exit), the language and volume buttons (trace, status, state file), the
# sound going on when the chip goes away, the panel opened again when it comes back (LEDs in step,
# a button), and the sound's onsets against the trace.
#
#   Tests/System/vm-run-test.sh [--binary PATH]
#
# Installs the Debian packages it needs when missing (as root or through sudo); the kernel,
# gpio-sim and the watcher are cached in .build-vm/ (VM_CACHE). Exit status: 0 all checks
# passed, 1 a check failed, 2 the test could not run (it says why: never a silent pass). A run
# whose guest kernel crashed (a gpio-sim bug of Linux 6.1, below) is run once more.
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
here="$repo/Tests/System"
source "$here/vm-lib.sh"
started=$SECONDS

binary=""
while [ $# -gt 0 ]; do
    case $1 in
        --binary) binary=$2; shift 2 ;;
        *) vm_die "usage: Tests/System/vm-run-test.sh [--binary PATH]" ;;
    esac
done

# The sound card: the HDA codec driver before the controller's (else the codec is not bound),
# and ALSA's configuration (alsa.conf, cards/, pcm/) for the `default` device.
vm_modules+=(snd-hda-codec-generic snd-hda-intel)
vm_packages+=(libasound2-data)
vm_initramfs_files+=(/usr/share/alsa)

if [ -z "$binary" ]; then
    [ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
    command -v swift >/dev/null || vm_die "no swift on PATH to build the release binary (or pass --binary)"
fi
vm_prepare
if [ -z "$binary" ]; then
    # The same build as vm-gpio-test.sh's (libgpiod v1), in the same scratch folder.
    vm_say "building the release binary (swift build -c release --static-swift-stdlib)"
    build_started=$SECONDS
    (cd "$repo" && swift build -c release --static-swift-stdlib --scratch-path .build-release --product wikichime \
        >"$VM_CACHE/release-build-v1.log" 2>&1) \
        || { tail -30 "$VM_CACHE/release-build-v1.log" >&2; vm_die "the release build failed (log: $VM_CACHE/release-build-v1.log)"; }
    binary="$repo/.build-release/release/wikichime"
    vm_say "release binary built ($((SECONDS - build_started)) s)"
fi
[ -x "$binary" ] || vm_die "no binary at $binary"

run="$VM_CACHE/run-test"
rm -rf "$run"
mkdir -p "$run"
vm_initramfs "$binary" "$run/initramfs.cpio"
vm_qemu_args=(-audiodev "wav,id=snd0,path=$run/out.wav,out.frequency=48000,out.channels=2,out.format=s16"
              -device intel-hda -device hda-output,audiodev=snd0,mixer=off)

# One boot of the VM and the checks of what it recorded; sets `status`.
boot_and_check() {
    rm -rf "$run/share" "$run/out.wav"
    mkdir -p "$run/share/boards"
    cp "$binary" "$run/share/wikichime"
    cp "$repo"/Board/boards/*.board "$run/share/boards/"
    python3 "$here/fixtures/run-replays.py" "$run/share" || vm_die "the replays were not written"
    vm_say "booting (QEMU TCG, HDA sound to $run/out.wav); the scenarios take about 90 s"
    vm_boot "$run/initramfs.cpio" "$run/share" "$here/guest/run-scenarios.sh"
    sed 's/^/    /' "$run/share/guest.log"
    guest_status=$(cat "$run/share/guest.rc")
    [ "$guest_status" = "0" ] || vm_die "the guest script failed with status $guest_status (log above; console: $run/share/console.log)"
    vm_say "VM ran for $vm_boot_seconds s; checking what it recorded (records: $run/share/out, sound: $run/out.wav)"
    python3 "$here/check-run.py" "$run/share/out" "$run/out.wav"
    status=$?
}

boot_and_check
# Debian 12's kernel (6.1) with gpio-sim may corrupt its own memory when a chip goes while a
# program holds its lines, which the chip scenario does on purpose: a later GPIO call then
# faults in the kernel (seen once here, the host busy: "general protection fault" in
# kmem_cache_alloc under gpio_ioctl). That is the test's kernel, not the program (upstream
# gpiolib guards a vanishing device since Linux 6.9): a run whose guest kernel crashed is run
# once more, and says so.
oops='general protection fault|BUG: |Oops: |kernel BUG'
if [ "$status" -ne 0 ] && grep -Eq "$oops" "$run/share/out/dmesg.txt" 2>/dev/null; then
    vm_say "the guest's kernel crashed during the run (a kernel bug, not the program's):"
    grep -E -m 3 "$oops|RIP: 0010" "$run/share/out/dmesg.txt" | sed 's/^/    /'
    vm_say "booting the VM once more"
    boot_and_check
    if [ "$status" -ne 0 ] && grep -Eq "$oops" "$run/share/out/dmesg.txt" 2>/dev/null; then
        vm_say "the guest's kernel crashed again"
    fi
fi
vm_say "$((SECONDS - started)) s in all"
exit $status
