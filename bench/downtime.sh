#!/usr/bin/env bash
# Live-upgrade downtime: runs `upshift demo` (a lab upgraded live over OpenSSH while instances
# boot) several times and prints the measured Nova API unavailability and failed boots next to
# the lower bound (the schema-sync window) from its JSON report.
# Usage: bench/downtime.sh [runs]. Skips, saying so, when this upshift has no `demo` command.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
swift build -c release --product upshift >/dev/null
B=$PWD/.build/release/upshift
if ! "$B" demo --help >/dev/null 2>&1; then
  echo "skipped: this upshift has no \`demo\` command yet, so there is no downtime report to measure" >&2
  exit 0
fi
out=bench/results/downtime-$(date -u +%Y%m%dT%H%MZ); mkdir -p "$out"
for i in $(seq 1 "$runs"); do
  "$B" demo --output json >"$out/run-$i.json"
done
python3 - "$out" <<'PY'
import glob, json, statistics, sys
rows = [json.load(open(f)) for f in sorted(glob.glob(sys.argv[1] + "/run-*.json"))]
def pick(r, *keys):
    for k in keys:
        if k in r: return r[k]
    raise SystemExit(f"the demo report has none of {keys}: {sorted(r)}")
down = [pick(r, "nova_api_unavailable_seconds", "api_down_seconds") for r in rows]
bound = [pick(r, "schema_sync_seconds", "lower_bound_seconds") for r in rows]
failed = [pick(r, "failed_boots") for r in rows]
print(f"nova API unavailable median {statistics.median(down):.2f} s (min {min(down):.2f}, max {max(down):.2f})")
print(f"lower bound (schema sync)  median {statistics.median(bound):.2f} s; ratio {statistics.median(down) / statistics.median(bound):.2f}x")
print(f"failed boots: {failed}")
PY
