#!/usr/bin/env bash
# Scale of the core: plan (which includes the full safety check) and check --plan for generated
# inventories of 1k, 10k and 50k hosts, release build, hyperfine medians. Usage: bench/plan-scale.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
swift build -c release --product upshift >/dev/null
B=$PWD/.build/release/upshift
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for n in 1000 10000 50000; do
  computes=$((n - 8)); groups=$((n / 200))
  python3 bench/gen-inventory.py 3 5 "$computes" "$groups" > "$tmp/inv-$n.yaml"
  args="--inventory $tmp/inv-$n.yaml --method live --by-group --batch-size 200"
  $B plan $args -o "$tmp/plan-$n.json" --output json >/dev/null 2>&1
  hyperfine --runs "$runs" --warmup 1 --export-json "$tmp/h-$n.json" \
    -n "plan+check $n hosts" "$B plan $args -o $tmp/out-$n.json --output json" \
    -n "check --plan $n hosts" "$B check --inventory $tmp/inv-$n.yaml --plan $tmp/plan-$n.json" \
    -n "inventory parse+validate $n hosts" "$B check --inventory $tmp/inv-$n.yaml --method live" >/dev/null
  python3 - "$tmp/h-$n.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    t = sorted(r["times"]); med = t[len(t) // 2]
    print(f'{r["command"]:<38} median {med:6.3f} s  min {t[0]:6.3f}  max {t[-1]:6.3f}  user {r["user"]:6.3f} s')
PY
done
