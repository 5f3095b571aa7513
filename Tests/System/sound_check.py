"""The sound a VM's HDA card wrote to a WAV file on the host (QEMU's wav audiodev, s16 stereo),
against the notes a `wikichime run` trace says it played: each note is found by its onset and
its own partials, on one line a + b·t through all of them (b: the card's clock against the
guest's). Used by check-run.py and check-package.py. Standard library only.
"""
import array
import bisect
import math
import statistics

# A note counts as heard when its own partials grow this much.
HEARD_DB = 6


class Sound:
    DECIMATE = 4  # analysed at 12 kHz: the notes' partials that matter lie below 5 kHz

    def __init__(self, path):
        data = path.read_bytes()
        if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
            raise ValueError("not a WAV file")
        pos, fmt, start = 12, None, None
        while pos + 8 <= len(data):
            chunk, size = data[pos:pos + 4], int.from_bytes(data[pos + 4:pos + 8], "little")
            if chunk == b"fmt ":
                fmt = data[pos + 8:pos + 8 + size]
            if chunk == b"data":
                start = pos + 8
                break
            pos += 8 + size
        if fmt is None or start is None:
            raise ValueError("no fmt or data chunk")
        channels, rate = int.from_bytes(fmt[2:4], "little"), int.from_bytes(fmt[4:8], "little")
        if int.from_bytes(fmt[14:16], "little") != 16 or channels != 2:
            raise ValueError("not 16-bit stereo")
        # QEMU fixes the header's sizes when it closes the file: trust the file's length instead.
        body = data[start:]
        samples = array.array("h")
        samples.frombytes(body[:len(body) // 4 * 4])
        self.rate = rate
        self.seconds = len(samples) / 2 / rate
        peak = max(samples) if samples else 0
        self.peak = max(peak, -min(samples) if samples else 0)
        step = 2 * self.DECIMATE
        count = len(samples) // step
        s = samples
        self.mono = array.array("f", (sum(s[i * step:(i + 1) * step]) / step for i in range(count)))
        self.analysis_rate = rate / self.DECIMATE
        # 5 ms RMS of the signal's slope (a high-pass: ringing low notes do not hide a new one).
        frame = int(self.analysis_rate * 0.005)
        mono, envelope = self.mono, []
        for i in range(1, len(mono) - frame, frame):
            envelope.append(math.sqrt(sum((mono[k] - mono[k - 1]) ** 2 for k in range(i, i + frame)) / frame))
        self.envelope = envelope
        self.loud = sum(1 for e in envelope if e > 1) * 0.005

    def onsets(self, begin=0.0, end=None):
        """Times where the 5 ms envelope rises 6 dB above the last 50 ms."""
        db = [20 * math.log10(e + 1) for e in self.envelope]
        first, last = max(10, int(begin / 0.005)), min(len(db), int((end or self.seconds) / 0.005))
        found = []
        for i in range(first, last):
            if db[i] - min(db[i - 10:i - 1]) >= 6 and self.envelope[i] > 2 and (not found or i - found[-1] > 20):
                found.append(i)
        return [i * 0.005 for i in found]

    def energy(self, begin, length, frequencies):
        """Hann-windowed energy at each frequency (Goertzel) in [begin, begin + length)."""
        first, count = int(begin * self.analysis_rate), int(length * self.analysis_rate)
        if first < 0 or first + count > len(self.mono):
            return None
        window = [0.5 - 0.5 * math.cos(2 * math.pi * k / (count - 1)) for k in range(count)]
        xs = [x * w for x, w in zip(self.mono[first:first + count], window)]
        result = []
        for frequency in frequencies:
            coefficient = 2 * math.cos(2 * math.pi * frequency / self.analysis_rate)
            s1 = s2 = 0.0
            for x in xs:
                s1, s2 = x + coefficient * s1 - s2, s1
            result.append(s1 * s1 + s2 * s2 - coefficient * s1 * s2)
        return result

    def rise(self, note, at):
        """How much (dB, the median over the note's partials) the note's own partials grow from
        the 50 ms before `at` to the 50 ms after: a bell's fundamental, a pluck's harmonics."""
        f0 = 440 * 2 ** ((note["midi"] - 69) / 12)
        limit = self.analysis_rate * 0.45
        partials = [f0] if note["instrument"] == "celesta" else [k * f0 for k in range(1, 18) if k * f0 < limit]
        after, before = self.energy(at + 0.005, 0.05, partials), self.energy(at - 0.065, 0.05, partials)
        if after is None or before is None:
            return None
        # The partials that sound (within 40 dB of the strongest): a pluck's highest are too weak.
        strongest = max(after + before)
        return statistics.median(10 * math.log10((a + 1e3) / (b + 1e3)) for a, b in zip(after, before)
                                 if max(a, b) >= strongest * 1e-4)

    def find(self, notes, lowest, highest):
        """Finds NOTES (trace lines with t, midi, instrument) in the sound, a trace time t being
        at a + b·t seconds into the file, a between LOWEST and HIGHEST: the line that puts most
        notes on an onset (b: the card's clock against the guest's), then each note's own onset
        near it. Returns (a, b, [(note, time in the file or None, rise dB)])."""
        times = [n["t"] for n in notes]
        span = times[-1] - times[0]
        onsets = self.onsets(max(0.0, lowest + times[0] - 0.5), highest + times[-1] * 1.02 + 0.5)
        best = (0, lowest, 1.0)
        for step in range(-5, 16):
            b = 1 + step * 0.001
            for onset in onsets:
                for t in times:
                    a = onset - b * t
                    if not lowest <= a <= highest:
                        continue
                    hits = 0
                    for u in times:
                        p = a + b * u
                        j = bisect.bisect_left(onsets, p - 0.02)
                        hits += j < len(onsets) and onsets[j] <= p + 0.02
                    if hits > best[0]:
                        best = (hits, a, b)
        _, a, b = best
        # Each note's own onset, then the line through them, twice.
        for window in (0.06, 0.03):
            found = []
            for note in notes:
                p = a + b * note["t"]
                steps = int(window / 0.005)
                rises = [(self.rise(note, p + k * 0.005), p + k * 0.005) for k in range(-steps, steps + 1)]
                rises = [r for r in rises if r[0] is not None]
                rise, at = max(rises) if rises else (None, None)
                found.append((note, at if rise is not None and rise >= HEARD_DB else None, rise))
            heard = [(n["t"], at) for n, at, _ in found if at is not None]
            if len(heard) >= 3 and span > 1:
                mean_t = sum(t for t, _ in heard) / len(heard)
                mean_x = sum(x for _, x in heard) / len(heard)
                b = sum((t - mean_t) * (x - mean_x) for t, x in heard) / sum((t - mean_t) ** 2 for t, _ in heard)
                a = mean_x - b * mean_t
        return a, b, found


def sound_report(found, a, b):
    heard = [(n, at) for n, at, _ in found if at is not None]
    residuals = [at - (a + b * n["t"]) for n, at in heard]
    worst = max((abs(r) for r in residuals), default=0)
    missed = [f"{n['instrument']} {n['midi']} at t={n['t']} (rise {rise if rise is None else round(rise, 1)} dB)"
              for n, at, rise in found if at is None]
    return heard, residuals, worst, missed
