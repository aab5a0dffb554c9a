# `real-openstack manual-upgrade`: the 2024.2 -> 2025.1 rolling upgrade by hand, in Nova's order
# (NOVA@31.0.0 doc/source/admin/upgrades.rst; §11.2 differs on where the syncs go), with the Nova
# API sampled every 0.1 s. The reference the dalmatian-epoxy pack encodes:
# every command here is one a pack step runs on a host.
NEW=/openstack/venvs/nova-2025.1
# What Upshift's venv-supervisord platform runs to install a service's code (package-install).
install_code() { # install_code SERVICE PACKAGES...
  local v=/openstack/venvs/$1-2025.1; shift
  echo "python3 -m venv $v && $v/bin/pip install -q -c /etc/upshift/pip-constraints-2025.1.txt -- $*"
}

step() { STEP_T0=$(date +%s.%N); say "step: $*"; }
took() { python3 -c "import sys; print(round($(date +%s.%N) - $STEP_T0, 2))"; }
service_version() { # service_version HOST BINARY -> version of a service heartbeating in the last 30 s
  on ctl-01 "mariadb -N -e \"select version from nova.services where host='$1' and \\\`binary\\\`='$2' and deleted=0 and updated_at > now() - interval 30 second\""
}
wait_version() { # wait_version HOST BINARY VERSION SECONDS
  local i
  for i in $(seq 1 "$4"); do [ "$(service_version "$1" "$2")" = "$3" ] && return 0; sleep 1; done
  die "$2 on $1 did not report version $3 within $4 s"
}

manual_upgrade() {
  local stop="$DIR/.outage-stop"; rm -f "$stop"
  python3 "$LIB/outage.py" "http://$CTL_ADDR:$NOVA_PORT/v2.1/flavors" "$stop" 0.1 > "$DIR/logs/outage.json" &
  rm -f "$DIR/logs/sync_seconds"
  local poller=$! h rc
  # The sampler ends with the upgrade, whichever way it ends.
  trap "touch '$stop'" EXIT
  step "0 install the new code beside the old (every host)"
  local pids=()
  for h in "${HOSTS[@]}"; do
    on "$h" "$(install_code nova "nova==${NOVA_VERSION[2025.1]}" PyMySQL gunicorn "'setuptools<81'")" & pids+=($!)
  done
  on ctl-01 "$(install_code placement "openstack-placement==${PLACEMENT_VERSION[2025.1]}" PyMySQL gunicorn "'setuptools<81'")" & pids+=($!)
  for h in "${pids[@]}"; do wait "$h" || die "installing the 2025.1 code failed"; done
  say "   install $(took) s"
  step "1 pre-check"; rc=0; on ctl-01 "$NEW/bin/nova-status upgrade check" > "$DIR/logs/precheck.txt" 2>&1 || rc=$?
  [ $rc -le 1 ] || die "nova-status upgrade check: rc $rc (see $DIR/logs/precheck.txt)"
  # Nova's order (NOVA@31.0.0 doc/source/admin/upgrades.rst): the syncs run while the 2024.2
  # services serve (the migrations are additive); the API is down only for its own restart.
  step "2 back up nova_api, nova, nova_cell0, placement"
  on ctl-01 "mkdir -p /var/lib/nova/backup && mariadb-dump --single-transaction --databases nova_api nova nova_cell0 placement | gzip > /var/lib/nova/backup/before-2025.1.sql.gz"
  say "   backup $(took) s"
  step "3 schema syncs (point of no return), the 2024.2 services running"
  on ctl-01 "/openstack/venvs/placement-2025.1/bin/placement-manage db sync && $NEW/bin/nova-manage api_db sync && $NEW/bin/nova-manage db sync" >"$DIR/logs/sync.log" 2>&1 || die "schema sync failed"
  SYNC_SECONDS=$(took); say "   syncs $SYNC_SECONDS s"; echo "$SYNC_SECONDS" > "$DIR/logs/sync_seconds"
  step "4a stop conductor, scheduler, placement-api"; on ctl-01 supervisorctl stop nova-conductor nova-scheduler placement-api >/dev/null
  step "4b stop nova-api"; on ctl-01 supervisorctl stop nova-api >/dev/null; local outage_t0=$STEP_T0
  step "5 start placement-api and nova-api on the new code"
  on ctl-01 "ln -sfn $NEW /openstack/venvs/nova-current && ln -sfn /openstack/venvs/placement-2025.1 /openstack/venvs/placement-current && supervisorctl start nova-api placement-api" >/dev/null
  wait_for 60 "nova-api (new code)" cloudctl get /v2.1/flavors; say "   API back $(took) s after the start; outage from the stop: $(STEP_T0=$outage_t0 took) s"
  step "6 start conductor and scheduler"; on ctl-01 supervisorctl start nova-conductor nova-scheduler >/dev/null
  wait_version ctl-01 nova-conductor 68 60; wait_version ctl-01 nova-scheduler 68 60
  step "7 canary boot while the computes are old"; cloudctl boot canary-1 180 > "$DIR/logs/canary.txt" || die "canary boot failed: $(cat "$DIR/logs/canary.txt")"
  cloudctl delete "$(head -1 "$DIR/logs/canary.txt")" 120 >/dev/null || die "canary delete failed"
  on ctl-01 "grep -o 'compute RPC version [0-9.]* from minimum service version [0-9]*' /var/log/openstack/nova-conductor.log | tail -1" || true
  for h in "${COMPUTES[@]}"; do
    step "8 compute $h"; on "$h" "supervisorctl stop nova-compute && ln -sfn $NEW /openstack/venvs/nova-current && supervisorctl start nova-compute" >/dev/null
    wait_version "$h" nova-compute 68 90
  done
  step "9 online data migrations"
  for i in $(seq 1 10); do rc=0; on ctl-01 "$NEW/bin/nova-manage db online_data_migrations" >>"$DIR/logs/odm.log" 2>&1 || rc=$?; [ $rc = 1 ] || break; done
  [ $rc = 0 ] || die "nova-manage db online_data_migrations: rc $rc"
  on ctl-01 "/openstack/venvs/placement-2025.1/bin/placement-manage db online_data_migrations" >>"$DIR/logs/odm.log" 2>&1 || die "placement online_data_migrations failed"
  step "10 lift the pin: restart conductor and scheduler, SIGHUP nova-api"
  on ctl-01 "supervisorctl restart nova-conductor nova-scheduler && supervisorctl signal HUP nova-api" >/dev/null
  wait_version ctl-01 nova-conductor 68 60
  wait_for 120 "nova-api after its SIGHUP" cloudctl get /v2.1/flavors
  step "11 post-checks"; rc=0; on ctl-01 "$NEW/bin/nova-status upgrade check" > "$DIR/logs/postcheck.txt" 2>&1 || rc=$?
  [ $rc -le 1 ] || die "post-check: nova-status rc $rc"
  cloudctl boot post-1 180 > "$DIR/logs/post.txt" || die "post boot failed: $(cat "$DIR/logs/post.txt")"
  cloudctl delete "$(head -1 "$DIR/logs/post.txt")" 120 >/dev/null
  # The conductor picks the compute RPC version on its first call to a compute (the boot above).
  on ctl-01 "grep -o 'compute RPC version [0-9.]* from minimum service version [0-9]*' /var/log/openstack/nova-conductor.log | tail -1"
  touch "$stop"; wait $poller
  say "API outage: $(cat "$DIR/logs/outage.json"); schema syncs $SYNC_SECONDS s"
  on ctl-01 "mariadb -N -e 'select host, \`binary\`, version from nova.services where deleted=0'"
}
