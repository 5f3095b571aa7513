#!/usr/bin/env python3
"""Python baseline for `wikichime-bench stream`: the same corpus, split into SSE events by lines,
json.loads on each event's data, selected by `wiki` in the chosen database names.

usage: stream_baseline.py CORPUS.sse [--languages en,de] [--repeat N] [--json]

The SSE handling is simple but correct for the corpus that `wikichime-bench make-corpus` writes
(LF line ends, `event:`/`id:`/`data:` fields, comments, blank-line dispatch); it is not a full
WHATWG parser. Language mapping: `all`, `wikidata`, `commons`, a database name (`dewiktionary`),
or a language code (`en` -> `enwiki`, `zh-yue` -> `zh_yuewiki`).
"""
import argparse
import json
import sys
import time


def database_names(languages):
    names = set()
    for token in languages.replace(" ", ",").split(","):
        token = token.strip().lower()
        if not token:
            continue
        if token in ("all", "*"):
            return None
        if token == "wikidata":
            names.add("wikidatawiki")
        elif token == "commons":
            names.add("commonswiki")
        elif token.endswith(("wiki", "wiktionary", "wikibooks", "wikinews", "wikiquote",
                             "wikisource", "wikiversity", "wikivoyage")):
            names.add(token)
        else:
            names.add(token.replace("-", "_") + "wiki")
    return names


def run_once(corpus, names):
    events = 0
    selected = 0
    data = []
    event_type = b""
    last_id = b""
    for line in corpus.split(b"\n"):
        if not line:  # blank line: dispatch
            if data:
                if (event_type or b"message") == b"message":
                    events += 1
                    change = json.loads(b"\n".join(data))
                    if names is None or change.get("wiki") in names:
                        selected += 1
            data = []
            event_type = b""
            continue
        if line[0] == 0x3A:  # ':' comment
            continue
        field, _, value = line.partition(b":")
        if value[:1] == b" ":
            value = value[1:]
        if field == b"data":
            data.append(value)
        elif field == b"event":
            event_type = value
        elif field == b"id":
            last_id = value
    return events, selected, last_id


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("--languages", default="en,de")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    with open(args.corpus, "rb") as f:
        corpus = f.read()
    names = database_names(args.languages)

    best = float("inf")
    events = selected = 0
    for _ in range(max(1, args.repeat)):
        start = time.perf_counter()
        events, selected, _ = run_once(corpus, names)
        best = min(best, time.perf_counter() - start)
    best = max(best, 1e-9)
    result = {
        "events_per_second": round(events / best, 1),
        "bytes_per_second": round(len(corpus) / best, 1),
        "events": events,
        "selected": selected,
        "seconds": round(best, 6),
        "repeats": args.repeat,
        "languages": args.languages,
        "python": sys.version.split()[0],
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"events/s    {result['events_per_second']:.0f}")
        print(f"MB/s        {len(corpus) / best / 1e6:.1f}")
        print(f"ns/event    {best * 1e9 / max(events, 1):.1f}")
        print(f"selected    {selected} of {events}")


if __name__ == "__main__":
    main()
