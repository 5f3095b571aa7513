#!/usr/bin/env python3
"""Start to first sound: launches `wikichime run` on a one-edit replay, with ALSA's `file` plugin
capturing what it plays, and measures the time from launch until the first non-silent sample
is in the capture. Prints numbers (best and median of N runs); never fails on speed.

    python3 Tests/Benchmarks/startup.py [BINARY] [--runs N] [--json]
"""
import json, os, subprocess, sys, tempfile, time

def one_run(binary, folder):
    raw = os.path.join(folder, "out.raw")
    if os.path.exists(raw):
        os.remove(raw)
    conf = os.path.join(folder, "asound.conf")
    with open(conf, "w") as f:
        f.write('pcm.cap { type file slave.pcm "null" file "%s" format "raw" }\n' % raw)
        f.write('pcm.!default { type plug slave.pcm "cap" }\n')
    edit = os.path.join(folder, "one.jsonl")
    with open(edit, "w") as f:
        f.write(json.dumps({"meta": {"id": "s-1"}, "type": "edit", "namespace": 0, "title": "Start",
                            "length": {"old": 100, "new": 400}, "wiki": "enwiki"}) + "\n")
    env = dict(os.environ, ALSA_CONFIG_PATH="/usr/share/alsa/alsa.conf:" + conf)
    start = time.monotonic()
    process = subprocess.Popen([binary, "run", "--input", edit, "--rate", "0", "--languages", "en",
                                "--config", os.path.join(folder, "none.conf"), "--state-dir", folder,
                                "--runtime-dir", folder], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    first = None
    offset = 0
    while time.monotonic() - start < 10 and first is None:
        try:
            with open(raw, "rb") as f:
                f.seek(offset)
                data = f.read()
        except FileNotFoundError:
            data = b""
        for i in range(0, len(data) - 1, 2):
            if data[i] or data[i + 1]:
                first = time.monotonic() - start
                break
        offset += len(data) - (len(data) % 2)
        time.sleep(0.0005)
    process.terminate()
    process.wait()
    return first

def main():
    args = sys.argv[1:]
    runs = 5
    if "--runs" in args:
        runs = int(args[args.index("--runs") + 1])
        del args[args.index("--runs"):args.index("--runs") + 2]
    as_json = "--json" in args
    if as_json:
        args.remove("--json")
    binary = args[0] if args else ".build/release/wikichime"
    with tempfile.TemporaryDirectory() as folder:
        times = [one_run(binary, folder) for _ in range(runs)]
    found = sorted(t for t in times if t is not None)
    if as_json:
        print(json.dumps({"runs": runs, "sounded": len(found),
                          "best_ms": round(found[0] * 1000, 1) if found else None,
                          "median_ms": round(found[len(found) // 2] * 1000, 1) if found else None}))
        return
    if not found:
        print("start to first sound: no sound captured within 10 s")
        return
    print("start to first sound: best %.0f ms, median %.0f ms over %d runs (goal <= 200 ms on this machine)"
          % (found[0] * 1000, found[len(found) // 2] * 1000, len(found)))

if __name__ == "__main__":
    main()
