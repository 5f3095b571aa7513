#!/usr/bin/env python3
"""The sound of the package test (vm-package-test.sh): are the notes that `wikichime.service`
traced in the VM in the WAV file that QEMU's HDA card wrote on the host?

    check-package-sound.py WAV NAME=TRACE [NAME=TRACE ...] [--after NAME=SECONDS ...]

Each TRACE is the `--trace` file of one run of the service (one process: its `t` counts from
that start). The WAV holds the runs one after the other without the time between them (QEMU
writes only while the card plays), so each run's notes are found on a line of its own anywhere
in the file, by their rhythm and their own partials (sound_check.py). `--after NAME=S` checks
only the notes of NAME from half a second after S seconds into its run (S: when it opened the
sound card, which may come after the service; notes before had nothing to play on). A negative
S (the card never opened) fails the run.

The stream (fixtures/paced-stream.py) spaces the notes so that each can be heard; after a
restart the box fetches what it missed at once, and notes that came close together then (another
within 0.3 s, the same pitch within 6 s, a clav note sharing harmonics with one of the 1.5 s
before) are left out of the check, as run-replays.py keeps them out of its replays. A run passes
when at least 90 % of its checked notes (and at least 8) are heard within 60 ms of the line.
Prints one line per run; exits 1 if any failed.
"""
import importlib.util
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sound_check import HEARD_DB, Sound, sound_report  # noqa: E402

spec = importlib.util.spec_from_file_location("replays", Path(__file__).parent / "fixtures" / "run-replays.py")
replays = importlib.util.module_from_spec(spec)
spec.loader.exec_module(replays)

SLACK = 0.06
SHARE_HEARD = 0.9


def checkable(notes):
    kept = []
    for i, note in enumerate(notes):
        others = notes[:i] + notes[i + 1:]
        crowded = any(abs(o["t"] - note["t"]) < 0.3 for o in others)
        repeated = any(0 < note["t"] - o["t"] < 6 and o["midi"] == note["midi"] for o in notes[:i])
        clash = note["instrument"] == "clav" and any(
            0 < note["t"] - o["t"] < 1.5 and o["instrument"] == "clav" and replays.shares_harmonics(o["midi"], note["midi"])
            for o in notes[:i])
        if not (crowded or repeated or clash):
            kept.append(note)
    return kept


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    wav, runs, after = Path(args[0]), [], {}
    rest = iter(args[1:])
    for arg in rest:
        if arg == "--after":
            name, seconds = next(rest).split("=", 1)
            after[name] = float(seconds)
        else:
            name, path = arg.split("=", 1)
            runs.append((name, Path(path)))
    try:
        sound = Sound(wav)
    except (OSError, ValueError) as error:
        print(f"FAIL - sound: {wav}: {error}")
        sys.exit(1)
    print(f"       {wav.name}: {sound.seconds:.1f} s, peak {sound.peak}, {sound.loud:.1f} s above the floor")
    failed = 0
    for name, path in runs:
        lines = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
        played = [x for x in lines if x.get("midi") is not None and not x["dropped"]]
        opened = after.get(name, 0)
        if opened < 0:
            print(f"FAIL - sound: {name}: the service never opened the sound card")
            failed += 1
            continue
        notes = [n for n in checkable(played) if n["t"] >= opened + 0.5]
        if len(notes) < 8:
            print(f"FAIL - sound: {name}: only {len(notes)} notes to check ({len(played)} played, {len(lines)} traced)")
            failed += 1
            continue
        a, b, found = sound.find(notes, -notes[0]["t"] - 5, sound.seconds)
        heard, residuals, worst, missed = sound_report(found, a, b)
        on_time = [r for r in residuals if abs(r) <= SLACK]
        ok = len(on_time) >= SHARE_HEARD * len(notes)
        print(f"{'ok  ' if ok else 'FAIL'} - sound: {name}: {len(on_time)}/{len(notes)} checked notes heard on time "
              f"(their partials rise ≥ {HEARD_DB} dB within {SLACK * 1000:.0f} ms of one line; {len(played)} played); "
              f"run starts {a:.2f} s into the WAV, clock ratio {b:.4f}, worst {worst * 1000:.0f} ms")
        if missed:
            print("       missed: " + "; ".join(missed[:6]) + (" …" if len(missed) > 6 else ""))
        failed += not ok
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
