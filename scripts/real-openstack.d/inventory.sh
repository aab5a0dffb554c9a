# The inventory Upshift reads for this cloud (sourced).
write_inventory() {
  cat <<EOF2
# Written by scripts/real-openstack up: a real Nova + Placement 2024.2 cloud on this machine.
# ssh: upshift ... --ssh-config $DIR/ssh_config
format_version: 2
name: real-openstack
defaults:
  platform: venv-supervisord
  release: "2024.2"
  user: root
hosts:
  - name: ctl-01
    address: ctl-01
    roles: [controller]
  - name: cmp-01
    address: cmp-01
    roles: [compute]
  - name: cmp-02
    address: cmp-02
    roles: [compute]
EOF2
}
