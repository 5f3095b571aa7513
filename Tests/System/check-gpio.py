#!/usr/bin/env python3
"""Checks what guest/gpio-scenarios.sh recorded in the VM (its out/ folder): the LED lines as
the watcher saw them from outside the program, and what the program printed. Prints one line
per check and exits 1 if any failed.

    check-gpio.py OUT_DIR [v1|v2|any]     (the libgpiod API the binary must report)
"""
import re
import sys
from pathlib import Path

out = Path(sys.argv[1])
api = sys.argv[2] if len(sys.argv) > 2 else "any"
passed = failed = 0
# Timing slack for a VM under software emulation (TCG): sampled every millisecond, but the
# guest is slow and its timers late by a few milliseconds now and then.
SLACK = 0.06


def check(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   - {what}")
    else:
        failed += 1
        print(f"FAIL - {what}" + (f"\n       {detail}" if detail else ""))


def read(name):
    path = out / name
    return path.read_text(errors="replace") if path.exists() else ""


def pulses(name):
    """The lit intervals of each LED from NAME.watch: {led: [(start, end), ...]} (times relative
    to the watcher's start), and the LEDs still lit at its end."""
    lines = [line.split() for line in read(f"{name}.watch").splitlines()]
    if not lines:
        return {}, {}
    origin = float(lines[0][0])
    lit, result = {}, {}
    for fields in lines:
        if len(fields) != 3:
            continue
        time, led, value = float(fields[0]) - origin, fields[1], fields[2]
        result.setdefault(led, [])
        if value == "1" and led not in lit:
            lit[led] = time
        elif value == "0" and led in lit:
            result[led].append((lit.pop(led), time))
    return result, lit


def events(name):
    """The program's lines without their t= stamps, and the stamps."""
    result = []
    for line in read(f"{name}.out").splitlines():
        match = re.match(r"t=(\d+\.\d+) (.*)", line)
        if match:
            result.append((float(match.group(1)), match.group(2)))
    return result


def near(value, target, slack=SLACK):
    return abs(value - target) <= slack


def durations(intervals):
    return [round(end - start, 3) for start, end in intervals]


# --- The chip looks like a Pi 4's ---
check("[pinctrl-bcm2711]" in read("gpiodetect.txt"), "gpio-sim chip labelled pinctrl-bcm2711", read("gpiodetect.txt"))
check('"GPIO17"' in read("gpioinfo.txt") and '"GPIO26"' in read("gpioinfo.txt"), "lines named GPIO0..GPIO27")

# --- cycle: each LED in turn, twice ---
seen, still = pulses("cycle")
order = sorted((start, end, led) for led, intervals in seen.items() for start, end in intervals)
check(read("cycle.rc").strip() == "0", "cycle: test-gpio --cycles 2 exits 0", read("cycle.err"))
check([led for _, _, led in order] == ["additions", "deletions", "newuser", "status"] * 2,
      "cycle: each LED lit in turn, in order, twice", str(order))
check(all(near(end - start, 0.25) for start, end, _ in order), "cycle: each lit for 0.25 s",
      str([(led, round(end - start, 3)) for start, end, led in order]))
# The watcher reads the lines one after the other every millisecond: a change is seen up to one
# round late, so "together" means more than 5 ms.
overlaps = [(a, b) for a, b in zip(order, order[1:]) if b[0] < a[1] - 0.005]
check(not overlaps, "cycle: never two LEDs lit at once", str(overlaps))
check(read("cycle.after").strip() == "0000" and not still, "cycle: all LEDs dark after exit", read("cycle.after"))
check("LED additions: GPIO17 (pin 11, active-high)" in read("cycle.out"), "cycle: names each LED's line and pin")

# --- buttons ---
printed = [text for _, text in events("buttons") if text.startswith(("button", "action"))]
expected = [
    "button language pressed", "button language press", "action next language", "button language released",
    "button volume-up pressed", "button volume-up press", "action volume up", "button volume-up released",
    "button volume-down pressed", "button volume-down released", "button volume-down press", "action volume down",
    "button volume-down pressed", "button volume-down long press", "action toggle mute", "button volume-down released",
]
check(printed == expected, "buttons: bounces and a 2 ms glitch ignored; press, short press, long press → mute",
      "\n       ".join(["got:"] + printed))
stamps = {text: time for time, text in reversed(events("buttons"))}
long_press = [time for time, text in events("buttons") if text == "button volume-down long press"]
presses = [time for time, text in events("buttons") if text == "button volume-down pressed"]
check(len(long_press) == 1 and len(presses) == 2 and near(long_press[0] - presses[1], 1.0, 0.15),
      "buttons: the long press comes 1 s after the press, while held", f"{presses} {long_press}")
header = read("buttons.out")
if api == "v1":
    check("(API v1)" in header and "buttons debounced in software (25 ms)" in header,
          "buttons: libgpiod API v1, debounced in software", header[:300])
elif api == "v2":
    check("(API v2)" in header and "buttons debounced in the kernel (25 ms)" in header,
          "buttons: libgpiod API v2, debounced in the kernel", header[:300])
else:
    check("buttons debounced in" in header, "buttons: says how they are debounced", header[:300])
check(read("buttons.rc").strip() == "0" and read("buttons.after").strip() == "0000",
      "buttons: SIGTERM ends it with status 0, all LEDs dark", read("buttons.err"))

# --- script: flashes, a burst, status patterns ---
seen, still = pulses("script")
check(read("script.rc").strip() == "0", "script: exits 0 at `end`", read("script.err"))
additions, deletions, newuser, status = (seen.get(led, []) for led in ("additions", "deletions", "newuser", "status"))
check(len(additions) >= 1 and near(additions[0][1] - additions[0][0], 0.4),
      "script: a 40 000-byte addition flashes 0.4 s (radius 1000)", str(durations(additions[:1])))
check(len(deletions) == 1 and deletions[0][1] - deletions[0][0] <= 0.04 + SLACK,
      "script: a 0-byte deletion flashes the shortest (0.04 s)", str(durations(deletions)))
check(len(newuser) == 1 and near(newuser[0][1] - newuser[0][0], 0.5), "script: a new account flashes 0.5 s",
      str(durations(newuser)))
burst = additions[1:]
gaps = [b[0] - a[1] for a, b in zip(burst, burst[1:])]
check(4 <= len(burst) < 30, "script: a burst of 30 notes shows as several blinks, merged", f"{len(burst)} blinks")
check(all(gap >= 0.06 - 0.01 for gap in gaps), "script: dark at least 60 ms between blinks",
      str([round(gap, 3) for gap in gaps]))
check(all(end - start <= 0.08 + SLACK for start, end in burst[:-1]) and burst and burst[-1][1] - burst[-1][0] < 0.25,
      "script: blinks cut to 80 ms while more wait, never stuck on", str(durations(burst)))
check(bool(burst) and burst[-1][1] - burst[0][0] < 0.6 + 0.08 + 0.06 + 0.17 + 0.3,
      "script: the burst ends soon after the last note (never more than one flash behind)")
counts = re.search(r"flashes additions: (\d+) shown, (\d+) merged", read("script.out"))
check(bool(counts) and int(counts.group(1)) + int(counts.group(2)) == 31 and int(counts.group(1)) == len(additions),
      "script: every addition shown or merged (31 notes)", counts.group(0) if counts else read("script.out")[-300:])
status_lengths = durations(status)
connecting, rest = status[:4], status[4:]
check(len(connecting) == 4 and all(near(end - start, 0.5) for start, end in connecting)
      and all(near(b[0] - a[0], 1.0) for a, b in zip(connecting, connecting[1:])),
      "script: status blinks 0.5 s on / 0.5 s off while connecting", str(status_lengths))
heartbeat, muted = rest[:4], rest[4:]
check(len(heartbeat) == 4 and all(end - start <= 0.06 + SLACK for start, end in heartbeat)
      and near(heartbeat[1][0] - heartbeat[0][0], 0.2) and near(heartbeat[2][0] - heartbeat[0][0], 2.5),
      "script: status heartbeat when connected (two blips every 2.5 s)", str(status_lengths))
check(len(muted) == 1 and muted[0][1] - muted[0][0] <= 0.04 + SLACK and bool(heartbeat)
      and near(muted[0][0] - heartbeat[0][0], 2.9, 0.1),
      "script: one short blip when muted", str(status_lengths))
check(read("script.after").strip() == "0000" and not still, "script: all LEDs dark after exit")

# --- stop: SIGTERM while lit ---
check(read("stop.before").strip() == "1000", "stop: the additions LED (GPIO17) is lit", read("stop.before"))
check(read("stop.rc").strip() == "0" and read("stop.after").strip() == "0000",
      "stop: SIGTERM switches every LED off and exits 0", f"rc {read('stop.rc').strip()} after {read('stop.after').strip()}")

# --- errors: one clear message each, status 1 ---
def error_check(name, what, *needles):
    text = read(f"{name}.err")
    check(read(f"{name}.rc").strip() == "1" and all(needle in text for needle in needles), what, text.strip())
    if text.strip():
        print(f"       says: {text.strip()}")


error_check("nochip", "errors: a missing chip names the label and what there is",
            "no GPIO chip labelled 'pinctrl-nosuch'", "/dev/gpiochip0 [pinctrl-bcm2711]", "--chip-label")
error_check("noline", "errors: a missing line names it and the chip", "LED additions: no line named GPIO99",
            "'pinctrl-bcm2711'", "gpioinfo")
error_check("busy", "errors: a busy line names the line, its holder and the fix",
            "LED additions: line GPIO17", "is busy (used by 'gpioset')", "systemctl stop wikichime")
error_check("permission", "errors: no permission names the device and the gpio group",
            "cannot open /dev/gpiochip0", "Permission denied", "gpio group")

print(f"libgpiod-{api}: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
