#!/usr/bin/env python3
"""The journal's overhead, measured interleaved: hyperfine runs one command's runs back to back, so a
drift of the machine between two blocks of runs (cooling, another tenant, sshd children of the block
before still exiting) lands on one side only; in bench/fanout.sh the journal-off block, run second,
came out 7 % and 24 % slower than the journal-on block in two runs. Here each round runs
on, off, off, on (ABBA: a linear drift cancels within a round) and the overhead of a round is
(on + on) / (off + off) - 1. Reports the median over rounds and the medians of all on and off runs.

Usage: journal-abba.py ROUNDS LABEL PREPARE ON OFF OUT.json
  PREPARE runs (untimed) before every journal-on run (bench/fanout.sh: a fresh --state directory).
Each command must exit 0. Appends {"label", "on", "off", "overhead_per_round"} to OUT.json's list."""
import json, os, statistics, subprocess, sys, time

rounds, label, prepare, on, off, out = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]


def timed(cmd):
    t0 = time.monotonic()
    r = subprocess.run(cmd, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    t = time.monotonic() - t0
    if r.returncode != 0:
        raise SystemExit(f"{label}: `{cmd[:80]}...` exited {r.returncode}: {r.stderr.decode()[-400:]}")
    return t


ons, offs, per_round = [], [], []
for _ in range(int(rounds)):
    subprocess.run(prepare, shell=True, check=True)
    a1 = timed(on); b1 = timed(off); b2 = timed(off)
    subprocess.run(prepare, shell=True, check=True)
    a2 = timed(on)
    ons += [a1, a2]; offs += [b1, b2]; per_round.append((a1 + a2) / (b1 + b2) - 1)
result = {"label": label, "on": ons, "off": offs, "overhead_per_round": per_round}
doc = json.load(open(out)) if os.path.exists(out) else []
doc.append(result); json.dump(doc, open(out, "w"), indent=1)
print(f"journal overhead, {label}, ABBA x{rounds}: median of rounds {statistics.median(per_round) * 100:+5.1f} %"
      f" (rounds {min(per_round) * 100:+.1f} to {max(per_round) * 100:+.1f} %);"
      f" on median {statistics.median(ons):.3f} s, off median {statistics.median(offs):.3f} s")
