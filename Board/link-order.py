#!/usr/bin/env python3
"""Writes Board/link-order.txt: the functions of the release binary that run while it plays, for
lld's --symbol-ordering-file (Board/dev.sh release and the aarch64 build pass it).

Why: the kernel maps a program's code 64 KiB at a time around each page it runs ("fault-around"),
so code that runs now and then, spread over the 5 MB of text, keeps nearly all of it resident
(3.9 MiB of text here). Laid out together, the ~1 000 functions that run (~400 KB) keep 2.3 MiB
resident: peak RSS 1.2–1.7 MiB lower (Tests/Benchmarks/README.md, "Peak memory").

How: builds the binary (Board/dev.sh release), then runs it under valgrind's callgrind twice:
a 10 s replay at 50 events/s (replay_mix.py, as the performance report's whole-program row) and
the live path, libcurl reading Tests/Soak/soak_server.py's stream over loopback (two cuts and
reconnections, then SIGTERM). Each function callgrind saw run in the binary is listed once, by its
symbol name, in the order callgrind lists them (the order within the list matters little). A
function missing from the list still links, after the listed ones; a name the list holds that a
build lacks (another Swift version, changed code) is skipped. Regenerate after changes that move
much code:

    Board/link-order.py [--output Board/link-order.txt]

SwiftPM does not know the list is an input of the link: Board/dev.sh release and
Board/cross-build.sh link again when the list is newer than their binary.

Installs valgrind if missing (apt). Takes ~45 s here once built (the build ~2 minutes cold).
"""
import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

top = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(top / "Tests" / "Benchmarks"))
sys.path.insert(0, str(top / "Tests" / "Soak"))
import replay_mix  # noqa: E402
import soak_server  # noqa: E402
from whole_program import common_args  # noqa: E402


def say(text):
    print(f"link-order: {text}", file=sys.stderr, flush=True)


def build():
    """The release binary with its symbol table and no DWARF (valgrind 3.19 reads no DWARF 5)."""
    env = dict(os.environ, SCRATCH_PATH=str(top / ".build-order"))
    built = subprocess.run([str(top / "Board" / "dev.sh"), "release"], env=env, capture_output=True, text=True)
    if built.returncode != 0:
        raise SystemExit(f"link-order: Board/dev.sh release failed:\n{built.stderr[-3000:]}")
    symbols = top / ".build-order" / "wikichime-symbols"
    subprocess.run(["strip", "-g", "-o", str(symbols), str(top / ".build-order" / "release" / "wikichime")], check=True)
    return symbols


def callgrind(binary, arguments, output):
    command = ["valgrind", "--tool=callgrind", "--demangle=no", f"--callgrind-out-file={output}",
               str(binary), "run", *arguments]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def profile_replay(binary, folder):
    replay = os.path.join(folder, "replay.jsonl")
    replay_mix.write_replay(replay, 500)
    output = os.path.join(folder, "replay.callgrind")
    process = callgrind(binary, ["--input", replay, "--rate", "50", *common_args("en", "none", folder)], output)
    _, errors = process.communicate(timeout=300)
    if process.returncode != 0:
        raise SystemExit(f"link-order: the replay under callgrind failed ({process.returncode}): {errors[-2000:]}")
    return output


def profile_stream(binary, folder):
    server, url, stats = soak_server.start(folder, "--events", "6000", "--cut-min", "2000", "--cut-max", "3000")
    try:
        output = os.path.join(folder, "stream.callgrind")
        state = os.path.join(folder, "stream")
        os.mkdir(state)
        process = callgrind(binary, ["--stream-url", url, *common_args("en", "none", state)], output)
        # Two cuts and reconnections (4 000-6 000 events read), a few seconds more, then a clean stop.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            if soak_server.read_stats(stats).get("cuts", 0) >= 2:
                break
            time.sleep(0.5)
        time.sleep(5)
        process.send_signal(signal.SIGTERM)
        _, errors = process.communicate(timeout=60)
        if process.returncode != 0:
            raise SystemExit(f"link-order: the stream run under callgrind failed ({process.returncode}): {errors[-2000:]}")
        return output
    finally:
        server.terminate()
        server.wait()


def functions_run(callgrind_output, binary_name):
    """The names of the functions of BINARY_NAME that ran, in the order callgrind lists them."""
    objects, functions, current, names = {}, {}, None, []
    with open(callgrind_output, errors="replace") as lines:
        for line in lines:
            match = re.match(r"^(ob|fn|cob|cfn)=\((\d+)\)(?: (.*))?$", line.rstrip("\n"))
            if not match:
                continue
            kind, ident, name = match.groups()
            table = objects if kind.endswith("ob") else functions
            if name is not None:
                table[ident] = name
            if kind == "ob":
                current = objects[ident]
            elif kind == "fn" and current is not None and current.endswith(binary_name):
                names.append(functions[ident])
    return names


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=str(top / "Board" / "link-order.txt"))
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        say("installing valgrind")
        subprocess.run(["apt-get", "install", "-y", "-q", "valgrind"], check=True, stdout=subprocess.DEVNULL)
    say("building the release binary")
    binary = build()
    defined = set()
    listing = subprocess.run(["nm", "--defined-only", str(binary)], capture_output=True, text=True, check=True)
    for line in listing.stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tTwW":
            defined.add(parts[2])
    with tempfile.TemporaryDirectory() as folder:
        say("the replay under callgrind (10 s of events)")
        replay = functions_run(profile_replay(binary, folder), binary.name)
        say("the stream over loopback under callgrind (two cuts)")
        stream = functions_run(profile_stream(binary, folder), binary.name)
    ordered = list(dict.fromkeys(name for name in replay + stream if name in defined))
    if len(ordered) < 200:
        raise SystemExit(f"link-order: only {len(ordered)} functions seen running: not writing {args.output}")
    header = ("# The functions wikichime runs while it plays, laid out first and together by lld's\n"
              "# --symbol-ordering-file (Board/dev.sh release, the aarch64 build). Written by\n"
              "# Board/link-order.py; see why there.\n")
    Path(args.output).write_text(header + "\n".join(ordered) + "\n")
    say(f"{len(ordered)} functions written to {args.output}")


if __name__ == "__main__":
    main()
