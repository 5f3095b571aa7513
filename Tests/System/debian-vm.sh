# shellcheck shell=bash
# A whole Debian 13 (trixie) arm64 system for the package test, shared by Tests/System/vm-*
# scripts that need systemd as PID 1 (source it; bash). Unlike vm-lib.sh's busybox initramfs,
# this is the system a box runs: systemd, udev, sshd, apt, Debian's arm64 kernel, booted under
# qemu-system-aarch64 -M virt (TCG) and driven over SSH from the host, as a person would.
#
#   dvm_prepare                 host packages; the image, its kernel, initrd and SSH key (cached)
#   dvm_disk DISK               a copy-on-write disk over the cached image (qcow2): the boots of
#                               one test share it, the cached image never changes
#   dvm_boot NAME [APPEND…]     starts the VM on $dvm_disk with a sound card writing NAME.wav;
#                               waits for SSH (sets dvm_pid); APPEND: more kernel arguments
#   dvm_ssh COMMAND…            runs a command in the guest as root
#   dvm_poweroff                powers the guest off and waits for QEMU (the WAV is finalised)
#   dvm_kill                    ends QEMU at once (a power cut)
#
# The image (~1.1 GB, ~11 min to make under emulation) lives in $DVM_CACHE (default
# /var/cache/wikichime-vm: a clean clone reuses it). It is remade when its recipe (the line
# dvm_recipe) changes. Anything that stops the VM from being built or booted ends the script
# with status 2 and "DID NOT RUN: why".

DVM_CACHE=${DVM_CACHE:-/var/cache/wikichime-vm}
dvm_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dvm_host_packages=(mmdebstrap qemu-system-arm qemu-utils qemu-user-static binfmt-support arch-test
                   e2fsprogs openssh-client python3 gnupg)
# What the guest is made of: a Raspberry Pi OS 13 / Debian 13 box as a person sets it up, with
# sshd; python3 and python3-apt for Ansible (its apt module). Not libgpiod3 nor libcurl4t64:
# `apt install wikichime` must bring them (its Depends are tested that way); libasound2t64 comes
# with alsa-utils, as on Raspberry Pi OS.
dvm_guest_packages=systemd-sysv,udev,kmod,dbus,openssh-server,alsa-utils,ca-certificates,iproute2,linux-image-arm64,python3,python3-apt
dvm_recipe="trixie arm64 $dvm_guest_packages v1"
dvm_timeout=${DVM_BOOT_TIMEOUT:-180}

dvm_say() { echo "vm: $*"; }
dvm_die() { echo "vm: DID NOT RUN: $*" >&2; dvm_kill 2>/dev/null; exit 2; }

# shellcheck source=../../Board/lib/debian-packages.sh
source "$dvm_here/../../Board/lib/debian-packages.sh"
dvm_install_host_packages() {
    ensure_debian_packages vm "${dvm_host_packages[@]}" || dvm_die "the Debian packages it needs could not be installed"
}

# mmdebstrap runs the arm64 packages' scripts under qemu-user: binfmt_misc must hand aarch64
# programs to it.
dvm_binfmt() {
    [ -d /proc/sys/fs/binfmt_misc ] || dvm_die "no /proc/sys/fs/binfmt_misc"
    mountpoint -q /proc/sys/fs/binfmt_misc || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc \
        || dvm_die "cannot mount binfmt_misc"
    [ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || update-binfmts --enable qemu-aarch64 \
        || dvm_die "cannot register qemu-aarch64 with binfmt_misc"
}

dvm_make_image() {
    local dir=$DVM_CACHE tree="$DVM_CACHE/tree.tmp" started=$SECONDS mirror
    # shellcheck source=../../Board/lib/debian-mirror.sh
    source "$dvm_here/../../Board/lib/debian-mirror.sh"
    mirror=$(debian_mirror) || dvm_die "no Debian mirror"
    dvm_say "making the Debian 13 arm64 image from $mirror (about 11 minutes under emulation; cached in $dir)"
    rm -rf "$tree" "$dir/image" "$dir/image.tmp"
    mkdir -p "$dir/image.tmp"
    [ -f "$dir/id_ed25519" ] || ssh-keygen -q -t ed25519 -N "" -C wikichime-test -f "$dir/id_ed25519" \
        || dvm_die "ssh-keygen failed"
    dvm_binfmt
    mmdebstrap --quiet --variant=apt --arch=arm64 --include="$dvm_guest_packages" \
        --dpkgopt=force-unsafe-io --aptopt='Acquire::Retries "3"' \
        --customize-hook='echo box > "$1/etc/hostname"; echo "127.0.1.1 box" >> "$1/etc/hosts"' \
        --customize-hook='echo "/dev/vda / ext4 defaults 0 1" > "$1/etc/fstab"' \
        --customize-hook='printf "[Match]\nName=en*\n\n[Network]\nDHCP=yes\n" > "$1/etc/systemd/network/20-wired.network"' \
        --customize-hook='chroot "$1" systemctl enable systemd-networkd ssh >/dev/null' \
        --customize-hook="mkdir -p \"\$1/root/.ssh\"; install -m 0600 '$dir/id_ed25519.pub' \"\$1/root/.ssh/authorized_keys\"" \
        --customize-hook="cp \"\$1\"/boot/vmlinuz-* '$dir/image.tmp/vmlinuz'; cp \"\$1\"/boot/initrd.img-* '$dir/image.tmp/initrd'" \
        trixie "$tree" "$mirror" >"$dir/mmdebstrap.log" 2>&1 \
        || { tail -20 "$dir/mmdebstrap.log" >&2; rm -rf "$tree"; dvm_die "mmdebstrap failed (log: $dir/mmdebstrap.log)"; }
    truncate -s 3G "$dir/image.tmp/disk.img"
    mkfs.ext4 -q -F -L box -d "$tree" "$dir/image.tmp/disk.img" || dvm_die "mkfs.ext4 -d failed"
    rm -rf "$tree"
    echo "$dvm_recipe" > "$dir/image.tmp/recipe"
    mv "$dir/image.tmp" "$dir/image"
    dvm_say "image ready in $((SECONDS - started)) s"
}

dvm_prepare() {
    [ "$(id -u)" -eq 0 ] || dvm_die "run it as root: mmdebstrap and binfmt_misc need it"
    dvm_install_host_packages
    mkdir -p "$DVM_CACHE"
    exec 8>"$DVM_CACHE/lock"
    flock -n 8 || { dvm_say "waiting for another user of $DVM_CACHE"; flock 8; }
    if [ "$(cat "$DVM_CACHE/image/recipe" 2>/dev/null)" != "$dvm_recipe" ]; then dvm_make_image; fi
    dvm_image=$DVM_CACHE/image
    dvm_key=$DVM_CACHE/id_ed25519   # root's key in the image (made with it)
}

dvm_disk() {
    dvm_disk=$1
    qemu-img create -q -f qcow2 -b "$dvm_image/disk.img" -F raw "$dvm_disk" || dvm_die "qemu-img create failed"
}

dvm_free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

dvm_ssh_options() {
    echo "-i $dvm_key -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o ConnectTimeout=10 -o BatchMode=yes -p $dvm_ssh_port"
}

dvm_ssh() {
    # shellcheck disable=SC2046
    ssh $(dvm_ssh_options) root@127.0.0.1 "$@"
}

dvm_scp() {
    # shellcheck disable=SC2046
    scp -q $(dvm_ssh_options | sed 's/-p /-P /') "$@"
}

dvm_boot() {
    local name=$1; shift
    dvm_ssh_port=$(dvm_free_port)
    dvm_console="$dvm_run/$name.console.log"
    dvm_wav="$dvm_run/$name.wav"
    dvm_monitor="$dvm_run/$name.monitor"
    rm -f "$dvm_wav" "$dvm_monitor"
    qemu-system-aarch64 -M virt -cpu max,pauth-impdef=on -smp 2 -m 1024 -display none \
        -kernel "$dvm_image/vmlinuz" -initrd "$dvm_image/initrd" \
        -append "root=/dev/vda rw console=ttyAMA0 $*" \
        -drive "file=$dvm_disk,if=virtio,format=qcow2" \
        -netdev "user,id=net0,hostfwd=tcp:127.0.0.1:$dvm_ssh_port-:22" -device virtio-net-pci,netdev=net0,romfile= \
        -audiodev "wav,id=snd0,path=$dvm_wav,out.frequency=48000,out.channels=2,out.format=s16" \
        -device intel-hda -device hda-output,audiodev=snd0,mixer=off \
        -serial "file:$dvm_console" -monitor "unix:$dvm_monitor,server,nowait" </dev/null 2>"$dvm_run/$name.qemu.log" &
    dvm_pid=$!
    dvm_boot_started=$SECONDS
    until dvm_ssh true 2>/dev/null; do
        kill -0 "$dvm_pid" 2>/dev/null || { tail -20 "$dvm_console" >&2; dvm_die "QEMU ended while booting (console: $dvm_console)"; }
        [ $((SECONDS - dvm_boot_started)) -lt "$dvm_timeout" ] \
            || { tail -20 "$dvm_console" >&2; dvm_die "no SSH after $dvm_timeout s (console: $dvm_console)"; }
        sleep 2
    done
    dvm_say "$name: booted, SSH after $((SECONDS - dvm_boot_started)) s"
}

dvm_wait_qemu() {
    local waited=0
    while kill -0 "$dvm_pid" 2>/dev/null && [ $waited -lt "${1:-90}" ]; do sleep 1; waited=$((waited + 1)); done
    kill -0 "$dvm_pid" 2>/dev/null && return 1
    wait "$dvm_pid" 2>/dev/null
    return 0
}

dvm_poweroff() {
    dvm_ssh 'systemctl poweroff' 2>/dev/null || true
    dvm_wait_qemu 120 || { dvm_kill; dvm_say "the guest did not power off in 120 s: QEMU killed"; }
}

dvm_kill() {
    [ -n "${dvm_pid:-}" ] || return 0
    kill -9 "$dvm_pid" 2>/dev/null
    wait "$dvm_pid" 2>/dev/null
    dvm_pid=""
}
