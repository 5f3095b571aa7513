#!/usr/bin/env python3
"""Writes a JSON Lines replay that looks like the live stream to `wikichime run --input`: every
wiki arriving, in about the live mix, built from both recorded fixture files.

    python3 Tests/Benchmarks/replay_mix.py OUT.jsonl --events N

The fixtures are not in the live mix: the sample is 44 % enwiki, the editgroups file is all
Wikidata. Replayed in file order, a 2-minute run would be Wikidata alone after 5 s and English
would go silent. So every 20 events take 1 enwiki line (5 %; live: 4-7 %), 7 Wikidata lines
(35 %, as live) and 12 lines of the other wikis in the sample (commons, dewiki, mswiktionary, ...),
each pool cycling. Lines are copied byte for byte except for `meta.id`: its last 12 hex digits
become the event's number, so that cycled lines are not dropped as duplicates (the box
de-duplicates on meta.id) and the JSON keeps its length.
"""
import argparse
import json
import os

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "TestSupport", "Fixtures")
PATTERN = "ewowowowowowowoooooo"  # per 20 events: e = enwiki, w = Wikidata, o = other wikis
assert len(PATTERN) == 20 and PATTERN.count("e") == 1 and PATTERN.count("w") == 7


def load_pools():
    pools = {"e": [], "w": [], "o": []}
    for name in ("recentchange-sample.jsonl", "recentchange-wikidata-editgroups-2018.jsonl"):
        with open(os.path.join(FIXTURES, name), encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\r\n")
                if not line:
                    continue
                event = json.loads(line)
                wiki = event.get("wiki")
                pool = "e" if wiki == "enwiki" else "w" if wiki == "wikidatawiki" else "o"
                pools[pool].append((line, event["meta"]["id"]))
    return pools


def with_unique_id(line, meta_id, number):
    """The line with meta.id's last 12 characters replaced by `number` in hex (same length)."""
    new_id = meta_id[:-12] + "%012x" % number
    quoted = '"%s"' % meta_id
    assert quoted in line, "meta.id not found verbatim in a fixture line"
    return line.replace(quoted, '"%s"' % new_id, 1)


def write_replay(path, events):
    pools = load_pools()
    taken = {key: 0 for key in pools}
    with open(path, "w", encoding="utf-8") as out:
        for n in range(events):
            key = PATTERN[n % len(PATTERN)]
            line, meta_id = pools[key][taken[key] % len(pools[key])]
            taken[key] += 1
            out.write(with_unique_id(line, meta_id, n) + "\n")
    return {key: taken[key] for key in pools}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--events", type=int, required=True)
    args = parser.parse_args()
    counts = write_replay(args.out, args.events)
    print("wrote %s: %d events (enwiki %d, wikidatawiki %d, other wikis %d)"
          % (args.out, args.events, counts["e"], counts["w"], counts["o"]))


if __name__ == "__main__":
    main()
