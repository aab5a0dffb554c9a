#!/usr/bin/env python3
"""Writes the fan-out benchmark plan: three sequential `run` steps (`true` as root) on every host
of an inventory, with the sha256 of the inventory and pack files so `upshift apply` accepts it.
Usage: bench/fanout-plan.py INVENTORY PACK > plan.json"""
import hashlib, json, re, sys

inv_path, pack_path = sys.argv[1], sys.argv[2]
def sha(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()
inv_text = open(inv_path).read()
hosts = re.findall(r"^\s*-\s*name:\s*['\"]?([A-Za-z0-9._-]+)", inv_text, re.M)
name = re.search(r"^name:\s*['\"]?([^'\"\n]+)", inv_text, re.M)
steps = []
for i in (1, 2, 3):
    steps.append({
        "id": f"noop/run-{i}@all", "phase": "bench", "action": "run", "service": "noop",
        "hosts": hosts, "params": {"command": "true", "user": "root"},
        "after": [f"noop/run-{i - 1}@all"] if i > 1 else [],
        "reversible": True, "rollback": "nothing to undo", "point_of_no_return": False,
        "why": "fan-out benchmark: a no-op command", "idempotent": True,
    })
plan = {
    "format_version": 1, "method": "live", "from": "havana", "to": "icehouse",
    "pack": {"name": pack_path, "sha256": sha(pack_path)},
    "inventory": {"name": name.group(1) if name else "cloud", "sha256": sha(inv_path)},
    "hosts": hosts,
    "options": {"batch_size": 5, "canary": 1, "by_group": False, "pause_after": [], "os_upgrade": False,
                "events": "auto", "settings": {}},
    "decisions": [],
    "phases": [{"id": "bench", "title": "Fan-out benchmark", "summary": "three no-op commands per host",
                "apis_down": [], "boots_affected": False}],
    "steps": steps,
}
json.dump(plan, sys.stdout, indent=1, sort_keys=True)
print()
