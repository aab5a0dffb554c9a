#!/bin/sh
# Times `upshift config migrate` on a generated 5,000-line Havana nova.conf (release build).
# Target (issue 4): under 50 ms. Uses hyperfine when present, else /usr/bin/time over 20 runs.
# Usage: bench/config-migrate.sh [--static]
#   --static: also builds the release binary with the Swift runtime and Foundation linked statically
#   (`--static-swift-stdlib`, into .build-static: a second full build of several minutes) and times
#   both binaries side by side in one hyperfine run (same input, outputs compared byte for byte).
set -eu
cd "$(dirname "$0")/.."
swift build -c release --product upshift >/dev/null
BIN="$(swift build -c release --show-bin-path)/upshift"
SBIN=""
if [ "${1:-}" = "--static" ]; then
  swift build -c release --product upshift --static-swift-stdlib --scratch-path .build-static >/dev/null
  SBIN="$(swift build -c release --static-swift-stdlib --scratch-path .build-static --show-bin-path)/upshift"
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
CONF="$WORK/nova.conf"

# 5,000 lines: commented defaults like a sample file, operator settings, the options the pack migrates.
{
  echo "[DEFAULT]"
  i=0
  while [ $i -lt 1150 ]; do
    echo "# Option number $i (string value)"
    echo "#option_$i=default_$i"
    echo "option_$i = value_$i"
    echo ""
    i=$((i + 1))
  done
  for o in libvirt_type=kvm libvirt_inject_partition=-1 libvirt_vif_driver=nova.virt.libvirt.vif.LibvirtHybridOVSBridgeDriver \
           libvirt_use_virtio_for_bridges=True sql_connection=mysql://nova:pw@10.0.0.1/nova \
           rpc_backend=nova.openstack.common.rpc.impl_qpid use_tpool=False base_dir_name=_base; do
    echo "$o"
  done
  j=0
  while [ $j -lt 38 ]; do
    echo ""
    echo "[section_$j]"
    k=0
    while [ $k -lt 10 ]; do echo "key_$k = $j.$k"; k=$((k + 1)); done
    j=$((j + 1))
  done
} > "$CONF"
echo "generated $(wc -l < "$CONF") lines"

CMD="$BIN config migrate $CONF --pack havana-icehouse --rewrite-deprecated -o $WORK/out.conf"
if [ -n "$SBIN" ]; then
  command -v hyperfine >/dev/null 2>&1 || { echo "--static needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }
  SCMD="$SBIN config migrate $CONF --pack havana-icehouse --rewrite-deprecated -o $WORK/out-static.conf"
  hyperfine -N --warmup 3 --runs 30 -n "dynamic (default release build)" "$CMD" -n "static Swift runtime" "$SCMD" 2>/dev/null
  cmp "$WORK/out.conf" "$WORK/out-static.conf" && echo "outputs identical"
elif command -v hyperfine >/dev/null 2>&1; then
  hyperfine --warmup 3 --runs 30 "$CMD 2>/dev/null"
else
  $CMD 2>/dev/null
  start=$(date +%s%N)
  n=0
  while [ $n -lt 20 ]; do $CMD 2>/dev/null; n=$((n + 1)); done
  end=$(date +%s%N)
  echo "mean over 20 runs: $(( (end - start) / 20000000 )) ms (process start included)"
fi
