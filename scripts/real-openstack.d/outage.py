"""Samples an HTTP URL until STOPFILE exists; prints JSON: calls, failures, longest outage and
total down time in seconds (a failed sample makes the API down until the next sample), and every
outage (its first failed sample's time, epoch seconds, and its length).
usage: outage.py URL STOPFILE [INTERVAL]"""
import json
import os
import sys
import time
import urllib.request

url, stop = sys.argv[1], sys.argv[2]
interval = float(sys.argv[3]) if len(sys.argv) > 3 else 0.1
samples = []
while not os.path.exists(stop):
    t = time.time()
    try:
        req = urllib.request.Request(url, headers={"X-Auth-Token": "admin:admin"})
        with urllib.request.urlopen(req, timeout=2) as r:
            ok = r.status == 200
    except Exception:
        ok = False
    samples.append((t, ok))
    time.sleep(max(0.0, interval - (time.time() - t)))
longest = current = down = 0.0
first_fail = None
outages = []
for i, (t, ok) in enumerate(samples):
    nxt = samples[i + 1][0] if i + 1 < len(samples) else t
    if ok:
        current = 0.0
        continue
    first_fail = first_fail or t
    if current == 0.0:
        outages.append([round(t, 2), 0.0])
    down += nxt - t
    current += nxt - t
    outages[-1][1] = round(current, 2)
    longest = max(longest, current)
print(json.dumps({"calls": len(samples), "failures": sum(1 for _, ok in samples if not ok),
                  "longest_outage_seconds": round(longest, 2), "down_seconds": round(down, 2),
                  "first_failure_at": first_fail, "outages": outages}))
