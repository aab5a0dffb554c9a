#!/usr/bin/env python3
"""Turns the lab's inventory into the fan-out benchmark's: the same hosts, addresses (ssh aliases)
and roles, without the `services:` lists (the bench pack knows only `noop`).
Usage: bench/fanout-inventory.py LAB_INVENTORY > inventory.yaml"""
import re, sys

out, skip_indent = [], None
for line in open(sys.argv[1]).read().splitlines():
    if skip_indent is not None:
        if re.match(rf"^{skip_indent}- ", line):
            continue
        skip_indent = None
    m = re.match(r"^(\s*)services:\s*$", line)
    if m:
        skip_indent = m.group(1)
        continue
    out.append(line.replace("name: lab", "name: fanout-bench") if line.startswith("name:") else line)
print("\n".join(out))
