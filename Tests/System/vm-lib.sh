# The VM for system tests, shared by every Tests/System/vm-*.sh (source it; bash).
#
# Debian's own kernel (`apt-get download`), gpio-sim built out of tree from Debian's
# linux-source (one change: irq_to_desc is not exported), a busybox initramfs holding the
# modules, libgpiod's tools and the libraries the binary links, booted under QEMU TCG with a 9p
# share. Everything slow is cached under $VM_CACHE (default .build-vm/, git-ignored); the
# initramfs is rebuilt each run (about a second) so that it always carries the binary's
# current libraries.
#
#   vm_prepare                       packages, kernel, gpio-sim, the watcher (cached)
#   vm_initramfs BINARY OUT          an initramfs for BINARY (its libraries included)
#   vm_boot INITRAMFS SHARE SCRIPT   boots, runs SCRIPT (a busybox sh script) from the share
#                                    at /mnt, powers off; its output is SHARE/guest.log and
#                                    its exit status SHARE/guest.rc
#
# A test may add, before vm_prepare: modules to vm_modules (each after what it needs; a
# folder of modules is cached per list), host files or folders to vm_initramfs_files (copied
# to the same place in the guest), packages to vm_packages; and, before vm_boot, arguments to
# vm_qemu_args (vm-run-test.sh adds a sound card whose output is a WAV file on the host).
#
# Anything that stops the VM from being built or booted ends the script with status 2 and
# "DID NOT RUN: why": a system test never passes without having run.

VM_CACHE=${VM_CACHE:-$repo/.build-vm}
vm_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# The Debian packages the VM needs on the host (.ci/run installs them too).
vm_packages=(qemu-system-x86 busybox-static cpio gcc make libc6-dev kmod xz-utils libgpiod-dev gpiod
             linux-source-6.1 linux-headers-amd64 python3)
# Modules the guest loads, with what they need (found in the kernel's modules.dep).
vm_modules=(configfs virtio_pci 9pnet_virtio 9p)
# Host files or folders the initramfs carries too, and more arguments for QEMU.
vm_initramfs_files=()
vm_qemu_args=()

vm_say() { echo "vm: $*"; }
vm_die() {
    echo "vm: DID NOT RUN: $*" >&2
    exit 2
}

# shellcheck source=../../Board/lib/debian-packages.sh
source "$vm_here/../../Board/lib/debian-packages.sh"
# A machine without these cannot run the test: it says so, and does not pass.
vm_install_packages() {
    ensure_debian_packages vm "${vm_packages[@]}" || vm_die "the Debian packages it needs could not be installed"
}

# The kernel ABI of the newest installed linux-headers-*-amd64 ("6.1.0-56").
vm_kernel_abi() {
    local headers
    headers=$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -1)
    [ -n "$headers" ] || vm_die "no /usr/src/linux-headers-*-amd64 (apt-get install linux-headers-amd64)"
    headers=${headers#/usr/src/linux-headers-}
    echo "${headers%-amd64}"
}

# Downloads linux-image-ABI-amd64 (kept, 70 MB) and unpacks vmlinuz and the modules the guest
# needs: vm_modules and what they depend on, into $vm_modules_dir (one folder per list).
vm_kernel() {
    local dir=$1 abi=$2 tag
    tag=$(printf '%s\n' "${vm_modules[@]}" | md5sum | cut -c1-8)
    vm_modules_dir="$dir/modules-$tag"
    [ -f "$dir/vmlinuz" ] && [ -f "$vm_modules_dir/order" ] && return
    if ! ls "$dir/deb"/linux-image-*.deb >/dev/null 2>&1; then
        vm_say "kernel: apt-get download linux-image-$abi-amd64"
        rm -rf "$dir/deb"
        mkdir -p "$dir/deb"
        # _apt cannot write to a root-owned folder: it downloads as root then, with a warning.
        (cd "$dir/deb" && apt-get download "linux-image-$abi-amd64" 2>&1 | grep -v "^W: Download is performed unsandboxed") \
            || vm_die "apt-get download linux-image-$abi-amd64 failed: is the Debian archive reachable?"
        ls "$dir/deb"/linux-image-*.deb >/dev/null 2>&1 \
            || vm_die "apt-get download linux-image-$abi-amd64 gave no package: is the Debian archive reachable?"
    fi
    rm -rf "$dir/root" "$vm_modules_dir"
    mkdir -p "$vm_modules_dir"
    dpkg-deb -x "$dir/deb"/linux-image-*.deb "$dir/root" || vm_die "cannot unpack the kernel package"
    local tree="$dir/root/lib/modules/$abi-amd64"
    cp "$dir/root/boot/vmlinuz-$abi-amd64" "$dir/vmlinuz"
    depmod -b "$dir/root" "$abi-amd64" || vm_die "depmod failed on the kernel package"
    # Each wanted module after everything it needs, each once.
    local -A seen=()
    local order=()
    vm_add_module() {
        local name=$1 path deps dep
        path=$(grep -E "(^|/)$name\.ko(\.xz)?:" "$tree/modules.dep" | head -1 | cut -d: -f1)
        [ -n "$path" ] || vm_die "module $name is not in linux-image-$abi-amd64"
        [ -n "${seen[$path]:-}" ] && return
        seen[$path]=1
        deps=$(grep -E "^$path:" "$tree/modules.dep" | cut -d: -f2)
        for dep in $deps; do vm_add_module "$(basename "${dep%.ko*}")"; done
        cp "$tree/$path" "$vm_modules_dir/"
        order+=("$(basename "$path")")
    }
    local module
    for module in "${vm_modules[@]}"; do vm_add_module "$module"; done
    printf '%s\n' "${order[@]}" > "$vm_modules_dir/order"
    rm -rf "$dir/root"
}

# Builds gpio-sim.ko out of tree from three GPL-2.0 files of Debian's linux-source-6.1.
vm_gpio_sim() {
    local dir=$1 abi=$2
    [ -f "$dir/gpio-sim/gpio-sim-oot.ko" ] && return
    local source=/usr/src/linux-source-6.1.tar.xz
    [ -f "$source" ] || vm_die "$source is missing (apt-get install linux-source-6.1)"
    vm_say "gpio-sim: building against linux-headers-$abi-amd64"
    rm -rf "$dir/gpio-sim" "$dir/src"
    mkdir -p "$dir/gpio-sim" "$dir/src"
    tar -xJf "$source" -C "$dir/src" linux-source-6.1/drivers/gpio/gpio-sim.c linux-source-6.1/drivers/gpio/gpiolib.h \
        linux-source-6.1/kernel/irq/irq_sim.c || vm_die "cannot extract gpio-sim's sources from $source"
    cp "$dir/src/linux-source-6.1/drivers/gpio/gpio-sim.c" "$dir/src/linux-source-6.1/drivers/gpio/gpiolib.h" \
        "$dir/src/linux-source-6.1/kernel/irq/irq_sim.c" "$dir/gpio-sim/"
    rm -rf "$dir/src"
    # The one change: the kernel does not export irq_to_desc to modules.
    sed -i 's/handle_simple_irq(irq_to_desc(irqnum));/generic_handle_irq(irqnum);/' "$dir/gpio-sim/irq_sim.c"
    grep -q 'generic_handle_irq(irqnum);' "$dir/gpio-sim/irq_sim.c" \
        || vm_die "irq_sim.c changed upstream: the irq_to_desc change did not apply"
    printf 'obj-m := gpio-sim-oot.o\ngpio-sim-oot-y := gpio-sim.o irq_sim.o\n' > "$dir/gpio-sim/Kbuild"
    make -s -C "/lib/modules/$abi-amd64/build" M="$dir/gpio-sim" modules >"$dir/gpio-sim/build.log" 2>&1 \
        || { tail -20 "$dir/gpio-sim/build.log" >&2; vm_die "gpio-sim did not build (log: $dir/gpio-sim/build.log)"; }
}

vm_prepare() {
    local started=$SECONDS
    vm_install_packages
    vm_abi=$(vm_kernel_abi)
    vm_dir="$VM_CACHE/kernel-$vm_abi"
    mkdir -p "$vm_dir"
    vm_kernel "$vm_dir" "$vm_abi"
    vm_gpio_sim "$vm_dir" "$vm_abi"
    if [ ! -x "$vm_dir/gpio-watch" ] || [ "$vm_here/gpio-watch.c" -nt "$vm_dir/gpio-watch" ]; then
        gcc -static -O2 -Wall -o "$vm_dir/gpio-watch" "$vm_here/gpio-watch.c" || vm_die "gpio-watch did not build"
    fi
    vm_say "kernel $vm_abi-amd64, gpio-sim and the watcher ready ($((SECONDS - started)) s)"
}

# Copies a program and the libraries it links (as ldd finds them) into the tree ROOT.
vm_copy_program() {
    local root=$1 program=$2 target=$3 library
    mkdir -p "$root/$(dirname "$target")" "$root/lib/x86_64-linux-gnu" "$root/lib64"
    cp "$program" "$root/$target"
    for library in $(ldd "$program" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $3 }'); do
        [ -f "$root/lib/x86_64-linux-gnu/$(basename "$library")" ] || cp -L "$library" "$root/lib/x86_64-linux-gnu/"
    done
}

vm_initramfs() {
    local binary=$1 out=$2 root
    root=$(mktemp -d)
    # mktemp's 0700 would become the guest's / and lock out every user but root.
    chmod 755 "$root"
    mkdir -p "$root"/{bin,usr/bin,lib/modules,lib64,etc,proc,sys,dev,mnt,tmp}
    chmod 1777 "$root/tmp"
    cp /bin/busybox "$root/bin/busybox"
    cp "$vm_modules_dir/"*.ko "$vm_dir/gpio-sim/gpio-sim-oot.ko" "$root/lib/modules/"
    { cat "$vm_modules_dir/order"; echo gpio-sim-oot.ko; } > "$root/lib/modules/order"
    cp "$vm_here/guest/init" "$root/init"
    chmod +x "$root/init"
    cp "$vm_dir/gpio-watch" "$root/usr/bin/"
    local tool
    for tool in gpiodetect gpioinfo gpioget gpioset gpiomon; do vm_copy_program "$root" "/usr/bin/$tool" "usr/bin/$tool"; done
    # The binary itself runs from the share; only its libraries go in.
    vm_copy_program "$root" "$binary" "tmp/binary-libraries-only"
    rm "$root/tmp/binary-libraries-only"
    cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
    local file
    for file in "${vm_initramfs_files[@]}"; do
        [ -e "$file" ] || vm_die "$file is missing (for the initramfs)"
        mkdir -p "$root/$(dirname "$file")"
        cp -a "$file" "$root/$file"
    done
    printf 'root:x:0:0:root:/:/bin/sh\nnobody:x:1000:1000:nobody:/:/bin/sh\n' > "$root/etc/passwd"
    # audio: ALSA's dmix (the `default` device) gives its shared memory to this group.
    printf 'root:x:0:\ngpio:x:997:\naudio:x:29:\nnobody:x:1000:\n' > "$root/etc/group"
    # Uncompressed: the kernel unpacks it faster than it would gunzip it under TCG.
    (cd "$root" && find . | cpio -o -H newc --quiet) > "$out" || vm_die "cpio failed"
    rm -rf "$root"
}

vm_boot() {
    local initramfs=$1 share=$2 script=$3 log=$2/console.log
    cp "$script" "$share/guest.sh"
    cp "$vm_here/guest/pi-chip.sh" "$share/pi-chip.sh"   # sourced by the scenario scripts
    rm -f "$share/guest.rc" "$share/guest.log"
    local started=$SECONDS
    # -smp 1: TCG on 2 host cores; the kernel's quiet console goes to a file, not to stdin/stdout.
    timeout "${VM_TIMEOUT:-240}" qemu-system-x86_64 -accel tcg -cpu max -smp 1 -m 512M -display none \
        -monitor none -serial "file:$log" -no-reboot -nic none \
        -kernel "$vm_dir/vmlinuz" -initrd "$initramfs" -append "console=ttyS0 quiet panic=-1" \
        -virtfs "local,path=$share,mount_tag=host,security_model=none,id=host" "${vm_qemu_args[@]}" </dev/null
    local status=$?
    vm_boot_seconds=$((SECONDS - started))
    if [ ! -f "$share/guest.rc" ]; then
        tail -20 "$log" >&2
        [ $status -eq 124 ] && vm_die "the VM did not finish in ${VM_TIMEOUT:-240} s (console: $log)"
        vm_die "the VM ended without running the guest script (qemu status $status; console: $log)"
    fi
}
