# The inventory Upshift reads for this cloud (sourced). Hosts name the venv-supervisord platform
# (docs/platforms.md); their ssh aliases are in $DIR/ssh_config.
write_inventory() { # write_inventory [PLATFORM-LINE]
  local platform=${1:-"platform: venv-supervisord"}
  cat <<EOF2
# Written by scripts/real-openstack up: a real Nova + Placement 2024.2 cloud on this machine.
# upshift ... --inventory $DIR/inventory.yaml --ssh-config $DIR/ssh_config --pack dalmatian-epoxy
format_version: 1
name: real-openstack
settings:
  services: [nova, placement]
defaults:
  $platform
  release: "2024.2"
  user: root
hosts:
  - {name: ctl-01, address: ctl-01, roles: [controller]}
  - {name: cmp-01, address: cmp-01, roles: [compute]}
  - {name: cmp-02, address: cmp-02, roles: [compute]}
EOF2
}

# An inventory `upshift probe` can read with an Upshift that has no platforms yet (before the
# platforms work is on main, an inventory must name an EL os; the probe uses neither os nor
# platform: it runs the pack's probe commands on the controller).
probe_inventory() {
  if "$UPSHIFT" inventory validate "$DIR/inventory.yaml" --pack "$PACK" >/dev/null 2>&1; then
    echo "$DIR/inventory.yaml"
  else
    write_inventory "os: el7   # only for upshift probe on an Upshift without platforms" > "$DIR/probe-inventory.yaml"
    echo "$DIR/probe-inventory.yaml"
  fi
}
