# Runs inside the VM (busybox sh; see ../vm-gpio-test.sh): a gpio-sim chip labelled and named
# like a Raspberry Pi 4's, the real release binary from the share, and a watcher outside the
# program recording what its LED lines do. Writes everything to /mnt/out for the host to check.
set -u
. /mnt/pi-chip.sh
boards="--boards-dir /mnt/boards"
gpioinfo > $out/gpioinfo.txt
say "chip: $(cat $out/gpiodetect.txt)"

value() { cat $lines/sim_gpio$1/value; }
# The LED lines of Board/boards/rpi4.board.
leds="additions=$lines/sim_gpio17/value deletions=$lines/sim_gpio27/value newuser=$lines/sim_gpio22/value status=$lines/sim_gpio23/value"
language=5; volume_up=6; volume_down=26

# Starts the watcher and the program (ARGS) in the background, output to $out/NAME.*.
start() {
    name=$1
    shift
    gpio-watch $out/$name.watch $leds &
    watcher=$!
    $wikichime test-gpio "$@" > $out/$name.out 2> $out/$name.err &
    program=$!
}
# Waits for the program (at most SECONDS), then stops the watcher; the status goes to NAME.rc.
finish() {
    limit=$1
    waited=0
    while kill -0 $program 2>/dev/null && [ $waited -lt $((limit * 10)) ]; do usleep 100000; waited=$((waited + 1)); done
    if kill -0 $program 2>/dev/null; then say "$name: still running after $limit s: killing it"; kill -9 $program; fi
    wait $program
    echo $? > $out/$name.rc
    usleep 50000
    kill $watcher
    wait $watcher
    echo "$(value 17)$(value 27)$(value 22)$(value 23)" > $out/$name.after
}
# Waits until the program has printed a line matching PATTERN (at most 10 s).
wait_for() {
    tries=0
    until grep -q "$1" $out/$name.out 2>/dev/null || [ $tries -ge 100 ]; do usleep 100000; tries=$((tries + 1)); done
}

say "cycle: each LED in turn, twice ($(uptime_s) s)"
start cycle --board rpi4 $boards --cycles 2 --step 0.25
finish 20

say "buttons: bounces, presses, a long press ($(uptime_s) s)"
start buttons --board rpi4 $boards --step 30 --seconds 30
wait_for "LED additions on"
usleep 300000
# A 3 ms bouncy press of the language button, held 300 ms, then a bouncy release.
press $language; release $language; press $language; release $language; press $language
usleep 300000
release $language; press $language; release $language
usleep 300000
# A glitch shorter than the debounce window: no press.
press $volume_up; release $volume_up
usleep 300000
# A clean press of volume-up, 200 ms.
press $volume_up; usleep 200000; release $volume_up
usleep 300000
# A short press of volume-down (300 ms): volume down.
press $volume_down; usleep 300000; release $volume_down
usleep 300000
# A long press of volume-down (1.6 s): mute.
press $volume_down; usleep 1600000; release $volume_down
usleep 500000
kill -TERM $program
finish 10

say "script: flashes, a burst, status patterns ($(uptime_s) s)"
start script --board rpi4 $boards --script /mnt/panel.script
finish 30

say "stop: SIGTERM while an LED is lit ($(uptime_s) s)"
start stop --board rpi4 $boards --step 30
wait_for "LED additions on"
usleep 200000
echo "$(value 17)$(value 27)$(value 22)$(value 23)" > $out/stop.before
kill -TERM $program
finish 10

say "errors ($(uptime_s) s)"
$wikichime test-gpio --board rpi4 $boards --chip-label pinctrl-nosuch > /dev/null 2> $out/nochip.err
echo $? > $out/nochip.rc
$wikichime test-gpio --board /mnt/missing-line.board > /dev/null 2> $out/noline.err
echo $? > $out/noline.rc
gpioset --mode=signal gpiochip0 17=1 &
holder=$!
usleep 300000
$wikichime test-gpio --board rpi4 $boards --cycles 1 --step 0.1 > /dev/null 2> $out/busy.err
echo $? > $out/busy.rc
kill $holder
wait $holder
chmod 600 /dev/gpiochip0
# As a user outside the gpio group (busybox's setpriv cannot change the uid: su can).
su nobody -s /bin/sh -c "$wikichime test-gpio --board rpi4 $boards --cycles 1" > /dev/null 2> $out/permission.err
echo $? > $out/permission.rc
chmod 660 /dev/gpiochip0
say "done ($(uptime_s) s)"
