# `real-openstack run --summary FILE`: the whole proof on a fresh cloud, then the JSON summary and
# the cloud torn down. Steps: up; a server booted on 2024.2; a rollback before the point of no
# return (stop the control plane as the upgrade does, start it again on the old code, boot); Upshift's
# workload probe (the pack's probe: operations, over ssh) booting and deleting servers while the
# upgrade runs; service versions, the pre-upgrade server, the pin; down.
# The upgrade itself is the reference procedure of manual.sh: `upshift apply` drives it once pack
# format 2's procedure interpreter is on main (the dalmatian-epoxy pack is written for it).
# shellcheck source=manual.sh
. "$LIB/manual.sh"

UPSHIFT="${UPSHIFT:-$REPO/.build/debug/upshift}"
PACK="$REPO/Sources/UpshiftCLI/Packs/dalmatian-epoxy.yaml"

# Rollback before the point of no return: the stops of §11.2 steps 2-3 with the new code installed,
# then the old code started again; a boot must work. Prints true or false.
rollback_proof() {
  on ctl-01 "supervisorctl stop nova-conductor nova-scheduler placement-api nova-api" >/dev/null || { echo false; return; }
  on ctl-01 "readlink /openstack/venvs/nova-current | grep -q 2024.2 && supervisorctl start nova-api placement-api nova-conductor nova-scheduler" >/dev/null \
    || { echo false; return; }
  wait_ready 120 || { echo false; return; }
  local id; id=$(cloudctl boot rollback-check 180) || { echo false; return; }
  id=${id%%$'\n'*}
  cloudctl delete "$id" 120 >/dev/null && echo true || echo false
}

run_proof() {
  local t0=$SECONDS out="$DIR/run" probe_pid=""
  [ -x "$UPSHIFT" ] || die "no upshift binary at $UPSHIFT (swift build first, or set UPSHIFT)"
  # Whatever happens, nothing of the cloud is left running.
  trap 'save_logs; down >/dev/null 2>&1 || true' EXIT
  ( up ) || die "up failed"
  local up_seconds=$((SECONDS - t0))
  rm -rf "$out"; mkdir -p "$out"
  local pre; pre=$(cloudctl boot pre-upgrade 180) || die "the pre-upgrade boot failed: $pre"
  pre=${pre%%$'\n'*}
  say "pre-upgrade server $pre ACTIVE"
  install_new_code
  say "rollback before the point of no return"
  local rollback_ok; rollback_ok=$(rollback_proof); say "rollback_ok=$rollback_ok"
  say "upshift probe (pack dalmatian-epoxy) in the background"
  "$UPSHIFT" probe --inventory "$(probe_inventory)" --pack "$PACK" \
    --ssh-config "$DIR/ssh_config" --duration 30m --interval 2s --api-interval 250ms -o "$out/probe.json" \
    > "$out/probe.txt" 2>&1 &
  probe_pid=$!
  sleep 10
  local up_t=$SECONDS rc=0
  ( manual_upgrade ) > "$out/upgrade.log" 2>&1 || rc=$?
  local upgrade_seconds=$((SECONDS - up_t))
  sleep 10
  kill -INT "$probe_pid" 2>/dev/null || true
  wait "$probe_pid" || true
  write_summary "$pre" "$rollback_ok" "$rc" "$up_seconds" "$upgrade_seconds" > "$SUMMARY"
  cat "$SUMMARY"
  [ $rc = 0 ] || die "the upgrade failed (log: $out/upgrade.log)"
  python3 -c "import json,sys; s=json.load(open(sys.argv[1])); sys.exit(0 if s['ok'] else 1)" "$SUMMARY" \
    || die "the proof failed (summary: $SUMMARY)"
}

# Every host's logs into $DIR/run/logs (down removes the hosts' directories).
save_logs() {
  local h
  for h in "${HOSTS[@]}"; do
    [ -d "$DIR/hosts/$h/log" ] && mkdir -p "$DIR/run/logs/$h" && cp -r "$DIR/hosts/$h/log/." "$DIR/run/logs/$h/" 2>/dev/null
  done
  true
}

install_new_code() {
  local pids=() p
  step "install the 2025.1 code beside the old on every host"
  for h in "${HOSTS[@]}"; do on "$h" "$(install_code nova "nova==${NOVA_VERSION[2025.1]}" PyMySQL gunicorn "'setuptools<81'")" & pids+=($!); done
  on ctl-01 "$(install_code placement "openstack-placement==${PLACEMENT_VERSION[2025.1]}" PyMySQL gunicorn "'setuptools<81'")" & pids+=($!)
  for p in "${pids[@]}"; do wait "$p" || die "installing the 2025.1 code failed"; done
  say "   install $(took) s"
}

write_summary() { # PRE_ID ROLLBACK_OK UPGRADE_RC UP_SECONDS UPGRADE_SECONDS
  local versions status
  versions=$(on ctl-01 "mysql --defaults-extra-file=/etc/upshift/mysql.cnf -N -e \"select host, \\\`binary\\\`, version from nova.services where deleted=0\"" || true)
  status=$(cloudctl status "$1" || true)
  cp "$DIR/logs/outage.json" "$DIR/run/outage.json" 2>/dev/null || true
  python3 "$LIB/summary.py" "$DIR/run" "$1" "$status" "$2" "$3" "$4" "$5" "$versions" "$(cat "$DIR/logs/sync_seconds" 2>/dev/null)"
}
