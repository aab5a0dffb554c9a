#!/usr/bin/env bash
# Live-upgrade downtime: runs `upshift demo` (a lab of 1 controller, 1 network node and N computes
# upgraded live over real OpenSSH while the workload probe boots instances and calls every API)
# several times, and reports per run, from the run's journal (`upshift report --output json`):
#   - the probe's longest Nova API outage and how finely it was sampled (median time between calls);
#   - the Nova API outage window the executor journaled: nova/stop@ctl-01 start -> nova/start@ctl-01 end;
#   - the lower bound: the nova schema sync (nova/db-sync@ctl-01);
#   - failed and refused boots.
# Usage: bench/downtime.sh [runs] [computes] [time-factor] [api-interval]   (defaults: 3 20 0.1 250ms, the demo's)
# Results: stdout and bench/results/downtime-<date>/ (each run's report.json and demo output).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}; computes=${2:-20}; factor=${3:-0.1}; every=${4:-250ms}
swift build -c release --product upshift >/dev/null
B=$PWD/.build/release/upshift
out=bench/results/downtime-$(date -u +%Y%m%dT%H%MZ); mkdir -p "$out"
for i in $(seq 1 "$runs"); do
  lab=$(mktemp -d /tmp/upshift-downtime.XXXXXX)
  "$B" demo --dir "$lab" --computes "$computes" --time-factor "$factor" --api-interval "$every" >"$out/demo-$i.txt" 2>"$out/demo-$i.log" \
    || { tail -20 "$out/demo-$i.log" >&2; exit 1; }
  "$B" report --state "$lab/state" --output json >"$out/report-$i.json"
  rm -rf "$lab"
done
python3 - "$out" "$computes" "$factor" "$every" <<'PY'
import glob, json, statistics, sys
out, computes, factor, every = sys.argv[1:5]
rows = []
for f in sorted(glob.glob(out + "/report-*.json")):
    r = json.load(open(f))
    units = {(u["step"], u.get("host")): u for u in r["units"]}
    sync = units[("nova/db-sync@ctl-01", "ctl-01")]["seconds"]
    # started_at has whole seconds only: the window is the sum of the units' own durations, stop to start.
    between = [u for u in r["units"] if u.get("host") == "ctl-01" and u["step"].startswith("nova/")
               and u["step"].split("@")[0] in ("nova/stop", "nova/upgrade-packages", "nova/db-sync", "nova/start")]
    window = sum(u["seconds"] for u in between)
    nova = next(a for a in r["probe"]["apis"] if a["api"] == "nova")
    b = r["probe"]["boots"]
    rows.append(dict(sync=sync, window=window, probe=nova["longest_outage_seconds"], every=nova.get("resolution_seconds") or 0,
                     failed=b["failed"], refused=b.get("refused", 0), attempted=b["attempted"]))
    print(f"{f}: sync {sync:.2f} s, journaled window (stop+upgrade+sync+start) {window:.2f} s, "
          f"probe longest outage {nova['longest_outage_seconds']:.2f} s (called every {rows[-1]['every']:.2f} s), "
          f"boots {b['attempted']} attempted, {b['failed']} failed, {rows[-1]['refused']} refused")
med = lambda k: statistics.median(r[k] for r in rows)
print(f"\nruns={len(rows)} computes={computes} time-factor={factor} api-interval={every}")
print(f"nova schema sync (lower bound): median {med('sync'):.2f} s")
print(f"journaled Nova outage window:  median {med('window'):.2f} s  -> {med('window') / med('sync'):.2f}x the sync")
print(f"probe longest Nova API outage:  median {med('probe'):.2f} s  -> {med('probe') / med('sync'):.2f}x the sync "
      f"(sampled every {med('every'):.2f} s, so +- about that)")
print(f"failed boots: {[r['failed'] for r in rows]}; refused: {[r['refused'] for r in rows]}")
PY
