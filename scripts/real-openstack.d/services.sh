# Databases, cells, readiness and status of the cloud (sourced).

cloudctl() { /usr/bin/python3 "$LIB/cloudctl.py" "http://$CTL_ADDR:$NOVA_PORT" "$@"; }

# The controller's MariaDB data directory, created once before its first start.
init_datadir() {
  local d="$DIR/hosts/ctl-01/lib/mysql"
  [ -d "$d/mysql" ] && return 0
  mkdir -p "$d"
  mariadb-install-db --no-defaults --user=root --datadir="$d" --auth-root-authentication-method=socket \
    --skip-test-db >"$DIR/hosts/ctl-01/log/mariadb-install-db.log" 2>&1 \
    || die "mariadb-install-db failed (log: $DIR/hosts/ctl-01/log/mariadb-install-db.log)"
}

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local limit=$1 what=$2 i; shift 2
  for i in $(seq 1 $((limit * 5))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  die "$what did not come up within $limit s"
}

# Databases and users, the schemas (2024.2 code), the cells, then the controller's Nova programs.
controller_bootstrap() {
  local c=ctl-01 nova=/openstack/venvs/nova-current/bin
  wait_for 60 "MariaDB on $c" on $c "mariadb -e 'select 1'"
  on $c mariadb <<EOF
CREATE DATABASE IF NOT EXISTS nova_api; CREATE DATABASE IF NOT EXISTS nova;
CREATE DATABASE IF NOT EXISTS nova_cell0; CREATE DATABASE IF NOT EXISTS placement;
CREATE USER IF NOT EXISTS 'nova'@'%' IDENTIFIED BY '$SECRET';
CREATE USER IF NOT EXISTS 'placement'@'%' IDENTIFIED BY '$SECRET';
GRANT ALL ON nova_api.* TO 'nova'@'%'; GRANT ALL ON nova.* TO 'nova'@'%';
GRANT ALL ON nova_cell0.* TO 'nova'@'%'; GRANT ALL ON placement.* TO 'placement'@'%';
CREATE USER IF NOT EXISTS 'upshift'@'%' IDENTIFIED BY '$SECRET'; GRANT ALL ON *.* TO 'upshift'@'%';
EOF
  wait_for 90 "RabbitMQ on $c" bash -c "</dev/tcp/$CTL_ADDR/$AMQP_PORT"
  if [ ! -f "$DIR/hosts/$c/.bootstrapped" ]; then
    say "schemas and cells (2024.2)"
    on $c "$nova/placement-manage db sync" >"$DIR/hosts/$c/log/bootstrap.log" 2>&1 || die "placement-manage db sync failed"
    on $c "$nova/nova-manage api_db sync" >>"$DIR/hosts/$c/log/bootstrap.log" 2>&1 || die "nova-manage api_db sync failed"
    on $c "$nova/nova-manage cell_v2 map_cell0 --database_connection '$(db_url nova nova_cell0)'" >>"$DIR/hosts/$c/log/bootstrap.log" 2>&1 \
      || die "nova-manage cell_v2 map_cell0 failed"
    on $c "$nova/nova-manage cell_v2 list_cells | grep -q ' cell1 ' || $nova/nova-manage cell_v2 create_cell --name cell1" \
      >>"$DIR/hosts/$c/log/bootstrap.log" 2>&1 || die "nova-manage cell_v2 create_cell failed"
    on $c "$nova/nova-manage db sync" >>"$DIR/hosts/$c/log/bootstrap.log" 2>&1 || die "nova-manage db sync failed"
    touch "$DIR/hosts/$c/.bootstrapped"
  fi
  controller_programs > "$DIR/hosts/$c/etc/supervisor/conf.d/nova.conf"
  on $c supervisorctl update >/dev/null
  on $c supervisorctl start placement-api nova-api nova-conductor nova-scheduler >/dev/null 2>&1 || true
  wait_for 120 "nova-api" cloudctl get /v2.1/flavors
  cloudctl ensure-flavor >/dev/null || die "could not create the m1.tiny flavor"
}

# Maps the computes into cell1 once they have registered their nodes.
cells_discover() {
  local i
  for i in $(seq 1 60); do
    on ctl-01 /openstack/venvs/nova-current/bin/nova-manage cell_v2 discover_hosts >/dev/null 2>&1 || true
    [ "$(cloudctl hypervisors 2>/dev/null || echo 0)" -ge ${#COMPUTES[@]} ] && return 0
    sleep 2
  done
  die "the computes did not register (logs: $DIR/hosts/cmp-*/log/nova-compute.log)"
}

# Ready: GET / and /v2.1/flavors answer 200, placement answers, every Nova service is up.
wait_ready() {
  local limit=$1 i
  for i in $(seq 1 "$limit"); do
    cloudctl ready "$((${#COMPUTES[@]} + 2))" >/dev/null 2>&1 && return 0
    sleep 1
  done
  cloudctl ready "$((${#COMPUTES[@]} + 2))" >&2 || true
  return 1
}

cloud_rss_mib() {
  local h pid total=0 kb
  for h in "${HOSTS[@]}"; do
    for pid in $(ip netns pids "$(ns "$h")" 2>/dev/null); do
      kb=$(awk '/^VmRSS/{print $2}' "/proc/$pid/status" 2>/dev/null || echo 0); total=$((total + ${kb:-0}))
    done
  done
  echo $((total / 1024))
}

status_report() {
  local h ok=0
  [ -f "$DIR/ssh_config" ] || { echo "no cloud in $DIR"; exit 1; }
  for h in "${HOSTS[@]}"; do
    echo "== $h (${ADDR[$h]}, namespace $(ns "$h"))"
    if on "$h" 'echo "code: $(readlink /openstack/venvs/nova-current)"; supervisorctl status' 2>/dev/null; then :; else echo "  not reachable"; ok=1; fi
  done
  echo "== cloud"
  cloudctl ready "$((${#COMPUTES[@]} + 2))" || ok=1
  echo "RSS of the cloud: $(cloud_rss_mib) MiB"
  [ $ok = 0 ] && echo ready || echo "NOT ready"
  return $ok
}
