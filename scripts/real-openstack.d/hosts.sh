# The test hosts: a bridge, one network namespace per host, its sshd and its supervisord (sourced).

# The namespaces, the bridge and the addresses are machine-wide whatever --dir says: the cloud that
# holds them names its directory in $OWNER, and another directory's `up` or `down` leaves it alone.
OWNER=/run/upshift-real-openstack.owner
other_cloud() { [ -s "$OWNER" ] && [ "$(cat "$OWNER")" != "$DIR" ] && ip link show "$BRIDGE" >/dev/null 2>&1; }

network_up() {
  other_cloud && die "a real-openstack cloud from $(cat "$OWNER") is up: scripts/real-openstack down --dir $(cat "$OWNER") first"
  echo "$DIR" > "$OWNER"
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip -4 addr | grep -q "inet 198\.51\.100\." && die "198.51.100.0/24 is already used on this machine; not touching it"
    ip link add "$BRIDGE" type bridge
    ip addr add "$BRIDGE_ADDR/24" dev "$BRIDGE"
  fi
  ip link set "$BRIDGE" up
  local h n
  for h in "${HOSTS[@]}"; do
    n=$(ns "$h")
    ip netns list | grep -qw "^$n" || ip netns add "$n"
    if ! ip link show "ups-$h" >/dev/null 2>&1; then
      ip link add "ups-$h" type veth peer name eth0 netns "$n"
      ip -n "$n" addr add "${ADDR[$h]}/24" dev eth0
    fi
    ip link set "ups-$h" master "$BRIDGE" up
    ip -n "$n" link set lo up
    ip -n "$n" link set eth0 up
  done
}

network_down() {
  local h
  if other_cloud; then say "the namespaces belong to the cloud of $(cat "$OWNER"): left alone"; return 0; fi
  for h in "${HOSTS[@]}"; do
    ip link del "ups-$h" 2>/dev/null || true
    ip netns del "$(ns "$h")" 2>/dev/null || true
  done
  ip link del "$BRIDGE" 2>/dev/null || true
  rm -f "$OWNER"
}

# Empty directories on / that the per-host bind mounts need; recorded so `down` removes only ours.
ensure_mountpoints() {
  local m target
  for m in "${MOUNTS[@]}"; do
    target=${m%%:*}
    [ -d "$target" ] && continue
    mkdir -p "$target"
    echo "$target" >> "$DIR/.mountpoints"
  done
}

remove_mountpoints() {
  [ -f "$DIR/.mountpoints" ] || return 0
  local t
  while read -r t; do rmdir "$t" 2>/dev/null || true; done < <(sort -r "$DIR/.mountpoints")
  rm -f "$DIR/.mountpoints"
}

sshd_alive() { local f="$DIR/hosts/$1/sshd.pid"; [ -f "$f" ] && read -r pid start < "$f" && [ "$(proc_start "$pid")" = "$start" ]; }

# Starts the host's sshd in its own network, mount and UTS namespaces (its bind mounts and
# hostname are set there; everything started over ssh inherits them), then its supervisord.
host_up() {
  local h=$1 hd="$DIR/hosts/$1"
  ensure_mountpoints
  if ! sshd_alive "$h"; then
    mkdir -p /run/sshd
    setsid ip netns exec "$(ns "$h")" unshare --mount --uts --propagation private -- \
      bash "$LIB/host-init.sh" "$DIR" "$h" "${MOUNTS[@]}" </dev/null >>"$hd/log/host-init.log" 2>&1 &
    local pid=$!
    sleep 0.2
    echo "$pid $(proc_start $pid)" > "$hd/sshd.pid"
  fi
  local i
  for i in $(seq 1 50); do on "$h" true 2>/dev/null && break; sleep 0.2; done
  on "$h" true || die "sshd of $h does not answer (log: $hd/log/host-init.log)"
  [ "$(on "$h" hostname)" = "$h" ] || die "$h: hostname is not $h (UTS namespace?)"
  if on "$h" supervisorctl pid >/dev/null 2>&1; then
    on "$h" supervisorctl update >/dev/null
  else
    on "$h" supervisord -c /etc/supervisor/supervisord.conf || die "supervisord did not start on $h"
    for i in $(seq 1 50); do on "$h" supervisorctl pid >/dev/null 2>&1 && break; sleep 0.2; done
  fi
}

# Stops the host's supervisord (its programs first, each bounded), then whatever is left in its
# network namespace (sshd, strays): every process there is ours.
host_down() {
  local h=$1 n; n=$(ns "$1")
  ip netns list 2>/dev/null | grep -qw "^$n" || return 0
  on "$h" supervisorctl shutdown >/dev/null 2>&1 || true
  local i pids
  for i in $(seq 1 150); do
    pids=$(ip netns pids "$n" 2>/dev/null | grep -v "^$(cat "$DIR/hosts/$h/sshd.pid" 2>/dev/null | cut -d' ' -f1)$" || true)
    [ -z "$pids" ] && break
    sleep 0.2
  done
  # shellcheck disable=SC2046
  [ -n "$(ip netns pids "$n")" ] && kill -TERM $(ip netns pids "$n") 2>/dev/null || true
  for i in $(seq 1 50); do [ -z "$(ip netns pids "$n")" ] && break; sleep 0.1; done
  # shellcheck disable=SC2046
  [ -n "$(ip netns pids "$n")" ] && { say "$h: killing what ignored SIGTERM"; kill -KILL $(ip netns pids "$n") 2>/dev/null || true; }
  rm -f "$DIR/hosts/$h/sshd.pid"
}
