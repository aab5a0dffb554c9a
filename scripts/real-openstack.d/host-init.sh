# Runs inside a host's fresh network + mount + UTS namespaces: binds the host's own directories over
# the standard paths (/etc/nova, /var/lib/nova, /etc/supervisor, ...), sets its hostname, and
# becomes its sshd. Usage: bash host-init.sh DIR HOST TARGET:SUBDIR...
set -euo pipefail
dir=$1 host=$2; shift 2
for m in "$@"; do
  target=${m%%:*} sub=${m#*:}
  mkdir -p "$dir/hosts/$host/$sub"
  mount --bind "$dir/hosts/$host/$sub" "$target"
done
hostname "$host"
exec /usr/sbin/sshd -D -e -f "$dir/hosts/$host/sshd_config"
