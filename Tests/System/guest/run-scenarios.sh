# Runs inside the VM (busybox sh; see ../vm-run-test.sh): `wikichime run` replaying crafted edits
# with a gpio-sim chip like a Raspberry Pi 4's and the VM's HDA sound card (its output is a WAV
# file on the host), while a watcher outside the program records the LED and button lines.
# Writes everything to /mnt/out for check-run.py.
#
#   leds     20 spaced notes: the LEDs against the trace, the sound against the trace
#   buttons  enwiki and dewiki edits in turn; the language button, then volume-up; SIGTERM
#   chip     the gpio-sim chip removed while it plays: it must play on, drop the panel, and
#            open it again when the chip comes back (LEDs and a volume-up press on the new chip)
set -u
. /mnt/pi-chip.sh
say "chip: $(cat $out/gpiodetect.txt)"

# The sound card, as the program will see it.
cat /proc/asound/cards > $out/asound-cards.txt 2>&1
ls /dev/snd > $out/dev-snd.txt 2>&1
$wikichime list-audio-devices > $out/audio-devices.txt 2>&1
say "sound: $(head -1 $out/asound-cards.txt)"
audio=default

value() { cat $lines/sim_gpio$1/value 2>/dev/null || echo x; }
leds_now() { echo "$(value 17)$(value 27)$(value 22)$(value 23)"; }
# The LED lines of Board/boards/rpi4.board, and two of its buttons (the watcher sees their level),
# on the chip `lines` points at now.
watched() {
    echo "additions=$lines/sim_gpio17/value deletions=$lines/sim_gpio27/value newuser=$lines/sim_gpio22/value" \
        "status=$lines/sim_gpio23/value language=$lines/sim_gpio5/value volume-up=$lines/sim_gpio6/value"
}
language=5; volume_up=6

# start NAME RATE: the watcher, then `wikichime run` replaying /mnt/NAME.jsonl at RATE events/s,
# in the background; its records go to $out/NAME.*, its state and status to $out/NAME/.
start() {
    name=$1
    mkdir -p $out/$name/state $out/$name/run
    gpio-watch $out/$name.watch $(watched) &
    watcher=$!
    $wikichime run --board rpi4 --boards-dir /mnt/boards --input /mnt/$name.jsonl --rate $2 --languages en \
        --trace $out/$name.trace.jsonl --config /mnt/none.conf --state-dir $out/$name/state \
        --runtime-dir $out/$name/run --audio-device $audio > $out/$name.out 2> $out/$name.err &
    program=$!
    head -1 /proc/stat > $out/$name.cpu-start
    say "$name: started at $(uptime_s) s"
}
# Waits for the program (at most SECONDS), then stops the watcher; the status goes to NAME.rc.
finish() {
    limit=$1
    waited=0
    # The CPU time the program and the watcher used (for the report: sound under TCG is tight).
    while kill -0 $program 2>/dev/null && [ $waited -lt $((limit * 10)) ]; do
        stat=$(cat /proc/$program/stat 2>/dev/null) && echo "$stat" > $out/$name.stat
        usleep 100000
        waited=$((waited + 1))
    done
    if kill -0 $program 2>/dev/null; then say "$name: still running after $limit s: killing it"; kill -9 $program; fi
    wait $program
    echo $? > $out/$name.rc
    uptime_s > $out/$name.ended
    head -1 /proc/stat > $out/$name.cpu-end
    usleep 50000
    cat /proc/$watcher/stat > $out/$name.watch-stat
    kill $watcher
    wait $watcher
    leds_now > $out/$name.after
    say "$name: ended at $(uptime_s) s, status $(cat $out/$name.rc)"
}
# The program's open GPIO descriptors (the chip, the line requests' anon inodes).
gpio_fds() { ls -l /proc/$program/fd 2>/dev/null | grep -c gpio; }
trace_lines() { cat $out/$name.trace.jsonl 2>/dev/null | wc -l; }
# Waits until the trace has COUNT lines (at most 20 s).
wait_trace() {
    tries=0
    until [ "$(trace_lines)" -ge $1 ] || [ $tries -ge 200 ]; do usleep 100000; tries=$((tries + 1)); done
}

# --- leds: 20 notes, 0.35-0.75 s apart; ends by itself 3 s after the last ---
start leds 20
finish 40

# --- buttons: the language button, then volume-up, while it plays; then SIGTERM ---
start buttons 4
wait_trace 6
# The status the program writes every 2 s: the settings before any press.
cat $out/buttons/run/status > $out/buttons.status-before 2>&1
press $language; usleep 150000; release $language
usleep 600000
press $volume_up; usleep 150000; release $volume_up
usleep 300000
# The state file is written at once for the first change, then at most every 10 s: the
# volume waits for SIGTERM.
cat $out/buttons/state/state > $out/buttons.state-during 2>&1
usleep 2200000
$wikichime status --runtime-dir $out/buttons/run > $out/buttons.status-after 2>&1
usleep 1000000
# SIGTERM must end it at once (the replay has ~6 s to go): the times go to .term and .ended.
uptime_s > $out/buttons.term
kill -TERM $program
finish 20
cat $out/buttons/state/state > $out/buttons.state-after 2>&1

# --- chip: the gpio-sim chip goes away while it plays, then comes back ---
start chip 20
wait_trace 8
trace_lines > $out/chip.removed-after
gpio_fds > $out/chip.fds-before
remove_chip
echo $? > $out/chip.live-rc
say "chip: removed (live = 0, configfs folders gone) at $(uptime_s) s, after $(cat $out/chip.removed-after) trace lines"
# The program drops the panel (closing its line requests and the chip) when setting an LED or
# reading the buttons fails. (gpio-sim's module stays loaded: Linux 6.1's gpiod_free skips the
# module_put of a line freed after its chip went, so rmmod is refused whatever the program does.)
tries=0
until grep -q "panel lost" $out/chip.err || [ $tries -ge 100 ]; do usleep 100000; tries=$((tries + 1)); done
uptime_s > $out/chip.lost
gpio_fds > $out/chip.fds-lost
usleep 3000000
kill -0 $program 2>/dev/null && echo running > $out/chip.alive-3s
trace_lines > $out/chip.lines-3s
# The chip comes back: a new device, watched anew. The program retries GPIO every 30 s after
# the loss.
kill $watcher
wait $watcher
make_chip
gpiodetect > $out/chip.gpiodetect-back.txt
gpio-watch $out/chip.back.watch $(watched) &
watcher=$!
say "chip: back at $(uptime_s) s ($(cat $out/chip.gpiodetect-back.txt))"
tries=0
until [ "$(grep -c "panel: board" $out/chip.err)" -ge 2 ] || [ $tries -ge 400 ]; do usleep 100000; tries=$((tries + 1)); done
uptime_s > $out/chip.reopened
say "chip: $(grep -c "panel: board" $out/chip.err) panel openings in the log at $(uptime_s) s"
gpio_fds > $out/chip.fds-back
usleep 1000000
press $volume_up; usleep 150000; release $volume_up
finish 80
trace_lines > $out/chip.lines-end
dmesg > $out/dmesg.txt
say "done ($(uptime_s) s)"
