#!/usr/bin/env python3
"""The soak's EventStreams server: N recentchange events over HTTP/1.1 on 127.0.0.1, as fast as
the client reads them, with the connection cut every few thousand events.

    soak_server.py --events N [--port 0] [--port-file PATH] [--stats PATH] [--seed S]
                   [--cut-min 3000] [--cut-max 5000] [--abrupt-every 25] [--fault KIND:R]
                   [--rate R]

The protocol is EventStreams' (and Tests/TestSupport/TestEventServer.swift's): a chunked
`text/event-stream`; each event is `event: message`, an `id:` line holding a JSON array whose
first element carries the event's sequence number as its `offset`, and a compact JSON `data:`
line. A request with `Last-Event-ID` resumes exactly after that offset. After the last event the
connection stays open and silent, as the live stream never ends by itself.

Cuts: each connection carries a random number of events in [cut-min, cut-max], then ends with the
terminating chunk (a clean close, as EventStreams does every ~15 minutes); every `abrupt-every`-th
cut instead sends half an event and closes without the terminating chunk (a dropped connection).

Events: templates drawn from the recorded fixtures (Tests/TestSupport/Fixtures, see SOURCES.md),
re-serialised compactly as EventStreams sends them, with a unique `meta.id` and `meta.offset` per
event. The mix is close to the live stream: 34 % Wikidata, 5 % English Wikipedia, the rest
other wikis. The fixtures hold no new-account event, so 0.15 % of the events (about enwiki's
rate of account creations) are one template derived from a recorded log event (wiki, log type
and action, title and user changed: marked in its comment); they play the new-user swell.

--stats PATH: a JSON file rewritten at every connection and every cut, read by wikichime-soak:
connections, cuts (clean, abrupt), resumes and how many of them asked for something other than
the last complete event sent (resume_mismatches), events sent (a resent event counts again).

--fault skip:R | repeat:R (for the test that the soak notices): at the R-th resume, start one
event too late (one event lost) or one too early (one event twice).

--rate R: R events per second, one at a time, as the live stream arrives (the performance
report's whole-program run through libcurl); without it, as fast as the client reads.

Standard library only; one connection at a time (the soak has one).
"""
import argparse
import json
import os
import random
import re
import socket
import subprocess
import sys
import time

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "TestSupport", "Fixtures")
SHARES = (("wikidata", 0.34), ("enwiki", 0.05), ("newuser", 0.0015))  # the rest: other wikis
UUID_MARK, OFFSET_MARK, NUMBER_MARK = "@@UUID@@", "@@OFFSET@@", "@@N@@"
OFFSET_IN_ID = re.compile(rb'"offset"\s*:\s*(-?\d+)')


def load_templates():
    """The four pools of templates, each a list of byte pieces to join around the markers."""
    pools = {"wikidata": [], "enwiki": [], "other": [], "newuser": []}
    rows = []
    for name in ("recentchange-sample.jsonl", "recentchange-wikidata-editgroups-2018.jsonl"):
        with open(os.path.join(FIXTURES, name), encoding="utf-8") as f:
            rows += [json.loads(line) for line in f if line.strip()]
    for row in rows:
        wiki = row.get("wiki")
        pool = "wikidata" if wiki == "wikidatawiki" else "enwiki" if wiki == "enwiki" else "other"
        pools[pool].append(template(row))
    # The derived new-account event: the recorded dewiki review log event, made an enwiki newusers/create.
    source = next(r for r in rows if r.get("type") == "log" and r.get("wiki") == "dewiki")
    derived = json.loads(json.dumps(source))
    derived.update({
        "wiki": "enwiki", "server_name": "en.wikipedia.org", "server_url": "https://en.wikipedia.org",
        "namespace": 2, "title": "User:Soak " + NUMBER_MARK, "user": "Soak " + NUMBER_MARK,
        "title_url": "https://en.wikipedia.org/wiki/User:Soak_" + NUMBER_MARK,
        "log_type": "newusers", "log_action": "create", "log_params": {"userid": 1},
        "comment": "derived by soak_server.py from a recorded dewiki log event",
        "log_action_comment": "created a new user account", "parsedcomment": "",
    })
    derived["meta"]["domain"] = "en.wikipedia.org"
    derived["meta"]["uri"] = "https://en.wikipedia.org/wiki/User:Soak"
    pools["newuser"].append(template(derived))
    return pools


def template(row):
    row = json.loads(json.dumps(row))
    row.setdefault("meta", {})
    row["meta"]["id"] = UUID_MARK
    row["meta"]["offset"] = OFFSET_MARK
    text = json.dumps(row, ensure_ascii=False, separators=(",", ":"))
    # Split around the markers: a list alternating fixed bytes and marker names.
    pieces = re.split('("@@OFFSET@@"|@@UUID@@|@@N@@)', text)
    return [p if p.startswith(("@@", '"@@')) else p.encode("utf-8") for p in pieces]


class Stream:
    """Event n is the same bytes on every connection: its template follows from the seed and n."""

    def __init__(self, pools, seed):
        self.pools = pools
        self.seed = seed

    def event(self, n):
        # A 64-bit mix of the seed and n (splitmix64's finaliser): which pool, and which template.
        h = (n * 0x9E3779B97F4A7C15 + self.seed * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
        h = ((h ^ (h >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
        h = ((h ^ (h >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
        h ^= h >> 31
        pick, edge = (h & 0xFFFFFFFF) / 2**32, 0.0
        pool = "other"
        for name, share in SHARES:
            edge += share
            if pick < edge:
                pool = name
                break
        templates = self.pools[pool]
        pieces = templates[(h >> 32) % len(templates)]
        data = b"".join(self.fill(p, n) for p in pieces)
        return (b'event: message\nid: [{"topic":"eqiad.mediawiki.recentchange","partition":0,"offset":%d},'
                b'{"topic":"codfw.mediawiki.recentchange","partition":0,"offset":-1}]\ndata: %s\n\n' % (n, data))

    @staticmethod
    def fill(piece, n):
        if isinstance(piece, bytes):
            return piece
        if piece == '"@@OFFSET@@"':
            return b"%d" % n
        if piece == UUID_MARK:
            return b"50a4c000-0000-4000-8000-%012x" % n
        return b"%d" % n


class Server:
    def __init__(self, args):
        self.args = args
        self.stream = Stream(load_templates(), args.seed)
        self.cuts = random.Random(args.seed)
        self.stats = {"connections": 0, "cuts": 0, "clean_cuts": 0, "abrupt_cuts": 0, "resumes": 0,
                      "resume_mismatches": 0, "sent": 0, "faults": 0, "events": args.events}
        self.last_complete = None  # offset of the last whole event sent, over all connections
        self.due = None  # with --rate: when the next event is due (time.monotonic())
        fault = (args.fault or "none:0").split(":")
        self.fault, self.fault_at = fault[0], int(fault[1])

    def write_stats(self):
        if not self.args.stats:
            return
        temporary = self.args.stats + ".tmp"
        with open(temporary, "w") as f:
            json.dump(self.stats, f)
        os.replace(temporary, self.args.stats)

    def serve_forever(self, listener):
        while True:
            connection, _ = listener.accept()
            with connection:
                connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                try:
                    self.serve(connection)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client hung up (it stopped, or dropped a silent connection)

    def serve(self, connection):
        request = b""
        while b"\r\n\r\n" not in request:
            data = connection.recv(4096)
            if not data:
                return
            request += data
        first = 0
        header = re.search(rb"(?im)^last-event-id:\s*(.*?)\r?$", request)
        self.stats["connections"] += 1
        if header:
            match = OFFSET_IN_ID.search(header.group(1))
            resumed = int(match.group(1)) if match else -1
            self.stats["resumes"] += 1
            if resumed != self.last_complete:
                self.stats["resume_mismatches"] += 1
            first = resumed + 1
            if self.stats["resumes"] == self.fault_at and self.fault in ("skip", "repeat"):
                first += 1 if self.fault == "skip" else -1
                self.stats["faults"] += 1
        self.write_stats()
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
                           b"Transfer-Encoding: chunked\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n")
        self.chunk(connection, b":ok\n\n")
        count = self.cuts.randint(self.args.cut_min, self.args.cut_max)
        last = min(self.args.events, first + count)
        n = first
        while n < last:
            if self.args.rate:
                self.pace()
            batch = [self.stream.event(i) for i in range(n, min(last, n + (1 if self.args.rate else 32)))]
            self.chunk(connection, b"".join(batch))
            n += len(batch)
            self.stats["sent"] += len(batch)
            self.last_complete = n - 1
        if last >= self.args.events:
            self.write_stats()
            # Everything sent: stay open and silent until the client hangs up, as the live stream.
            while connection.recv(4096):
                pass
            return
        self.stats["cuts"] += 1
        abrupt = self.args.abrupt_every > 0 and self.stats["cuts"] % self.args.abrupt_every == 0
        if abrupt:
            self.stats["abrupt_cuts"] += 1
            event = self.stream.event(last)
            self.chunk(connection, event[: len(event) // 2])
        else:
            self.stats["clean_cuts"] += 1
        self.write_stats()
        if not abrupt:
            connection.sendall(b"0\r\n\r\n")
        connection.shutdown(socket.SHUT_WR)
        # Wait for the client to close its side, so that nothing it reads is lost to a reset.
        connection.settimeout(5)
        try:
            while connection.recv(4096):
                pass
        except OSError:
            pass

    def pace(self):
        """Waits until the next event is due at --rate (the schedule goes on across connections)."""
        now = time.monotonic()
        self.due = now if self.due is None else self.due + 1 / self.args.rate
        if self.due > now:
            time.sleep(self.due - now)

    @staticmethod
    def chunk(connection, data):
        connection.sendall(b"%x\r\n%s\r\n" % (len(data), data))


def start(folder, *options):
    """Starts this server in a process of its own with OPTIONS (--events N, …), its port and stats
    files in FOLDER, for the Python scripts that stream from it (the performance report,
    Board/link-order.py). Returns (process, stream URL, stats path) once it listens."""
    port_file, stats = os.path.join(folder, "port"), os.path.join(folder, "stats.json")
    server = subprocess.Popen([sys.executable, os.path.abspath(__file__), *options, "--port-file", port_file,
                               "--stats", stats], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    # The port file appears whole (written aside, then renamed).
    while not os.path.exists(port_file):
        if time.monotonic() > deadline or server.poll() is not None:
            server.kill()
            raise SystemExit("soak_server.py did not start")
        time.sleep(0.05)
    with open(port_file) as f:
        return server, "http://127.0.0.1:%s/v2/stream/recentchange" % f.read().strip(), stats


def read_stats(path):
    """The figures of a --stats file; {} before the first is written (it is replaced whole)."""
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file", help="write the port here once listening")
    parser.add_argument("--stats", help="JSON statistics file, rewritten at every connection and cut")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cut-min", type=int, default=3000)
    parser.add_argument("--cut-max", type=int, default=5000)
    parser.add_argument("--abrupt-every", type=int, default=25, help="every N-th cut is abrupt; 0: none")
    parser.add_argument("--fault", help="skip:R or repeat:R: misplace the R-th resume by one event")
    parser.add_argument("--rate", type=float, default=0, help="events per second (default: as fast as read)")
    args = parser.parse_args()
    if args.events <= 0 or not 0 < args.cut_min <= args.cut_max or args.rate < 0:
        parser.error("--events must be positive, 0 < --cut-min <= --cut-max, --rate not negative")
    server = Server(args)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", args.port))
    listener.listen(4)
    server.write_stats()
    port = listener.getsockname()[1]
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as f:
            f.write(f"{port}\n")
        os.replace(args.port_file + ".tmp", args.port_file)
    print(f"soak_server: {args.events} events on http://127.0.0.1:{port}/v2/stream/recentchange", file=sys.stderr)
    try:
        server.serve_forever(listener)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
