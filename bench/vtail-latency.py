#!/usr/bin/env python3
"""Latency from append to output for vtail: appends events one at a time to a fresh file that
vtail follows, reads vtail's stdout, and prints "p50_ms p99_ms" over the samples.
Usage: vtail-latency.py SAMPLES [vtail options...]   (vtail found on PATH)"""
import os, random, select, subprocess, sys, tempfile, time

samples = int(sys.argv[1])
extra = sys.argv[2:]
directory = tempfile.mkdtemp(prefix="vtail-latency-")
path = os.path.join(directory, "events.jsonl")
open(path, "w").close()
proc = subprocess.Popen(["vtail", "-n", "0", "--fields", "data.seq", *extra, path],
                        stdout=subprocess.PIPE, bufsize=0)
out = proc.stdout
buffered = b""

def read_line(deadline):
    global buffered
    while b"\n" not in buffered:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([out], [], [], left)[0]:
            raise SystemExit("timed out waiting for vtail")
        buffered += os.read(out.fileno(), 65536)
    line, buffered = buffered.split(b"\n", 1)
    return line

time.sleep(0.3)  # let vtail start and reach its poll
latencies = []
fd = os.open(path, os.O_WRONLY | os.O_APPEND)
for seq in range(1, samples + 1):
    time.sleep(random.uniform(0.002, 0.03))
    event = ('{"timestamp":"2026-01-06T12:00:00.000000+00:00","category":"bench","name":"latency",'
             '"data":{"seq":%d}}\n' % seq).encode()
    start = time.monotonic()
    os.write(fd, event)
    line = read_line(start + 5)
    latencies.append((time.monotonic() - start) * 1000)
    if line != b'{"data.seq":%d}' % seq:
        raise SystemExit("unexpected output %r" % line)
os.close(fd)
proc.terminate()
proc.wait()
os.unlink(path)
os.rmdir(directory)
latencies.sort()
p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]
print("%.2f %.2f" % (p(0.50), p(0.99)))
