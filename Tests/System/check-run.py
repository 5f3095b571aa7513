#!/usr/bin/env python3
"""Checks what guest/run-scenarios.sh recorded in the VM (its out/ folder) and the sound QEMU's
HDA card wrote to a WAV file on the host: `wikichime run` with LEDs, buttons and a sound card,
seen from outside the program. Prints one line per check and exits 1 if any failed.

    check-run.py OUT_DIR WAV_FILE

Times: the watcher stamps LED and button changes with the guest's CLOCK_MONOTONIC; the trace's
`t` is seconds since the replay started. One constant offset maps the one onto the other, and
is measured from the flashes themselves. The WAV file holds what each run played, one run after
the other, without the time between them (QEMU writes only while the card plays), so each run's
notes are found in it by their rhythm and pitch. Standard library only.
"""
import json
import math
import re
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

out = Path(sys.argv[1])
wav_path = Path(sys.argv[2]) if len(sys.argv) > 2 else None
passed = failed = 0
# The LEDs against the trace: a flash may start this far from where one constant offset puts it.
LED_SLACK = 0.05
# The shortest dark time between two flashes (PanelTiming.gap), for the merging rule.
GAP = 0.06
# The sound against the trace: a note must start this close to the line through all of them
# (sound_check.py finds them). A note starts where the synthesiser writes, ahead of what the card
# plays by the buffer's fill (at most 80 ms); under TCG the fill varies, and with it the delay.
SOUND_SLACK = 0.05


def check(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   - {what}")
    else:
        failed += 1
        print(f"FAIL - {what}")
    if detail:
        print("       " + str(detail).replace("\n", "\n       "))


def read(name):
    path = out / name
    return path.read_text(errors="replace") if path.exists() else ""


def fields(text):
    """`key = value` lines (the status and state files)."""
    result = {}
    for line in text.splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            result[key.strip()] = value.strip()
    return result


def trace(name):
    lines = []
    for line in read(f"{name}.trace.jsonl").splitlines():
        try:
            lines.append(json.loads(line))
        except ValueError:
            pass
    return lines


def played(lines, instrument=None):
    return [x for x in lines if not x["dropped"] and (instrument is None or x["instrument"] == instrument)]


def watch(name):
    """The watcher's record: {line: [(start, end), ...]} lit intervals (guest monotonic seconds),
    {line: [(time, value), ...]} every change, the lines lit when it ended, and its start."""
    changes, lit, intervals, start = {}, {}, {}, None
    for row in read(f"{name}.watch").splitlines():
        parts = row.split()
        if len(parts) != 3:
            continue
        time, line, value = float(parts[0]), parts[1], parts[2]
        start = time if start is None else start
        changes.setdefault(line, []).append((time, value))
        intervals.setdefault(line, [])
        if value == "1" and line not in lit:
            lit[line] = time
        elif value != "1" and line in lit:
            intervals[line].append((lit.pop(line), time))
    return intervals, changes, lit, start


def flash_length(delta):
    """FlashLength.duration: 0.04 s (the smallest edit) to 0.4 s (40 000 bytes and more)."""
    radius = max(5 * math.sqrt(abs(delta)), 3)
    return 0.04 + (min(radius, 1000) - 3) / (1000 - 3) * 0.36


def may_merge(notes):
    """How many of these notes (one LED's, in order) may fold into the flash before them: those
    that come while it is lit or within the gap after it (FlashScheduler)."""
    return sum(1 for a, b in zip(notes, notes[1:]) if b["t"] - a["t"] < flash_length(a["delta"]) + GAP)


def offset_of(notes, starts):
    """The offset (flash time - trace time) that puts most notes on a flash, and the pairs."""
    best = (0, 0.0)
    for start in starts[:10]:
        for note in notes[:10]:
            guess = start - note["t"]
            hits = sum(1 for n in notes if any(abs(s - guess - n["t"]) <= LED_SLACK for s in starts))
            if hits > best[0]:
                best = (hits, guess)
    guess = best[1]
    pairs = []
    for note in notes:
        near = [s for s in starts if abs(s - guess - note["t"]) <= LED_SLACK * 2]
        if near:
            pairs.append((note, min(near, key=lambda s: abs(s - guess - note["t"]))))
    if pairs:
        guess = statistics.median(s - n["t"] for n, s in pairs)
    return guess, pairs


def presses(changes, line):
    """When a button line went low (pressed): the pull-up makes it high first, when the program
    asks for the line."""
    result, high = [], False
    for time, value in changes.get(line, []):
        if value == "1":
            high = True
        elif value == "0" and high:
            result.append(time)
            high = False
    return result


def cpu_note(name):
    """The CPU share the program and the watcher took (ticks of 10 ms), for the record."""
    try:
        start = [int(v) for v in read(f"{name}.cpu-start").split()[1:]]
        end = [int(v) for v in read(f"{name}.cpu-end").split()[1:]]
        program = read(f"{name}.stat").rsplit(")", 1)[1].split()
        watcher = read(f"{name}.watch-stat").rsplit(")", 1)[1].split()
        total = sum(end) - sum(start)
        share = lambda parts: (int(parts[11]) + int(parts[12])) / total * 100
        return f"CPU: program {share(program):.0f} %, watcher {share(watcher):.0f} % of the guest's one core"
    except (ValueError, IndexError, ZeroDivisionError):
        return "CPU: not recorded"


from sound_check import HEARD_DB, Sound, sound_report  # noqa: E402 (after sys.path)

# ==========================================================================================
# 1. LEDs in step with the trace (leds: 20 spaced notes, the run ends by itself)

leds_trace = trace("leds")
intervals, changes, still, _ = watch("leds")
summary = read("leds.err").strip().splitlines()
check(read("leds.rc").strip() == "0", "leds: `run --input` plays the replay and exits 0",
      summary[-1] if read("leds.rc").strip() == "0" and summary else "\n".join(summary[-8:]))
check(len(leds_trace) == 21 and len(played(leds_trace)) == 20,
      "leds: the trace has the 21 selected edits, 20 played (the new account dropped: grace time)",
      f"{len(leds_trace)} lines, {len(played(leds_trace))} played")
offsets = {}
for led, instrument in (("additions", "celesta"), ("deletions", "clav")):
    notes = played(leds_trace, instrument)
    starts = [s for s, _ in intervals.get(led, [])]
    merges = may_merge(notes)
    check(len(notes) - merges <= len(starts) <= len(notes) and len(notes) > 3,
          f"leds: {led} LED: one flash per played {instrument} note ({merges} may merge by the panel's rule)",
          f"{len(starts)} flashes, {len(notes)} notes")
    offset, pairs = offset_of(notes, starts)
    offsets[led] = (offset, pairs)
if all(offsets[led][1] for led in offsets):
    offset = statistics.median(s - n["t"] for led in offsets for n, s in offsets[led][1])
    deviations = [(led, n["t"], round((s - n["t"] - offset) * 1000, 1)) for led in offsets for n, s in offsets[led][1]]
    # One flash may be seen up to 100 ms late: under TCG one core runs the program's threads, the
    # synthesiser's included, and the watcher (it happened once in a few runs).
    late = [d for *_, d in deviations if abs(d) > LED_SLACK * 1000]
    check(all(len(offsets[led][1]) == len(played(leds_trace, i)) for led, i in (("additions", "celesta"), ("deletions", "clav")))
          and len(late) <= 1 and all(abs(d) <= 100 for d in late),
          f"leds: every flash starts at its note's trace time + one offset, within {LED_SLACK * 1000:.0f} ms "
          f"(one may be up to 100 ms late)",
          f"offset {offset:.3f} s (watcher clock - trace time); deviations {min(d for *_, d in deviations):+.1f} … "
          f"{max(d for *_, d in deviations):+.1f} ms over {len(deviations)} flashes"
          + "".join(f"\n{led} flash for t={t}: {d:+.1f} ms" for led, t, d in deviations if abs(d) > 25))
    lengths = [(led, n["delta"], round(e - s, 3), round(flash_length(n["delta"]), 3))
               for led in offsets for n, s in offsets[led][1] for s2, e in intervals[led] if s2 == s]
    off = [x for x in lengths if abs(x[2] - x[3]) > LED_SLACK]
    check(lengths and not off, f"leds: each flash as long as its edit's size says (0.04–0.4 s), within {LED_SLACK * 1000:.0f} ms",
          f"{len(lengths)} flashes, {min(l[3] for l in lengths):.3f}–{max(l[3] for l in lengths):.3f} s; "
          f"worst {max(abs(l[2] - l[3]) for l in lengths) * 1000:.0f} ms" + (f"; off: {off}" if off else ""))
else:
    check(False, "leds: the flashes line up with the trace", f"no flash near any note: {offsets}")
check(not intervals.get("newuser"), "leds: the dropped new account and the silent talk-page edit flash nothing",
      f"newuser flashes: {intervals.get('newuser')}")
status = intervals.get("status", [])
blips = [(s, e) for s, e in status if e - s <= 0.1]
# The first blips may be the connecting pattern, cut short when the replay starts.
beats = [b[0] - a[0] for a, b in zip(blips[1:], blips[3:]) if 0.15 <= blips[blips.index(a) + 1][0] - a[0] <= 0.25]
check(len(beats) >= 3 and all(abs(x - 2.5) <= 0.1 for x in beats),
      "leds: the status LED gives the connected heartbeat while replaying (two blips every 2.5 s)",
      f"{len(status)} status flashes, heartbeat periods {[round(x, 2) for x in beats]}")
still = [line for line in still if line in ("additions", "deletions", "newuser", "status")]
check(read("leds.after").strip() == "0000" and not still, "leds: all LEDs dark after exit",
      f"after: {read('leds.after').strip()}, lit at the end: {still}")
print(f"       ({cpu_note('leds')})")

# ==========================================================================================
# 2. Buttons change the language and the volume (buttons: enwiki and dewiki edits in turn)

buttons_trace = trace("buttons")
intervals, changes, still, _ = watch("buttons")
starts = sorted([(s, "additions") for s, _ in intervals.get("additions", [])] +
                [(s, "deletions") for s, _ in intervals.get("deletions", [])])
offset, pairs = offset_of(played(buttons_trace), [s for s, _ in starts])
language_presses, volume_presses = presses(changes, "language"), presses(changes, "volume-up")
check(len(language_presses) == 1 and len(volume_presses) == 1 and len(pairs) >= 6,
      "buttons: the watcher saw one press of each button, and the flashes give the trace's clock",
      f"language {language_presses}, volume-up {volume_presses}; {len(pairs)} flashes on notes, offset {offset:.3f} s")
if language_presses and pairs:
    press = language_presses[0] - offset
    before = [x for x in buttons_trace if x["t"] < press]
    after = [x for x in buttons_trace if x["t"] > press]
    first_de = next((x["t"] for x in after if x["wiki"] == "dewiki"), None)
    last_en = max((x["t"] for x in buttons_trace if x["wiki"] == "enwiki"), default=None)
    check(len(before) >= 3 and all(x["wiki"] == "enwiki" for x in before),
          "buttons: before the press the trace has enwiki edits only", f"{len(before)} edits before t={press:.2f} s: "
          + ", ".join(sorted({x['wiki'] for x in before})))
    check(len(after) >= 3 and first_de is not None and first_de - press <= 0.8 and last_en is not None
          and last_en <= press + 0.35 and all(x["wiki"] == "dewiki" for x in after if x["t"] > press + 0.35),
          "buttons: after the language button, dewiki edits only (the next in en, de, fr, ja, wikidata)",
          f"press at t={press:.2f} s; last enwiki edit t={last_en}, first dewiki t={first_de}; "
          f"{len(after)} edits after")
    late_additions = [s - offset for s, _ in intervals.get("additions", []) if s - offset > press + 0.45]
    early_deletions = [s - offset for s, _ in intervals.get("deletions", []) if s - offset < press]
    check(not late_additions and not early_deletions and intervals.get("deletions"),
          "buttons: the LEDs follow (enwiki additions flash before the press, dewiki deletions after)",
          f"additions after: {late_additions}, deletions before: {early_deletions}")
before_status = fields(read("buttons.status-before"))
after_status = {}
for line in read("buttons.status-after").splitlines()[1:]:
    parts = line.split(None, 1) if not line.startswith("  ") else re.split(r"\s{2,}", line.strip(), 1)
    if len(parts) == 2:
        after_status[parts[0]] = parts[1]
check(before_status.get("languages") == "en" and before_status.get("volume") == "50",
      "buttons: the status file before the presses says en, volume 50",
      f"languages {before_status.get('languages')}, volume {before_status.get('volume')}")
check(read("buttons.status-after").startswith("wikichime is running") and after_status.get("languages") == "de"
      and after_status.get("volume") == "55",
      "buttons: `wikichime status` after the presses says de, volume 55 (volume-up: +5)",
      read("buttons.status-after").strip()[:60].replace("\n", " / ") +
      f" … languages {after_status.get('languages')}, volume {after_status.get('volume')}")
during, final = fields(read("buttons.state-during")), fields(read("buttons.state-after"))
check(during.get("languages") == "de" and during.get("volume") is None,
      "buttons: the state file is written at once for the first press, the second waits (one write per 10 s)",
      f"during the run: {during}")
check(final.get("languages") == "de" and final.get("volume") == "55" and final.get("muted") == "no",
      "buttons: after SIGTERM the state file holds languages = de, volume = 55", f"after exit: {final}")
log = read("buttons.err")
check("button: next language → de, volume 50" in log and "button: volume up → de, volume 55" in log,
      "buttons: the log says what each press did",
      "\n".join(l for l in log.splitlines() if "button" in l))
try:
    stopped_in = float(read("buttons.ended")) - float(read("buttons.term"))
except ValueError:
    stopped_in = None
check(read("buttons.rc").strip() == "0" and stopped_in is not None and stopped_in <= 2.0,
      "buttons: SIGTERM ends it within 2 s, status 0",
      f"status {read('buttons.rc').strip()}, {stopped_in if stopped_in is None else round(stopped_in, 2)} s after SIGTERM")
still = [line for line in still if line in ("additions", "deletions", "newuser", "status")]
check(read("buttons.after").strip() == "0000" and not still, "buttons: all LEDs dark after exit",
      f"after: {read('buttons.after').strip()}")
print(f"       ({cpu_note('buttons')})")

# ==========================================================================================
# 3. The chip disappears and the sound goes on; the chip comes back and so does the panel
#    (chip: removed after 8 notes, made again ~3 s later; the program retries every 30 s)

chip_trace = trace("chip")
intervals, changes, still, _ = watch("chip")
vanished = sorted(t for line in changes for t, v in changes[line] if v == "-1")
removed_after = int(read("chip.removed-after").strip() or 0)
chip_edits = (out.parent / "chip.jsonl").read_text().count('"wiki":"enwiki"') if (out.parent / "chip.jsonl").exists() else -1
check(read("chip.live-rc").strip() == "0" and vanished, "chip: the gpio-sim chip was removed while it played",
      f"removal: status {read('chip.live-rc').strip()}; the LED lines' files vanished at {vanished[:1]}")
try:
    lines_3s, lines_end = int(read("chip.lines-3s")), int(read("chip.lines-end"))
except ValueError:
    lines_3s = lines_end = 0
check(read("chip.alive-3s").strip() == "running" and read("chip.rc").strip() == "0",
      "chip: it keeps running, and ends at the end of the replay with status 0",
      f"3 s after: {read('chip.alive-3s').strip() or 'gone'}; status {read('chip.rc').strip()}")
check(removed_after < lines_3s < lines_end == chip_edits and all(not x["dropped"] for x in chip_trace),
      "chip: the trace keeps growing after the removal, every note played",
      f"{removed_after} lines at the removal, {lines_3s} 3 s later, {lines_end} at the end ({chip_edits} selected edits)")
log_lines = read("chip.err").splitlines()
errors = [l for l in log_lines if l.startswith(("<3>", "<2>", "<1>", "<0>"))]
check(len(errors) == 1 and "panel lost" in errors[0] and "pinctrl-bcm2711" in errors[0]
      and "the sound plays on" in errors[0] and "retried every 30 s" in errors[0],
      "chip: the loss is logged once: what failed (naming the chip), that the sound plays on, the retry",
      "\n".join(errors) if errors else read("chip.err").strip()[-300:])
openings = [i for i, l in enumerate(log_lines) if "panel: board rpi4 on 'pinctrl-bcm2711'" in l]
lost_at = next((i for i, l in enumerate(log_lines) if "panel lost" in l), None)
check(len(openings) == 2 and lost_at is not None and openings[0] < lost_at < openings[1],
      "chip: the log says the panel opened, was lost, and opened again when the chip came back",
      "\n".join(l for l in log_lines if "panel" in l))
fds = [read(f"chip.fds-{when}").strip() for when in ("before", "lost", "back")]
check(fds[0] not in ("", "0") and fds[1] == "0" and fds[2] == fds[0],
      "chip: the lost panel is dropped (no GPIO descriptor left open), and the new one holds as many",
      f"open GPIO descriptors: {fds[0]} before the removal, {fds[1]} after the loss, {fds[2]} after the reopening")

# The panel on the chip that came back, seen by a second watcher on the new device. The trace's
# clock is the same run's: the flashes before the removal give the offset.
back, back_changes, back_still, _ = watch("chip.back")
before = [n for n in played(chip_trace)[:removed_after]]
starts_before = sorted(s for led in ("additions", "deletions") for s, _ in intervals.get(led, []))
offset, pairs = offset_of(before, starts_before)
lit_back = sorted(t for line in ("additions", "deletions", "newuser", "status")
                  for t, v in back_changes.get(line, []) if v == "1")
reopened = lit_back[0] if lit_back else None
# The notes after the panel is back, to the end of the replay (the watcher ran past it).
after = [n for n in played(chip_trace) if reopened is not None and n["t"] + offset > reopened + 0.1]
if len(pairs) >= 5 and reopened is not None and len(after) >= 5:
    missing, deviations = [], []
    for led, instrument in (("additions", "celesta"), ("deletions", "clav")):
        flash_starts = [s for s, _ in back.get(led, [])]
        for note in (n for n in after if n["instrument"] == instrument):
            near = [s for s in flash_starts if abs(s - offset - note["t"]) <= 0.1]
            if near:
                deviations.append(round((min(near, key=lambda s: abs(s - offset - note["t"])) - offset - note["t"]) * 1000, 1))
            else:
                missing.append(f"{led} t={note['t']}")
    late = [d for d in deviations if abs(d) > LED_SLACK * 1000]
    notes_at = [n["t"] for n in played(chip_trace)]
    extra = [round(s - offset, 2) for led in ("additions", "deletions") for s, _ in back.get(led, [])
             if not any(abs(s - offset - t) <= 0.1 for t in notes_at)]
    check(not missing and len(late) <= 1 and all(abs(d) <= 100 for d in late) and not extra,
          f"chip: after it comes back every note flashes its LED in step with the trace (within "
          f"{LED_SLACK * 1000:.0f} ms of the offset measured before the removal; one may be up to 100 ms late)",
          f"reopened {reopened - offset:.2f} s into the replay; {len(after)} notes after, {len(deviations)} flashes on them, "
          f"deviations {min(deviations, default=0):+.1f} … {max(deviations, default=0):+.1f} ms; flashes on no note: {extra}"
          + (f"; no flash for: {missing}" if missing else ""))
else:
    check(False, "chip: after it comes back every note flashes its LED in step with the trace",
          f"{len(pairs)} flashes on notes before the removal; reopened at {reopened}; {len(after)} notes after")
status_back = back.get("status", [])
check(len(status_back) >= 2 and all(e - s <= 0.1 for s, e in status_back),
      "chip: the status LED is back with the connected heartbeat (the current status re-applied, not 'connecting')",
      f"status flashes after: {[round(e - s, 3) for s, e in status_back]}")
volume_back = presses(back_changes, "volume-up")
check(len(volume_back) == 1 and "button: volume up → en, volume 55" in read("chip.err"),
      "chip: a volume-up press on the chip that came back works (the log says what it did)",
      f"presses seen {volume_back}; " + "; ".join(l for l in log_lines if "button" in l))
back_still = [line for line in back_still if line in ("additions", "deletions", "newuser", "status")]
check(read("chip.after").strip() == "0000" and not back_still, "chip: all LEDs dark after exit",
      f"after: {read('chip.after').strip()}, lit at the end: {back_still}")
print(f"       ({cpu_note('chip')}; {log_lines[-1] if log_lines else ''})")

# ==========================================================================================
# 4. Sound: the kernel's HDA driver, through ALSA's `default`, into QEMU's WAV file

sound = None
if wav_path is None or not wav_path.exists():
    check(False, "sound: QEMU wrote the HDA card's output", f"no WAV file at {wav_path}")
else:
    try:
        sound = Sound(wav_path)
    except ValueError as error:
        check(False, "sound: QEMU wrote the HDA card's output", f"{wav_path}: {error}")
if sound:
    devices = read("audio-devices.txt")
    check("default:CARD=Intel" in devices and all(f"playing on 'default'" in read(f"{n}.err") for n in ("leds", "buttons", "chip")),
          "sound: the program played on ALSA's `default` (dmix on the HDA card) in every run",
          read("asound-cards.txt").strip().splitlines()[0] if read("asound-cards.txt").strip() else "no /proc/asound/cards")
    check(sound.peak > 1000 and sound.loud > 10,
          "sound: the WAV file holds sound, not silence",
          f"{sound.seconds:.1f} s at {sound.rate} Hz, peak {sound.peak}, {sound.loud:.1f} s above the floor")
    # leds: the first run, at the start of the file, which begins when the card opens, some
    # 0-1.5 s into the replay (a note played before waits for it).
    notes = [x for x in played(leds_trace) if x["midi"] is not None]
    if notes:
        a, b, found = sound.find(notes, -1.5, 0.05)
        heard, residuals, worst, missed = sound_report(found, a, b)
        check(len(heard) == len(notes) and worst <= SOUND_SLACK,
              f"sound: every note of the leds run is in the WAV file at its trace time (one line a + b·t, "
              f"within {SOUND_SLACK * 1000:.0f} ms)",
              f"{len(heard)}/{len(notes)} notes heard (their own partials rise ≥ {HEARD_DB} dB); the card's clock runs "
              f"{(b - 1) * 100:+.2f} % against the guest's; residuals {min(residuals, default=0) * 1000:+.0f} … "
              f"{max(residuals, default=0) * 1000:+.0f} ms" + (f"\nnot heard: {missed}" if missed else ""))
    # chip: the last run, at the end of the file (3 s of ringing after its last note).
    notes = [x for x in played(chip_trace) if x["midi"] is not None]
    if notes and removed_after:
        # The file ends when the run closes the card, 3 s (the ring) after its last note and a
        # little more (runs that fell behind the card, underruns, made their part shorter).
        a = sound.seconds - notes[-1]["t"] - 3.0
        a, b, found = sound.find(notes, a - 1.5, a + 0.5)
        after_removal = found[removed_after:]
        heard, residuals, worst, missed = sound_report(after_removal, a, b)
        check(len(after_removal) >= 10 and len(heard) == len(after_removal) and worst <= SOUND_SLACK,
              "chip: the sound goes on after the chip is gone: every later note is in the WAV file on time",
              f"{len(heard)}/{len(after_removal)} notes after the removal heard; residuals "
              f"{min(residuals, default=0) * 1000:+.0f} … {max(residuals, default=0) * 1000:+.0f} ms"
              + (f"\nnot heard: {missed}" if missed else ""))
    underruns = {n: (re.search(r"(\d+) underruns", read(f"{n}.err")) or [None, "?"])[1] for n in ("leds", "buttons", "chip")}
    print(f"       (underruns: {', '.join(f'{k} {v}' for k, v in underruns.items())}: QEMU TCG is slow for the synthesiser)")

print(f"vm-run: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
