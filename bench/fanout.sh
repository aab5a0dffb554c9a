#!/usr/bin/env bash
# Fan-out: the same 3 no-op commands (`runuser -s /bin/sh root -c true`, what a `run` step renders
# to) on every host of a lab over real OpenSSH on loopback, in one hyperfine run:
#   upshift apply (SQLite journal on, --parallel 50), the same warm (--ssh-persist: on the connections
#   its previous run left), upshift apply with the hidden benchmarking
#   option `--journal memory` (journal off: the journal's cost is the difference), raw ssh with warm ControlMaster (xargs -P 50),
#   raw ssh cold (no multiplexing), ansible-playbook (forks=50, pipelining, ControlPersist) with `raw`
#   tasks and (plain kind) with `command` tasks, each cold (its masters closed before each run) and
#   warm (reusing the masters its previous run left), and two floors: one cold ssh per host carrying
#   all three commands (`xargs -P 50`), the least any tool that must reach every host can spend (one
#   handshake and one login shell per host, nothing else), and the same through the warm masters
#   (one session channel per host, no handshake); and, outside hyperfine, the held-shell
#   floor (bench/fanout-held.py): the three commands sent into shells opened before the clock, the
#   least any tool that runs them one at a time can spend, even with connections and shells kept
#   open between runs.
# Usage: bench/fanout.sh [runs] [hosts] [lab|plain]   (defaults: 5 runs, 100 hosts, lab).
#   lab:   the lab's sshds; each command runs in `upshift lab shell` (about 0.1 s of CPU and the
#          lab's state lock per command, the same for every contender).
#   plain: the same sshds, addresses, keys and ssh_config, without the lab's ForceCommand: the
#          command runs in the real /bin/sh, so the figures show the tools' own fan-out cost.
# The untimed sanity run before hyperfine is the warm-up. Results: stdout and $OUT (default
# bench/results/fanout-<kind>-<hosts>-<date>.json: hyperfine's export plus the held-shell floor; the
# interleaved journal runs under the same name ending -journal.json).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}; hosts=${2:-100}; kind=${3:-lab}; par=50
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
scripts/install-ansible-core   # the version scripts/prereqs installs for the tests
# The real script, not a pyenv shim (a shim can wait on pyenv's rehash lock: not Ansible's time).
ap=$(command -v pyenv >/dev/null && pyenv which ansible-playbook 2>/dev/null || command -v ansible-playbook)
swift build -c release --product upshift >/dev/null
B=$PWD/.build/release/upshift
tmp=$(mktemp -d /tmp/upshift-fanout.XXXXXX); lab=$tmp/lab
cleanup() {
  [ -f "$tmp/hosts" ] && xargs -P "$par" -I{} ssh -F "$lab/ssh_config" -o ControlPath="$tmp/cm/%C" -O exit {} \
    <"$tmp/hosts" >/dev/null 2>&1 || true
  for s in "$tmp"/ansible-cp/* "$tmp"/home/.upshift/ssh/*; do [ -S "$s" ] && ssh -o ControlPath="$s" -O exit lab >/dev/null 2>&1; done
  for f in "$lab"/plain-*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; done
  "$B" lab down --dir "$lab" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
"$B" lab up --controllers 1 --network 1 --computes $((hosts - 2)) --dir "$lab" --fresh >/dev/null
cfg=$lab/ssh_config
if [ "$kind" = plain ]; then
  "$B" lab down --dir "$lab" >/dev/null
  for c in "$lab"/sshd-*.conf; do
    n=${c##*/sshd-}; n=${n%.conf}
    grep -v '^ForceCommand' "$c" | sed "s#^PidFile .*#PidFile $lab/plain-$n.pid#" >"$lab/plain-$n.conf"
    /usr/sbin/sshd -f "$lab/plain-$n.conf"
  done
  sleep 1
fi
grep -E '^\s*-\s*name:' "$lab/inventory.yaml" | sed -E 's/.*name:[[:space:]]*//' >"$tmp/hosts"
[ "$(wc -l <"$tmp/hosts")" -eq "$hosts" ] || { echo "lab has $(wc -l <"$tmp/hosts") hosts, wanted $hosts" >&2; exit 1; }
python3 bench/fanout-inventory.py "$lab/inventory.yaml" >"$tmp/inventory.yaml"
python3 bench/fanout-plan.py "$tmp/inventory.yaml" bench/noop-pack.yaml >"$tmp/plan.json"
cmd="runuser -s /bin/sh 'root' -c 'true'"
mkdir -p "$tmp/cm" && chmod 700 "$tmp/cm"

# Per host, three sequential ssh calls; xargs runs $par hosts at once.
cat >"$tmp/per-host.sh" <<SH
#!/bin/sh
h=\$1; shift
ssh -F "$cfg" "\$@" "\$h" "$cmd" && ssh -F "$cfg" "\$@" "\$h" "$cmd" && ssh -F "$cfg" "\$@" "\$h" "$cmd"
SH
chmod +x "$tmp/per-host.sh"
# The floor: one connection per host, the three commands in sequence inside it.
cat >"$tmp/floor-host.sh" <<SH
#!/bin/sh
h=\$1; shift
ssh -F "$cfg" "\$@" "\$h" "$cmd && $cmd && $cmd"
SH
chmod +x "$tmp/floor-host.sh"
floor="xargs -P $par -I{} $tmp/floor-host.sh {} -o BatchMode=yes -o ControlMaster=no -o ControlPath=none <$tmp/hosts"
# The same through the warm masters: one session channel and one login shell per host, no handshake.
floor_warm="xargs -P $par -I{} $tmp/floor-host.sh {} -o BatchMode=yes -o ControlMaster=no -o ControlPath=$tmp/cm/%C <$tmp/hosts"
warm="xargs -P $par -I{} $tmp/per-host.sh {} -o BatchMode=yes -o ControlMaster=no -o ControlPath=$tmp/cm/%C <$tmp/hosts"
cold="xargs -P $par -I{} $tmp/per-host.sh {} -o BatchMode=yes -o ControlMaster=no -o ControlPath=none <$tmp/hosts"
# Warm masters for the raw-ssh run (started once, outside the timed region).
xargs -P "$par" -I{} ssh -F "$cfg" -o BatchMode=yes -o ControlMaster=yes -o ControlPath="$tmp/cm/%C" \
  -o ControlPersist=3600 -fN {} <"$tmp/hosts"

bench/fanout-ansible.sh "$tmp" "$cfg" "$par" "$cmd"
ansible="ANSIBLE_CONFIG=$tmp/ansible.cfg $ap -i $tmp/ansible-hosts.ini $tmp/playbook.yaml"
ansible_cmd="ANSIBLE_CONFIG=$tmp/ansible.cfg $ap -i $tmp/ansible-hosts.ini $tmp/playbook-command.yaml"
# --no-discover: apply's pre-run host check (discovery: a few reads per host, once per run) is not part
# of the fan-out being compared; the other contenders check nothing either.
upshift="$B apply $tmp/plan.json --inventory $tmp/inventory.yaml --pack bench/noop-pack.yaml --ssh-config $cfg --state $tmp/state --parallel $par --yes --no-discover"
# The same apply without the SQLite journal (hidden benchmarking option; such a run cannot be resumed).
upshift_off="$B apply $tmp/plan.json --inventory $tmp/inventory.yaml --pack bench/noop-pack.yaml --ssh-config $cfg --state $tmp/state-off --parallel $par --yes --no-discover --journal memory"

# Upshift warm: --ssh-persist keeps each host's connection (a control master under $HOME/.upshift/ssh,
# here a private HOME in $tmp) for the next run, as Ansible's ControlPersist does; the sanity run
# opens them, every timed run reuses them. Compare it with warm ssh and warm Ansible.
upshift_warm="HOME=$tmp/home $B apply $tmp/plan.json --inventory $tmp/inventory.yaml --pack bench/noop-pack.yaml --ssh-config $cfg --state $tmp/state-warm --parallel $par --yes --no-discover --ssh-persist 600"
mkdir -p "$tmp/home"

# Sanity: each contender really runs the 3 commands on every host, and succeeds.
eval "$upshift" 2>"$tmp/apply.log" || { cat "$tmp/apply.log" >&2; exit 1; }
eval "$upshift_warm" 2>"$tmp/apply-warm.log" || { cat "$tmp/apply-warm.log" >&2; exit 1; }
[ "$(ls "$tmp/home/.upshift/ssh" | wc -l)" -eq "$hosts" ] || { echo "--ssh-persist left $(ls "$tmp/home/.upshift/ssh" | wc -l) masters, wanted $hosts" >&2; exit 1; }
eval "$upshift_off" 2>"$tmp/apply-off.log" || { cat "$tmp/apply-off.log" >&2; exit 1; }
[ ! -e "$tmp/state-off" ] || { echo "--journal memory wrote a state directory" >&2; exit 1; }
eval "$warm"; eval "$cold"; eval "$floor"; eval "$floor_warm"; eval "$ansible" >"$tmp/ansible.log" || { tail -30 "$tmp/ansible.log" >&2; exit 1; }
grep -q "ok=3 " "$tmp/ansible.log" && [ "$(grep -c 'ok=3 ' "$tmp/ansible.log")" -eq "$hosts" ] \
  || { echo "ansible did not run 3 tasks on every host" >&2; tail -5 "$tmp/ansible.log" >&2; exit 1; }
# The command-module playbook needs Python on the host: plain kind only (the lab shell has none).
ansible_args=()
if [ "$kind" = plain ]; then
  eval "$ansible_cmd" >"$tmp/ansible-command.log" || { tail -30 "$tmp/ansible-command.log" >&2; exit 1; }
  [ "$(grep -c 'ok=3 ' "$tmp/ansible-command.log")" -eq "$hosts" ] \
    || { echo "ansible (command) did not run 3 tasks on every host" >&2; tail -5 "$tmp/ansible-command.log" >&2; exit 1; }
  ansible_args=(--prepare "$tmp/ansible-close.sh" -n "ansible-playbook command (cold)" "$ansible_cmd"
    --prepare "true" -n "ansible-playbook command (warm ControlPersist)" "$ansible_cmd")
fi

out=${OUT:-bench/results/fanout-$kind-$hosts-$(date -u +%Y%m%dT%H%MZ).json}; mkdir -p "$(dirname "$out")"
# What the command itself costs, run here 100 times in a row without ssh (every contender pays it 300 times).
python3 - "$cmd" <<'PY'
import subprocess, sys, time
def per_call(c):
    t0 = time.monotonic()
    for _ in range(100): subprocess.run(c, shell=True, check=True)
    return (time.monotonic() - t0) * 10
print(f"the command alone: {per_call(sys.argv[1]):.2f} ms per call ({sys.argv[1]}); /bin/sh -c true: {per_call('/bin/sh -c true'):.2f} ms")
PY
# The journal's overhead, interleaved (on, off, off, on per round: bench/journal-abba.py), cold and
# warm, before hyperfine while the machine is quiet (after the Ansible contenders its load takes
# minutes to fall): the hyperfine blocks run all journal-on runs, then all journal-off runs, and a
# drift of the machine between the blocks shows up as overhead (or as a negative one).
abba=${out%.json}-journal.json; rm -f "$abba"
python3 bench/journal-abba.py "$runs" "cold" "rm -rf $tmp/state" "$upshift" "$upshift_off" "$abba"
python3 bench/journal-abba.py "$runs" "warm (--ssh-persist)" "rm -rf $tmp/state-warm" "$upshift_warm" "$upshift_warm --journal memory" "$abba"
# Ansible keeps its ControlPersist masters (600 s) between runs: "cold" closes them before each run,
# as for a first playbook run (every other contender but warm ssh also connects from scratch);
# "warm" runs right after it and reuses the masters the previous run left, like a playbook run
# again within ControlPersist. One --prepare per command, in order.
cat >"$tmp/ansible-close.sh" <<SH
#!/bin/sh
for s in "$tmp"/ansible-cp/*; do [ -S "\$s" ] && ssh -o ControlPath="\$s" -O exit lab >/dev/null 2>&1; done
rm -f "$tmp"/ansible-cp/* 2>/dev/null; exit 0
SH
chmod +x "$tmp/ansible-close.sh"
hyperfine --runs "$runs" --warmup 0 --export-json "$out" \
  --prepare "rm -rf $tmp/state" -n "upshift apply (journal on)" "$upshift" \
  --prepare "rm -rf $tmp/state" -n "upshift apply (journal off)" "$upshift_off" \
  --prepare "rm -rf $tmp/state-warm" -n "upshift apply (warm: --ssh-persist)" "$upshift_warm" \
  --prepare "true" -n "ssh warm ControlMaster" "$warm" \
  --prepare "true" -n "ssh cold" "$cold" \
  --prepare "$tmp/ansible-close.sh" -n "ansible-playbook (cold)" "$ansible" \
  --prepare "true" -n "ansible-playbook (warm ControlPersist)" "$ansible" \
  --prepare "true" -n "floor: one ssh per host" "$floor" \
  --prepare "true" -n "warm floor: one channel per host" "$floor_warm" \
  "${ansible_args[@]}" >/dev/null
# The held-shell floor, on the warm masters, merged into the same export.
python3 bench/fanout-held.py "$tmp/hosts" "$cfg" "$tmp/cm/%C" "$cmd" "$par" "$runs" "$tmp/held.json"
python3 - "$out" "$tmp/held.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1])); doc["results"].append(json.load(open(sys.argv[2])))
json.dump(doc, open(sys.argv[1], "w"), indent=1)
PY
python3 bench/summarize.py "$out" "upshift apply (journal on)" "ssh warm ControlMaster" "ansible-playbook (cold)" "upshift apply (journal off)" "floor: one ssh per host"
python3 - "$out" <<'PY'
import json, statistics, sys
m = {r["command"]: statistics.median(r["times"]) for r in json.load(open(sys.argv[1]))["results"]}
u, uw, sw = m["upshift apply (journal on)"], m["upshift apply (warm: --ssh-persist)"], m["ssh warm ControlMaster"]
held = m["held-shell floor"]
print(f"ratio upshift (warm) / warm ssh     {uw / sw:6.2f}x  (both on masters opened before the timed run)")
for kind in ["", "command "]:
    cold, warm = m.get(f"ansible-playbook {kind}(cold)"), m.get(f"ansible-playbook {kind}(warm ControlPersist)")
    if cold is None: continue
    name = f"ansible-playbook {kind or 'raw '}"
    print(f"ratio {name}(cold) / upshift (cold) {cold / u:6.2f}x")
    print(f"ratio {name}(warm) / upshift (warm) {warm / uw:6.2f}x")
    print(f"ratio {name}(warm) / held-shell floor {warm / held:6.2f}x  (the most any tool could gain over it warm)")
print(f"ratio upshift (warm) / held-shell floor {uw / held:6.2f}x")
print(f"ratio upshift (warm) / warm floor (one channel per host) {uw / m['warm floor: one channel per host']:6.2f}x")
PY
echo "kind=$kind hosts=$hosts steps=3 parallel=$par runs=$runs date=$(date -u +%FT%TZ) raw: $out"
