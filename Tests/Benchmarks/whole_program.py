#!/usr/bin/env python3
"""The whole program at the live rate: `wikichime run` replays a live-like mix of every wiki
(replay_mix.py) at 50 events/s with one language playing and the audio rendered, under
`/usr/bin/time -v`, and reports its share of one core ((user + sys) / wall) and its peak RSS.
Numbers only; never fails on speed.

    python3 Tests/Benchmarks/whole_program.py BINARY [--duration S] [--rate N] [--languages en]
                                                     [--audio-device none] [--stream] [--json]

--stream: the events come as on the box, through libcurl: Tests/Soak/soak_server.py serves them
over loopback HTTP at the rate (no cut), `run --stream-url` reads them, and once the server has
sent the last one and 3 s have passed (the replay's ring), SIGTERM stops it (exit status 0).

`--audio-device none` is the null sink: the audio thread renders every 5 ms block through the
synthesiser and converts it as for a card, then discards it, paced to real time (Sources/Audio/
NullSink.swift, AudioEngine.swift). Pass an ALSA device (e.g. `null`) to go through libasound.
The run lasts the duration, plus the 3 s the replay lets the last notes ring, plus start-up.
"""
import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Soak"))
import replay_mix  # noqa: E402
import soak_server  # noqa: E402


def parse_time_v(text):
    """User, system and wall seconds and peak RSS (KiB) from GNU time's -v report."""
    def field(name):
        match = re.search(r"^\s*" + re.escape(name) + r": (.+)$", text, re.MULTILINE)
        if not match:
            raise ValueError("no '%s' in /usr/bin/time's report" % name)
        return match.group(1).strip()
    wall = 0.0
    for part in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":"):
        wall = wall * 60 + float(part)
    return {"user": float(field("User time (seconds)")), "sys": float(field("System time (seconds)")),
            "wall": wall, "max_rss_kib": int(field("Maximum resident set size (kbytes)")),
            "exit": int(field("Exit status"))}


def common_args(languages, audio_device, folder):
    return ["--languages", languages, "--audio-device", audio_device, "--board", "none",
            "--config", "/dev/null", "--state-dir", folder, "--runtime-dir", folder]


def timed(binary, arguments, folder):
    """Starts BINARY under /usr/bin/time -v; its log goes to FOLDER/log.txt, time's to time.txt."""
    with open(os.path.join(folder, "log.txt"), "w") as err:
        return subprocess.Popen(["/usr/bin/time", "-v", "-o", os.path.join(folder, "time.txt"), binary, "run",
                                 *arguments], stdout=subprocess.DEVNULL, stderr=err)


def sent_all(stats):
    """Whether soak_server.py says it sent every event."""
    figures = soak_server.read_stats(stats)
    return figures.get("sent", 0) >= figures.get("events", 1)


def stream_run(binary, duration, rate, languages, audio_device, folder):
    events = int(duration * rate)
    server, url, stats = soak_server.start(folder, "--events", str(events), "--rate", str(rate),
                                           "--cut-min", str(events), "--cut-max", str(events))
    try:
        timer = timed(binary, ["--stream-url", url, *common_args(languages, audio_device, folder)], folder)
        deadline = time.monotonic() + duration * 1.5 + 30
        while timer.poll() is None and not sent_all(stats) and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(3)
        # The program is time's child: stop it, not time (which then reports and exits). A
        # program that ended by itself (it failed) has nothing to stop; time reports its status.
        if timer.poll() is None:
            with open("/proc/%d/task/%d/children" % (timer.pid, timer.pid)) as f:
                for child in f.read().split():
                    os.kill(int(child), signal.SIGTERM)
        timer.wait(timeout=60)
    finally:
        server.terminate()
        server.wait()


def run(binary, duration, rate, languages, audio_device, stream=False):
    with tempfile.TemporaryDirectory() as folder:
        if stream:
            stream_run(binary, duration, rate, languages, audio_device, folder)
        else:
            replay = os.path.join(folder, "replay.jsonl")
            replay_mix.write_replay(replay, int(duration * rate))
            timed(binary, ["--input", replay, "--rate", str(rate), *common_args(languages, audio_device, folder)],
                  folder).wait()
        with open(os.path.join(folder, "time.txt")) as f:
            figures = parse_time_v(f.read())
        with open(os.path.join(folder, "log.txt")) as f:
            log_text = f.read()
    # The summary wikichime logs at exit: "<5>6000 events: 212 selected (212 played, 0 dropped), …"
    summary = re.search(r"(\d+) events: (\d+) selected \((\d+) played, (\d+) dropped\)", log_text)
    cpu = figures["user"] + figures["sys"]
    return {
        "source": "stream over loopback (libcurl)" if stream else "replay file",
        "duration_setting_seconds": duration,
        "rate": rate,
        "languages": languages,
        "audio_device": audio_device,
        "events": int(summary.group(1)) if summary else None,
        "notes_played": int(summary.group(3)) if summary else None,
        "notes_dropped": int(summary.group(4)) if summary else None,
        "cpu_seconds": round(cpu, 2),
        "wall_seconds": round(figures["wall"], 2),
        "core_percent": round(100 * cpu / max(figures["wall"], 1e-9), 3),
        "peak_rss_mb": round(figures["max_rss_kib"] / 1024, 1),
        "peak_rss_kib": figures["max_rss_kib"],
        "exit_status": figures["exit"],
        "log_tail": log_text.strip().splitlines()[-3:],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary")
    parser.add_argument("--duration", type=float, default=120, help="seconds of events (default 120)")
    parser.add_argument("--rate", type=float, default=50)
    parser.add_argument("--languages", default="en")
    parser.add_argument("--audio-device", default="none")
    parser.add_argument("--stream", action="store_true", help="through libcurl from a local server")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.binary, args.duration, args.rate, args.languages, args.audio_device, args.stream)
    if args.json:
        print(json.dumps(result))
        return
    print("whole program, %s events at %g/s from the %s, %s playing, audio device %s:"
          % (result["events"], args.rate, result["source"], args.languages, args.audio_device))
    print("  %.2f %% of one core (%.2f s user+sys in %.1f s), peak RSS %.1f MB, %s notes played"
          % (result["core_percent"], result["cpu_seconds"], result["wall_seconds"], result["peak_rss_mb"],
             result["notes_played"]))
    if result["exit_status"] != 0:
        print("  exit status %d; the log ends: %s" % (result["exit_status"], " / ".join(result["log_tail"])))


if __name__ == "__main__":
    main()
