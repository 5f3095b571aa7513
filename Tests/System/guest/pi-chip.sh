# Sourced by the guest scenario scripts (busybox sh, inside the VM): the shared start — /mnt/out,
# `say`, and a gpio-sim chip like a Raspberry Pi 4's (label pinctrl-bcm2711, lines GPIO0..GPIO27
# at their own offsets), with `lines` pointing at its sim_gpioN folders and `press`/`release`
# for buttons wired to ground; `remove_chip` and `make_chip` take it away and make it again.
out=/mnt/out
mkdir -p $out
wikichime=/mnt/wikichime
say() { echo "guest: $*"; }
uptime_s() { cut -d' ' -f1 /proc/uptime; }

sim=/sys/kernel/config/gpio-sim/pi
# Makes the chip (again, after a test took it away) and points `lines` at it.
make_chip() {
    [ -d /sys/kernel/config/gpio-sim ] || { say "no gpio-sim in configfs: the module did not load"; exit 3; }
    mkdir $sim $sim/bank0
    echo 28 > $sim/bank0/num_lines
    echo pinctrl-bcm2711 > $sim/bank0/label
    n=0
    while [ $n -lt 28 ]; do
        mkdir $sim/bank0/line$n
        echo GPIO$n > $sim/bank0/line$n/name
        n=$((n + 1))
    done
    echo 1 > $sim/live
    lines=/sys/devices/platform/$(cat $sim/dev_name)/$(cat $sim/bank0/chip_name)
}
# Takes it away: offline, then its configfs folders (the module stays loaded).
remove_chip() {
    echo 0 > $sim/live || return 1
    n=0
    while [ $n -lt 28 ]; do rmdir $sim/bank0/line$n; n=$((n + 1)); done
    rmdir $sim/bank0 $sim
}
make_chip
gpiodetect > $out/gpiodetect.txt

# A button wired to ground: pressed pulls the line down (the program asked for a pull-up).
press() { echo pull-down > $lines/sim_gpio$1/pull; }
release() { echo pull-up > $lines/sim_gpio$1/pull; }
