#!/usr/bin/env python3
"""Prints median, min, max and stddev of each command of a hyperfine JSON export, and the ratios
the issue asks for. Usage: summarize.py EXPORT.json [UPSHIFT_NAME WARM_NAME PEER_NAME [JOURNAL_OFF_NAME [FLOOR_NAME]]]"""
import json, statistics, sys

results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
med = {}
for name, r in results.items():
    t = sorted(r["times"]); med[name] = statistics.median(t)
    sd = statistics.stdev(t) if len(t) > 1 else 0.0
    print(f"{name:<30} median {med[name]:7.3f} s  min {t[0]:7.3f}  max {t[-1]:7.3f}  stddev {sd:6.3f}  n={len(t)}")
if len(sys.argv) >= 5:
    up, warm, peer = sys.argv[2:5]
    print(f"ratio upshift / warm ssh      {med[up] / med[warm]:6.2f}x")
    print(f"ratio {peer} / upshift {med[peer] / med[up]:6.2f}x")
if len(sys.argv) >= 6:
    off = sys.argv[5]
    print(f"journal overhead (on / off)   {(med[up] / med[off] - 1) * 100:+6.1f} %  (back-to-back blocks: order-biased; bench/journal-abba.py interleaves)")
if len(sys.argv) >= 7:
    floor = sys.argv[6]
    print(f"ratio upshift / floor         {med[up] / med[floor]:6.2f}x  (floor: one ssh per host, all commands in it)")
    print(f"ratio {peer} / floor {med[peer] / med[floor]:6.2f}x  (the most any tool could gain over {peer} here)")
