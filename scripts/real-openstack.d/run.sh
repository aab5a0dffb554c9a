# `real-openstack run --summary FILE`: the whole proof on a fresh cloud, driven by Upshift over ssh,
# then the JSON summary and the cloud torn down (issue 15):
#   1. up; a server booted on 2024.2 (it must still be ACTIVE at the end);
#   2. `upshift discover`, `check`, `plan --method live` (and the offline plan, checked);
#   3. `upshift apply` without --yes and without a terminal: it stops at the point of no return
#      (exit 3) before the first schema sync; `upshift rollback --yes` brings 2024.2 back; a boot;
#   4. `upshift resume --yes` runs the upgrade while `upshift probe` boots and deletes real servers
#      and outage.py samples the Nova API every 0.1 s; upshift is SIGKILLed three times (one of them
#      during a schema sync) and resumed each time; nova-compute on cmp-02 is stopped right after
#      its start (the batch must fail naming it, and the resume go on once it runs again);
#   5. the final state read from the cloud itself (services table, venv links, schema revisions,
#      the conductor's compute RPC pin) and from upshift's own report;
#   6. a fresh 2024.2 cloud upgraded with `--method offline` (versions, schemas, a boot).
# KILL_SEED=N picks the random kill points again (it is printed and kept in the summary).
# shellcheck source=manual.sh
. "$LIB/manual.sh"   # step, took
UPSHIFT="${UPSHIFT:-$REPO/.build/debug/upshift}"
PACK=dalmatian-epoxy

us() { "$UPSHIFT" "$@"; }
cloud_args() { echo --inventory "$DIR/inventory.yaml" --ssh-config "$DIR/ssh_config"; }

run_proof() {
  local t0=$SECONDS out="$DIR/run"
  [ -x "$UPSHIFT" ] || die "no upshift binary at $UPSHIFT (swift build first, or set UPSHIFT)"
  # Whatever happens, nothing of the cloud is left running.
  trap 'stop_watchers; save_logs; down >/dev/null 2>&1 || true' EXIT
  # A fresh cloud: whatever an earlier run left (an upgraded one) goes first.
  ( down ) >/dev/null 2>&1 || true
  ( up ) || die "up failed"
  local up_seconds=$((SECONDS - t0))
  rm -rf "$out"; mkdir -p "$out"; cd "$out"
  local pre; pre=$(cloudctl boot pre-upgrade 180) || die "the pre-upgrade boot failed: $pre"
  pre=${pre%%$'\n'*}
  say "pre-upgrade server $pre ACTIVE"
  plan_it
  local rollback_ok; rollback_ok=$(rollback_proof); say "rollback_ok=$rollback_ok"
  local up_t=$SECONDS rc=0
  start_watchers
  killed_upgrade || rc=$?
  local upgrade_seconds=$((SECONDS - up_t))
  sleep 5
  stop_watchers
  us report --state "$out/state" --output json -o "$out/report.json" || true
  us report --state "$out/state" --output html -o "$out/report.html" || true
  write_summary "$pre" "$rollback_ok" "$rc" "$up_seconds" "$upgrade_seconds" > "$SUMMARY"
  [ $rc = 0 ] && offline_proof "$SUMMARY"
  cat "$SUMMARY"
  [ $rc = 0 ] || die "the upgrade failed (logs: $out/*.log)"
  python3 -c "import json,sys; s=json.load(open(sys.argv[1])); sys.exit(0 if s['ok'] else 1)" "$SUMMARY" \
    || die "the proof failed (summary: $SUMMARY)"
  say "proof passed in $((SECONDS - t0)) s"
}

# discover, check, plan: the operator's first three commands.
plan_it() {
  step "upshift discover, check, plan"
  # shellcheck disable=SC2046
  us discover $(cloud_args) --pack "$PACK" -o facts.json > discover.log 2>&1 || { cat discover.log >&2; die "upshift discover failed"; }
  # shellcheck disable=SC2046
  us check --inventory "$DIR/inventory.yaml" --pack "$PACK" --facts facts.json > check.log 2>&1 || { cat check.log >&2; die "upshift check found blocking problems"; }
  # shellcheck disable=SC2046
  us plan --inventory "$DIR/inventory.yaml" --pack "$PACK" --facts facts.json --method offline -o plan-offline.json > plan-offline.txt 2>&1 \
    || { cat plan-offline.txt >&2; die "upshift plan --method offline failed"; }
  # shellcheck disable=SC2046
  us plan --inventory "$DIR/inventory.yaml" --pack "$PACK" --facts facts.json --method live -o plan.json > plan.txt 2>&1 \
    || { cat plan.txt >&2; die "upshift plan --method live failed"; }
  say "   $(head -1 plan.txt)"
}

# Rollback before the point of no return: apply without --yes and without a terminal stops there
# (exit 3), with the new code installed, the pre-check run and the four databases dumped (the old
# services keep serving: the syncs come first, in Nova's order); rollback undoes what ran; the
# services report 67 and a boot works. Prints true or false.
rollback_proof() {
  step "rollback before the point of no return" 
  local rc=0
  # shellcheck disable=SC2046
  us apply plan.json --state "$out/state" $(cloud_args) < /dev/null > apply-0.log 2>&1 || rc=$?
  [ $rc = 3 ] && grep -q "point of no return" apply-0.log || { say "apply did not stop at the point of no return (rc $rc; apply-0.log)"; echo false; return; }
  us status --state "$out/state" > status-0.txt 2>&1 || true
  us rollback --yes --state "$out/state" > rollback.log 2>&1 || { say "upshift rollback failed (rollback.log)"; echo false; return; }
  wait_ready 180 >/dev/null || { say "the cloud did not come back on 2024.2 after the rollback"; echo false; return; }
  local v; v=$(min_versions)
  [ "$v" = "67" ] || { say "after the rollback the services report version $v, not 67"; echo false; return; }
  local id; id=$(cloudctl boot rollback-check 180) || { say "boot after the rollback failed: $id"; echo false; return; }
  id=${id%%$'\n'*}
  cloudctl delete "$id" 120 >/dev/null && echo true || echo false
}

# The upgrade: `upshift resume --yes` continues the rolled-back run from its start; three SIGKILLs
# at points chosen at random (one in the nova schema sync), each followed by another resume.
killed_upgrade() {
  KILL_SEED=${KILL_SEED:-$((RANDOM))}; RANDOM=$KILL_SEED
  # One kill always in the nova schema sync (the resume attaches to the sync still running on the
  # host); one at random before it and one after it, outside the Nova API outage (the API's own
  # restart), so the outage measured is the upgrade's and not a resume's start (in session 6, kills
  # in a backup added ~1 s to it).
  local before=(nova/install-code nova/upgrade-check nova/backup-db placement/backup-db placement/db-sync)
  # (cmp-02's batch is left to the compute fault below, so the kills come before it.)
  local after=(nova/pin-auto nova/stop@ctl-01 placement/stop nova/start@ctl-01-2 nova/disable-compute nova/stop@cmp-01
               nova/start@cmp-01 nova/wait-healthy@cmp-01 nova/enable-compute)
  local points=("${before[RANDOM % ${#before[@]}]}" "nova/db-sync@ctl-01-2" "${after[RANDOM % ${#after[@]}]}")
  local delays=("0.$((RANDOM % 10))" "1.5" "0.$((RANDOM % 10))")
  say "kill seed $KILL_SEED: SIGKILL during ${points[*]}"
  : > kills.txt
  local i r
  for i in 0 1 2; do
    step "upshift resume --yes, killed during ${points[$i]}"
    r=$(python3 "$LIB/killer.py" upgrade.log "${points[$i]//./\\.}" "${delays[$i]}" -- \
          "$UPSHIFT" resume --yes --state "$out/state")
    echo "$KILL_SEED ${points[$i]} ${delays[$i]} $r" >> kills.txt
    say "   $r"
  done
  compute_fault
  step "upshift resume --yes (to the end)"
  local rc=0
  us resume --yes --state "$out/state" >> upgrade.log 2>&1 || rc=$?
  say "   resume: rc $rc"
  RESUME_RC=$rc
  return $rc
}

# A compute that does not come back (issue 15, "Bad input and faults"): nova-compute on cmp-02 is
# stopped right after upshift started it (supervisord does not restart a stopped program), so its
# batch must fail at the health check naming the host and the service, with nothing after it
# started; once it is started again by hand, the next resume goes on. Writes fault.json.
compute_fault() {
  step "upshift resume --yes: nova-compute on cmp-02 stopped right after its start"
  local r rc=0
  r=$(python3 "$LIB/killer.py" upgrade.log 'nova/start@cmp-02' 0 --event succeeded \
        --run "ssh -F '$DIR/ssh_config' -o BatchMode=yes cmp-02 supervisorctl stop nova-compute >/dev/null" -- \
        "$UPSHIFT" resume --yes --state "$out/state")
  say "   $r"
  rc=${r##*exited }
  us status --state "$out/state" > status-fault.txt 2>&1 || true
  on cmp-02 supervisorctl start nova-compute >/dev/null || true
  python3 - "$out/state/journal.sqlite" "$rc" "$r" > fault.json <<'PY'
import json, sqlite3, sys
db = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
run = db.execute("select max(id) from run").fetchone()[0]
units = db.execute("select position, step, host, state, message from unit where run_id = ? order by position", (run,)).fetchall()
failed = [u for u in units if u[3] == "failed"]
first = failed[0] if failed else None
later = [u for u in units if first and u[0] > first[0]]
print(json.dumps({
    "what": "nova-compute on cmp-02 stopped right after `nova/start@cmp-02` (supervisorctl stop)",
    "upshift_rc": int(sys.argv[2]) if sys.argv[2].isdigit() else None,
    "killer": sys.argv[3],
    "failed_step": first[1] if first else None,
    "failed_host": first[2] if first else None,
    "message": first[4] if first else None,
    "names_host_and_service": bool(first and first[2] == "cmp-02" and "cmp-02" in (first[4] or "") and "nova-compute" in (first[4] or "")),
    "nothing_else_started": bool(first) and all(u[3] == "pending" for u in later),
}, indent=2))
PY
  say "   $(python3 -c 'import json,sys; f=json.load(open(sys.argv[1])); print(f["failed_step"], "failed:", f["message"])' fault.json)"
}

start_watchers() {
  rm -f "$DIR/.outage-stop"
  python3 "$LIB/outage.py" "http://$CTL_ADDR:$NOVA_PORT/v2.1/flavors" "$DIR/.outage-stop" 0.1 > "$out/outage.json" &
  OUTAGE_PID=$!
  # shellcheck disable=SC2046   # $! must be upshift itself (SIGINT ends the probe with its JSON)
  "$UPSHIFT" probe $(cloud_args) --pack "$PACK" --duration 30m --interval 2s --api-interval 250ms -o "$out/probe.json" \
    > "$out/probe.txt" 2>&1 &
  PROBE_PID=$!
  sleep 5
}

stop_watchers() {
  [ -n "${PROBE_PID:-}" ] && { kill -INT "$PROBE_PID" 2>/dev/null; wait "$PROBE_PID" 2>/dev/null || true; PROBE_PID=""; }
  [ -n "${OUTAGE_PID:-}" ] && { touch "$DIR/.outage-stop"; wait "$OUTAGE_PID" 2>/dev/null || true; OUTAGE_PID=""; }
  true
}

# Every host's logs into $LOGS (default $DIR/run/logs; down removes the hosts' directories).
save_logs() {
  local h to=${LOGS:-$DIR/run/logs}
  for h in "${HOSTS[@]}"; do
    [ -d "$DIR/hosts/$h/log" ] && mkdir -p "$to/$h" && cp -r "$DIR/hosts/$h/log/." "$to/$h/" 2>/dev/null
  done
  true
}

# The offline method on a fresh 2024.2 cloud (the pack's other procedure): discover, plan --method
# offline, apply --yes while the API is sampled; every service must report 68, the four schemas the
# 2025.1 revisions, and a server must boot. Adds "offline" to the summary FILE (and its ok to "ok").
offline_proof() {
  step "the offline method on a fresh 2024.2 cloud"
  save_logs; LOGS="$out/offline/logs"
  local o="$out/offline" t0=$SECONDS rc=0 id=""
  mkdir -p "$o"
  { ( down ) && ( up ); } > "$o/up.log" 2>&1 || { say "   the cloud did not come up again (offline/up.log)"; rc=1; }
  # shellcheck disable=SC2046
  [ $rc = 0 ] && { us discover $(cloud_args) --pack "$PACK" -o "$o/facts.json" > "$o/discover.log" 2>&1 || rc=$?; }
  [ $rc = 0 ] && { us plan --inventory "$DIR/inventory.yaml" --pack "$PACK" --facts "$o/facts.json" --method offline \
                     -o "$o/plan.json" > "$o/plan.txt" 2>&1 || rc=$?; }
  rm -f "$DIR/.outage-stop"
  python3 "$LIB/outage.py" "http://$CTL_ADDR:$NOVA_PORT/v2.1/flavors" "$DIR/.outage-stop" 0.1 > "$o/outage.json" &
  local sampler=$! t1=$SECONDS
  # shellcheck disable=SC2046
  [ $rc = 0 ] && { us apply "$o/plan.json" --yes --state "$o/state" $(cloud_args) > "$o/apply.log" 2>&1 || rc=$?; }
  local apply_seconds=$((SECONDS - t1))
  touch "$DIR/.outage-stop"; wait $sampler 2>/dev/null || true
  local versions revisions
  versions=$(min_versions 2>/dev/null || true)
  revisions=$(schema_revisions 2>/dev/null)
  [ $rc = 0 ] && { id=$(cloudctl boot offline-check 180) && cloudctl delete "${id%%$'\n'*}" 120 >/dev/null || id=""; }
  say "   offline: apply rc $rc in ${apply_seconds} s, services at $versions, boot ${id:+ok}"
  python3 - "$1" "$rc" "$apply_seconds" "$versions" "$revisions" "${id%%$'\n'*}" "$o/outage.json" "$((SECONDS - t0))" <<'PY'
import json, sys
path, rc, seconds, versions, revisions, boot, outage, total = sys.argv[1:9]
s = json.load(open(path))
got = dict(l.split(" ", 1) for l in revisions.splitlines() if " " in l)
try:
    o = json.load(open(outage))
except (OSError, ValueError):
    o = {}
off = {"apply_rc": int(rc), "apply_seconds": int(seconds), "min_service_version": versions.strip(),
       # The live proof's final revisions, which summary.py checked against 2025.1's heads.
       "schemas_at_2025.1": bool(s.get("final_state", {}).get("schemas_at_2025.1")) and got == s.get("schema_revisions"),
       "boot_after": bool(boot), "api_down_seconds_total": o.get("down_seconds"),
       "api_outages": len(o.get("outages", [])), "seconds_in_all": int(total)}
off["ok"] = off["apply_rc"] == 0 and off["min_service_version"] == "68" and off["schemas_at_2025.1"] and off["boot_after"]
s["offline"] = off
s["ok"] = bool(s.get("ok")) and off["ok"]
json.dump(s, open(path, "w"), indent=2, sort_keys=True)
PY
}

sql() { on ctl-01 "mysql --defaults-extra-file=/etc/upshift/mysql.cnf -N -e \"$1\""; }
min_versions() { sql "select min(version) from nova.services where deleted=0"; }
# "DB REVISION" per line: the alembic head of each of the four databases.
schema_revisions() { local db; for db in nova_api nova nova_cell0 placement; do echo "$db $(sql "select version_num from $db.alembic_version")"; done; }

write_summary() { # PRE_ID ROLLBACK_OK UPGRADE_RC UP_SECONDS UPGRADE_SECONDS
  local versions status links revisions pin h
  versions=$(sql "select host, \\\`binary\\\`, version from nova.services where deleted=0" || true)
  status=$(cloudctl status "$1" || true)
  links=$(for h in "${HOSTS[@]}"; do echo "$h $(on "$h" 'readlink /openstack/venvs/nova-current')"; done)
  revisions=$(schema_revisions)
  pin=$(on ctl-01 "grep -o 'compute RPC version [0-9.]* from minimum service version [0-9]*' /var/log/openstack/nova-conductor.log | tail -1" || true)
  python3 "$LIB/summary.py" "$out" "$1" "$status" "$2" "$3" "$4" "$5" "$versions" "$links" "$revisions" "$pin" "${RESUME_RC:-1}"
}
