#!/usr/bin/env bash
# Plan-scale side by side: this tree's release build and the release build of an older commit (the
# last before the format-2 interpreter, e3422f2, by default), interleaved in one hyperfine run on the
# same 10,000-host inventory, at --by-group --batch-size 200 (bench/plan-scale.sh) and at the default
# batch size. The old commit is exported with git archive and built into .build-old (gitignored).
# Usage: bench/plan-scale-vs.sh [old-commit] [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
old=${1:-e3422f2}; runs=${2:-10}
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
swift build -c release --product upshift >/dev/null
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
NEW=$PWD/.build/release/upshift OLD=$PWD/.build-old/release/upshift
# The old build is reused while .build-old/built-from names the same commit.
commit=$(git rev-parse "$old")
if [ ! -x "$OLD" ] || [ "$(cat .build-old/built-from 2>/dev/null)" != "$commit" ]; then
  rm -rf .build-old/src && mkdir -p .build-old/src && git archive "$commit" | tar -x -C .build-old/src
  (cd .build-old/src && swift build -c release --product upshift --scratch-path "$OLDPWD/.build-old" >/dev/null)
  echo "$commit" > .build-old/built-from
fi
python3 bench/gen-inventory.py 3 5 9992 50 > "$tmp/inv.yaml"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for args in "--by-group --batch-size 200" ""; do
  # Same steps from both (only the pack's hash may differ).
  $OLD plan --inventory "$tmp/inv.yaml" --method live $args -o "$tmp/old.json" --output json >/dev/null 2>&1
  $NEW plan --inventory "$tmp/inv.yaml" --method live $args -o "$tmp/new.json" --output json >/dev/null 2>&1
  diff <(grep -v '"sha256"' "$tmp/old.json") <(grep -v '"sha256"' "$tmp/new.json") >/dev/null \
    || { echo "the two plans differ for '$args'"; exit 1; }
  hyperfine -N --runs "$runs" --warmup 1 --export-json "$tmp/h.json" \
    -n "old $old ${args:-default batch}" "$OLD plan --inventory $tmp/inv.yaml --method live $args -o $tmp/o.json --output json" \
    -n "new ${args:-default batch}" "$NEW plan --inventory $tmp/inv.yaml --method live $args -o $tmp/n.json --output json" >/dev/null
  python3 - "$tmp/h.json" <<'PY'
import json, sys
rs = json.load(open(sys.argv[1]))["results"]
med = []
for r in rs:
    t = sorted(r["times"]); m = t[len(t) // 2]; med.append(m)
    print(f'{r["command"]:<44} median {m:6.3f} s  min {t[0]:6.3f}  max {t[-1]:6.3f}  user {r["user"]:6.3f} s')
print(f'new / old (medians): {med[1] / med[0]:.2f}')
PY
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
