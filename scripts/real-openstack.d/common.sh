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
        /run/openstack:run /run/mysqld:run-mysqld /openstack:openstack /etc/upshift:etc/upshift
        /var/lib/upshift:lib/upshift)   # the backups Upshift takes (each host its own)

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

# The virtualenv of a release, as OpenStack-Ansible deploys (a venv per service and release; here
# Nova and Placement share the deployed 2024.2 one, which every host links as nova-2024.2 and
# placement-2024.2 under /openstack/venvs, the layout of Upshift's venv-supervisord platform).
# The 2025.1 code is installed per host by the upgrade itself, from the wheels built here. Every wheel (downloaded or built from an
# sdist) is kept in $DIR/wheels/<release>, so only the first `up` on a machine downloads: pip's own
# cache keeps nothing here (the index answers are not cacheable and old pip builds sdists without
# wheels).
want_of() { echo "nova==${NOVA_VERSION[$1]} openstack-placement==${PLACEMENT_VERSION[$1]} PyMySQL gunicorn setuptools<81"; }

# Downloads (and builds from sdists) every wheel of a release into $DIR/wheels/<release>, once.
build_wheels() {
  local rel=$1 wh="$DIR/wheels/$1" log="$DIR/logs/venv-$1.log"
  local c; c="$(constraints_dir)/${CONSTRAINTS[$rel]}"
  [ -f "$c" ] || { say "constraints file $c is missing"; return 1; }
  mkdir -p "$DIR/venvs" "$DIR/logs" "$wh"
  cp "$c" "$DIR/venvs/${CONSTRAINTS[$rel]}"
  [ "$(cat "$wh/.complete" 2>/dev/null)" = "$(want_of "$rel")" ] && return 0
  say "downloading and building the $rel wheels into $wh (PyPI; the first time only)"
  local b="$DIR/wheels/.builder-$rel"
  # shellcheck disable=SC2046
  { [ -x "$b/bin/pip" ] || /usr/bin/python3 -m venv "$b"; } >>"$log" 2>&1 \
    && "$b/bin/pip" install -q 'pip>=24' wheel >>"$log" 2>&1 \
    && "$b/bin/pip" wheel -q -w "$wh" -c "$DIR/venvs/${CONSTRAINTS[$rel]}" $(want_of "$rel") >>"$log" 2>&1 \
    || { tail -n 8 "$log" >&2; say "pip could not download or build $(want_of "$rel") (PyPI unreachable?)"; return 1; }
  want_of "$rel" > "$wh/.complete"
}

# The deployed release's venv, installed from its wheels (no network).
build_venv() {
  local rel=$1 v; v=$(venv_dir "$1")
  local log="$DIR/logs/venv-$rel.log"
  build_wheels "$rel" || return 1
  [ "$(cat "$v/.complete" 2>/dev/null)" = "$(want_of "$rel")" ] && return 0
  rm -rf "$v"
  say "installing $v from $DIR/wheels/$rel"
  # shellcheck disable=SC2046
  /usr/bin/python3 -m venv "$v" >>"$log" 2>&1 \
    && "$v/bin/pip" install -q --no-index --find-links "$DIR/wheels/$rel" -c "$DIR/venvs/${CONSTRAINTS[$rel]}" $(want_of "$rel") >>"$log" 2>&1 \
    || { tail -n 8 "$log" >&2; say "pip could not install $(want_of "$rel") from $DIR/wheels/$rel"; return 1; }
  want_of "$rel" > "$v/.complete"
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
