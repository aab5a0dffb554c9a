#!/bin/sh
# Times `upshift config migrate` on a generated 5,000-line Havana nova.conf (release build).
# Target (issue 4): under 50 ms. Uses hyperfine when present, else /usr/bin/time over 20 runs.
set -eu
cd "$(dirname "$0")/.."
swift build -c release --product upshift >/dev/null
BIN="$(swift build -c release --show-bin-path)/upshift"
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
if command -v hyperfine >/dev/null 2>&1; then
  hyperfine --warmup 3 --runs 30 "$CMD 2>/dev/null"
else
  $CMD 2>/dev/null
  start=$(date +%s%N)
  n=0
  while [ $n -lt 20 ]; do $CMD 2>/dev/null; n=$((n + 1)); done
  end=$(date +%s%N)
  echo "mean over 20 runs: $(( (end - start) / 20000000 )) ms (process start included)"
fi
