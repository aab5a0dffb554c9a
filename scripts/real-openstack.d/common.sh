# Shared settings and helpers of scripts/real-openstack (sourced).
HOSTS=(ctl-01 cmp-01 cmp-02)
COMPUTES=(cmp-01 cmp-02)
declare -A ADDR=([ctl-01]=198.51.100.10 [cmp-01]=198.51.100.21 [cmp-02]=198.51.100.22)
BRIDGE=upsbr0
BRIDGE_ADDR=198.51.100.1
NET=198.51.100.0/24
CTL_ADDR=${ADDR[ctl-01]}
DB_PORT=13306          # MariaDB, on the controller's address (not the default 3306)
AMQP_PORT=15672        # RabbitMQ AMQP (dist port: +20000); epmd below
EPMD_PORT=14369
GLANCE_PORT=9292
NEUTRON_PORT=9696
PLACEMENT_PORT=8778
NOVA_PORT=8774
SECRET=upshift-real     # passwords of this throwaway cloud (database, rabbit)
declare -A NOVA_VERSION=([2024.2]=30.3.0 [2025.1]=31.3.1)
declare -A PLACEMENT_VERSION=([2024.2]=12.0.2 [2025.1]=13.0.1)
declare -A CONSTRAINTS=([2024.2]=upper-constraints-2024.2-eol.txt [2025.1]=upper-constraints-2025.1.txt)
# Where each host sees its own files (bind mounts inside its mount namespace) -> directory under $DIR/hosts/<h>.
MOUNTS=(/etc/nova:etc/nova /etc/placement:etc/placement /etc/supervisor:etc/supervisor /etc/rabbitmq:etc/rabbitmq
        /var/lib/nova:lib/nova /var/lib/mysql:lib/mysql /var/lib/rabbitmq:lib/rabbitmq /var/log/openstack:log
        /run/openstack:run /run/mysqld:run-mysqld /openstack:openstack)

say() { echo "real-openstack: $*" >&2; }
die() { echo "real-openstack: error: $*" >&2; exit 1; }
require_root() { [ "$(id -u)" = 0 ] || die "must run as root (it creates network namespaces and runs sshd)"; }
ns() { echo "upshift-$1"; }
venv_dir() { echo "$DIR/venvs/nova-${NOVA_VERSION[$1]}"; }
constraints_dir() { echo "$(cd "$REPO/.." && pwd)/shared/data/openstack-requirements"; }

# Installs the Debian packages that are missing. A download failure stops here, loudly.
install_packages() {
  local need=() p
  for p in mariadb-server rabbitmq-server supervisor openssh-server iproute2 curl python3-venv python3-dev gcc; do
    dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
  done
  [ ${#need[@]} -eq 0 ] && return 0
  say "installing ${need[*]} (apt)"
  mkdir -p "$DIR/logs"
  # No service may start from a package's postinst: this cloud starts its own, on its own ports.
  local policy=/usr/sbin/policy-rc.d created=0
  [ -e $policy ] || { printf '#!/bin/sh\nexit 101\n' > $policy; chmod 755 $policy; created=1; }
  local rc=0
  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}"; } \
    > "$DIR/logs/apt.log" 2>&1 || rc=$?
  [ $created = 1 ] && rm -f $policy
  [ $rc = 0 ] || { tail -n 15 "$DIR/logs/apt.log" >&2; die "apt-get could not install ${need[*]} (log: $DIR/logs/apt.log)"; }
}

# One virtualenv per release, as OpenStack-Ansible deploys. Every wheel (downloaded or built from an
# sdist) is kept in $DIR/wheels/<release>, so only the first `up` on a machine downloads: pip's own
# cache keeps nothing here (the index answers are not cacheable and old pip builds sdists without
# wheels).
build_venv() {
  local rel=$1 v; v=$(venv_dir "$rel")
  local c; c="$(constraints_dir)/${CONSTRAINTS[$rel]}"
  [ -f "$c" ] || { say "constraints file $c is missing"; return 1; }
  mkdir -p "$DIR/venvs" "$DIR/logs" "$DIR/wheels/$rel"
  local cc="$DIR/venvs/${CONSTRAINTS[$rel]}" log="$DIR/logs/venv-$rel.log"
  cp "$c" "$cc"
  local want=("nova==${NOVA_VERSION[$rel]}" "openstack-placement==${PLACEMENT_VERSION[$rel]}" PyMySQL gunicorn 'setuptools<81')
  if [ -f "$v/.complete" ] && [ "$(cat "$v/.complete")" = "${want[*]}" ]; then return 0; fi
  rm -rf "$v"
  /usr/bin/python3 -m venv "$v" >"$log" 2>&1 || return 1
  if [ "$(cat "$DIR/wheels/$rel/.complete" 2>/dev/null)" != "${want[*]}" ]; then
    say "downloading and building the $rel wheels into $DIR/wheels/$rel (PyPI; the first time only)"
    "$v/bin/pip" install -q 'pip>=24' wheel >>"$log" 2>&1 \
      && "$v/bin/pip" wheel -q -w "$DIR/wheels/$rel" -c "$cc" "${want[@]}" >>"$log" 2>&1 \
      || { tail -n 8 "$log" >&2; say "pip could not download or build ${want[*]} (PyPI unreachable?)"; return 1; }
    echo "${want[*]}" > "$DIR/wheels/$rel/.complete"
  fi
  say "installing $v from $DIR/wheels/$rel"
  "$v/bin/pip" install -q --no-index --find-links "$DIR/wheels/$rel" -c "$cc" "${want[@]}" >>"$log" 2>&1 \
    || { tail -n 8 "$log" >&2; say "pip could not install ${want[*]} from $DIR/wheels/$rel"; return 1; }
  echo "${want[*]}" > "$v/.complete"
}

write_ssh_keys() {
  mkdir -p "$DIR/ssh"; chmod 700 "$DIR/ssh"
  [ -f "$DIR/ssh/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -f "$DIR/ssh/id_ed25519" -C upshift-real-openstack
  cp "$DIR/ssh/id_ed25519.pub" "$DIR/ssh/authorized_keys"; chmod 600 "$DIR/ssh/authorized_keys"
  : > "$DIR/ssh_config"
  for h in "${HOSTS[@]}"; do
    cat >> "$DIR/ssh_config" <<EOF
Host $h
  HostName ${ADDR[$h]}
  User root
  IdentityFile $DIR/ssh/id_ed25519
  IdentitiesOnly yes
  StrictHostKeyChecking no
  UserKnownHostsFile $DIR/ssh/known_hosts
  LogLevel ERROR
  ConnectTimeout 5
EOF
  done
}

# Runs a command on a host over its own sshd.
on() { local h=$1; shift; ssh -F "$DIR/ssh_config" -o BatchMode=yes "$h" "$@"; }

# Start time of a process (field 22 of /proc/PID/stat), so a reused PID is never signalled.
proc_start() { awk '{print $22}' "/proc/$1/stat" 2>/dev/null || true; }
# Signals PID only when it still has the start time recorded with it.
kill_recorded() {
  local file=$1 sig=${2:-TERM} pid start
  [ -f "$file" ] || return 0
  read -r pid start < "$file" || return 0
  [ -n "$pid" ] && [ "$(proc_start "$pid")" = "$start" ] && kill -s "$sig" "$pid" 2>/dev/null || true
}
