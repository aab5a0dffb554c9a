#!/usr/bin/env python3
"""Writes a generated inventory: bench/gen-inventory.py CONTROLLERS NETWORK COMPUTES GROUPS > inventory.yaml"""
import sys
c, n, k, g = (int(x) for x in sys.argv[1:5])
out = ["format_version: 1", f"name: generated-{c + n + k}", "settings:", "  networking: neutron", "  virt_type: kvm",
       "  services: [keystone, glance, cinder, nova, neutron, horizon]", "defaults:", "  os: el6", "  release: havana", "hosts:"]
for i in range(c):
    out += [f"  - name: ctl-{i + 1:02d}", f"    address: 10.0.0.{i + 1}", "    roles: [controller]"]
for i in range(n):
    out += [f"  - name: net-{i + 1:02d}", f"    address: 10.0.1.{i + 1}", "    roles: [network]"]
for i in range(k):
    out += [f"  - name: cmp-{i + 1:05d}", f"    address: 10.{1 + i // 62500}.{(i // 250) % 250}.{i % 250 + 1}",
            "    roles: [compute]", f"    group: az{i % g + 1:02d}"]
print("\n".join(out))
