#!/usr/bin/env python3
"""Prints the performance report from the JSON files that report.sh collected in one folder:
benchmark, measured, goal, baseline from the same run, met?

    python3 Tests/Benchmarks/report_table.py FOLDER [--format text|markdown|json]

Exit status 1 when a whole-program run (from the replay file, or through libcurl) failed (its exit
status was not 0): its rows say FAILED.

Goals are issue 7's (and Sources/Bench/Goals.swift's); "—" where a figure has none.
"""
import argparse
import json
import os
import sys


def load(folder, name):
    path = os.path.join(folder, name + ".json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def readable(value):
    """Three significant figures, thousands grouped with spaces: 1 720 000, 77.3, 0.111."""
    if value == 0:
        return "0"
    digits = 0
    probe = abs(value)
    while probe < 100 and digits < 6:
        probe *= 10
        digits += 1
    if digits:
        return "%.*f" % (digits, value)
    scale = 1
    while abs(value) / scale >= 1000:
        scale *= 10
    return "{:,}".format(int(round(value / scale)) * scale).replace(",", " ")


def verdict(ok):
    return "yes" if ok else "NO"


def rows(folder):
    out = []
    for langs in ("en,de", "all"):
        swift, python = load(folder, "stream-" + langs), load(folder, "python-" + langs)
        if not swift or not python:
            continue
        ratio = swift["events_per_second"] / python["events_per_second"]
        same = "" if swift["selected"] == python["selected"] else " (Python selected %d!)" % python["selected"]
        out.append({
            "benchmark": "parse+decode+select, %s (%d events)" % (langs, swift["events"]),
            "measured": "%s events/s" % readable(swift["events_per_second"]),
            "goal": "≥ 5× Python",
            "baseline": "Python %s json: %s events/s → %.1f×%s" % (python.get("python", ""), readable(python["events_per_second"]), ratio, same),
            "met": verdict(ratio >= 5),
            "value": swift["events_per_second"], "ratio": round(ratio, 2)})
    score = load(folder, "score")
    if score:
        out.append({"benchmark": "score: an edit to its note", "measured": "%s µs/edit" % readable(score["score_microseconds_per_event"]),
                    "goal": "—", "baseline": "—", "met": "—", "value": score["score_microseconds_per_event"]})
    synth = load(folder, "synth")
    if synth:
        for voices in (1, 16, 64):
            factor = synth.get("synth_%d_voices_realtime_factor" % voices)
            if factor is None:
                continue
            out.append({"benchmark": "synth, %d voice%s" % (voices, "" if voices == 1 else "s"),
                        "measured": "%s× real time" % readable(factor),
                        "goal": "≥ 20×" if voices == 64 else "—", "baseline": "—",
                        "met": verdict(factor >= 20) if voices == 64 else "—", "value": factor})
    sound = load(folder, "sound")
    if sound:
        per_event = sound["score_synth_cpu_seconds_per_event"]
        out.append({"benchmark": "an edit, JSON to samples, 50/s", "measured": "%s µs CPU/event = %.2f %% of a core"
                    % (readable(per_event * 1e6), sound["score_synth_core_percent_at_50_per_second"]),
                    "goal": "—", "baseline": "—", "met": "—", "value": per_event * 1e6})
        mean, worst = sound["queue_latency_mean_seconds"] * 1000, sound["queue_latency_max_seconds"] * 1000
        out.append({"benchmark": "audio queue latency, mean / max", "measured": "%.1f / %.1f ms" % (mean, worst),
                    "goal": "< 20 ms (+ device buffer)", "baseline": "—", "met": verdict(mean < 20), "value": mean})
    startup = load(folder, "startup")
    if startup and startup.get("median_ms") is not None:
        out.append({"benchmark": "start to first sound (%d runs)" % startup["runs"],
                    "measured": "best %.0f ms, median %.0f ms" % (startup["best_ms"], startup["median_ms"]),
                    "goal": "≤ 200 ms", "baseline": "—", "met": verdict(startup["median_ms"] <= 200),
                    "value": startup["median_ms"]})
    for name, how in (("whole", ""), ("whole-stream", " through libcurl from a local server")):
        whole = load(folder, name)
        if whole:
            out += whole_program_rows(whole, how)
    return out


def whole_program_rows(whole, how):
    """The CPU and peak-RSS rows of a whole-program run (HOW: where the events came from)."""
    # A run that did not end cleanly (a crash, a signal, an error exit) measured a broken
    # program: its figures are shown but meet no goal.
    failed = whole_program_failed(whole)
    note = "; FAILED: exit status %s" % whole.get("exit_status") if failed else ""
    setting = "%d events at %g/s%s, %s playing" % (whole["events"] or 0, whole["rate"], how, whole["languages"])
    # Compared unrounded, in KiB as /usr/bin/time reports it: 16 MiB is 16 384 KiB.
    kib = whole.get("peak_rss_kib", whole["peak_rss_mb"] * 1024)
    return [{"benchmark": "whole program, CPU (%s)" % setting,
             "measured": "%.2f %% of one core" % whole["core_percent"], "goal": "< 1 %",
             "baseline": "time -v: %.2f s user+sys in %.1f s, %s notes%s"
             % (whole["cpu_seconds"], whole["wall_seconds"], whole["notes_played"], note),
             "met": "FAILED" if failed else verdict(whole["core_percent"] < 1), "value": whole["core_percent"]},
            {"benchmark": "whole program, peak RSS%s" % (" (%s)" % how.strip() if how else ""),
             "measured": "%.1f MiB (%d KiB)" % (kib / 1024, kib),
             "goal": "≤ 16 MiB", "baseline": "time -v: maximum resident set size" + note,
             "met": "FAILED" if failed else verdict(kib <= 16 * 1024), "value": whole["peak_rss_mb"]}]


def whole_program_failed(whole):
    """Whether the whole-program run did not exit with status 0 (a missing status counts as failed)."""
    return whole.get("exit_status") != 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    args = parser.parse_args()
    table = rows(args.folder)
    meta = load(args.folder, "meta") or {}
    whole, streamed = load(args.folder, "whole"), load(args.folder, "whole-stream")
    failures = [run for run in (whole, streamed) if run and whole_program_failed(run)]
    # The one non-zero exit: the whole program could not run (its figures are still printed).
    status = 1 if failures else 0
    if args.format == "json":
        print(json.dumps({"machine": meta, "rows": table, "whole_program": whole,
                          "whole_program_stream": streamed}, indent=1))
        return status
    columns = ("benchmark", "measured", "goal", "baseline", "met")
    headers = ("benchmark", "measured", "goal", "baseline (same run)", "met?")
    if args.format == "markdown":
        print("| " + " | ".join(headers) + " |")
        print("|" + "---|" * len(headers))
        for row in table:
            print("| " + " | ".join(row[c] for c in columns) + " |")
    else:
        widths = [max([len(h)] + [len(row[c]) for row in table]) for c, h in zip(columns, headers)]
        print("  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip())
        for row in table:
            print("  ".join(row[c].ljust(w) for c, w in zip(columns, widths)).rstrip())
    if meta:
        print()
        print("%s; %s core(s); %s; the shipped binary (Board/dev.sh release: static Swift runtime, %s C++ runtime, "
              "stripped) %.1f MB; report took %s s"
              % (meta.get("cpu", "?"), meta.get("cores", "?"), meta.get("swift", "?"), meta.get("cxx_runtime", "?"),
                 meta.get("binary_bytes", 0) / 1e6, meta.get("report_seconds", "?")))
    for run in failures:
        print("\nFAILED: the whole-program run from the %s exited with status %s; the log ends: %s"
              % (run.get("source", "replay file"), run.get("exit_status"), " / ".join(run.get("log_tail") or [])))
    return status


if __name__ == "__main__":
    sys.exit(main())
