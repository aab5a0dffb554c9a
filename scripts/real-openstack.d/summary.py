"""Writes the JSON summary of `real-openstack run` to stdout.
usage: summary.py RUN_DIR PRE_ID PRE_STATUS ROLLBACK_OK UPGRADE_RC UP_SECONDS UPGRADE_SECONDS VERSIONS SYNC_SECONDS"""
import json
import os
import sys

run, pre_id, pre_status, rollback_ok, upgrade_rc, up_s, upgrade_s, versions, sync_s = sys.argv[1:10]


def load(name):
    path = os.path.join(run, name)
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


probe = load("probe.json") or {}
outage = load("outage.json") or {}
nova = next((a for a in probe.get("apis", []) if a.get("api") == "nova"), {})
service_versions = {}
for line in versions.splitlines():
    parts = line.split("\t")
    if len(parts) == 3:
        service_versions.setdefault(parts[0], {})[parts[1]] = int(parts[2])
sync = float(sync_s) if sync_s else None
api_outage = nova.get("longest_outage_seconds")
boots = probe.get("boots", {})
summary = {
    "driver": "scripts/real-openstack manual-upgrade (the reference procedure; upshift apply needs pack format 2's interpreter)",
    "probe": "upshift probe --pack dalmatian-epoxy (real servers through the real Nova API over ssh)",
    "failed_boots": boots.get("failed"),
    "boots_active": boots.get("active"),
    "boots_attempted": boots.get("attempted"),
    "boots_refused": boots.get("refused"),
    "api_outage_seconds": api_outage,
    "api_outage_seconds_sampled_every_0.1s": outage.get("longest_outage_seconds"),
    "api_probe_resolution_seconds": nova.get("resolution_seconds"),
    "schema_sync_seconds": sync,
    "outage_to_sync_ratio": round(api_outage / sync, 2) if api_outage and sync else None,
    "service_versions": service_versions,
    "pre_upgrade_server": pre_id,
    "pre_upgrade_server_active": pre_status.strip() == "ACTIVE",
    "rollback_ok": rollback_ok == "true",
    "resume_ok": None,
    "upgrade_rc": int(upgrade_rc),
    "up_seconds": int(up_s),
    "upgrade_seconds": int(upgrade_s),
}
summary["boot_failures"] = [f for f in probe.get("failures", []) if f.get("operation", "").startswith("boot ")]
summary["ok"] = (summary["upgrade_rc"] == 0 and summary["failed_boots"] == 0 and summary["pre_upgrade_server_active"]
                 and summary["rollback_ok"] and bool(service_versions)
                 and all(v == 68 for h in service_versions.values() for v in h.values()))
print(json.dumps(summary, indent=2, sort_keys=True))
