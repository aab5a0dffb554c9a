"""Writes the JSON summary of `real-openstack run` to stdout (issue 15 #5).
usage: summary.py RUN_DIR PRE_ID PRE_STATUS ROLLBACK_OK UPGRADE_RC UP_SECONDS UPGRADE_SECONDS
                  VERSIONS LINKS REVISIONS PIN RESUME_RC
RUN_DIR holds probe.json (upshift probe), outage.json (outage.py), report.json (upshift report
--output json), kills.txt (one line per SIGKILL: seed, step, delay, what happened) and fault.json
(the compute that did not come back)."""
import json
import os
import sys
import time

(run, pre_id, pre_status, rollback_ok, upgrade_rc, up_s, upgrade_s,
 versions, links, revisions, pin, resume_rc) = sys.argv[1:13]
TO = {"nova_api": "cdeec0c85668", "nova": "2903cd72dc14", "nova_cell0": "2903cd72dc14", "placement": "a082b8bb98d0"}


def load(name):
    try:
        with open(os.path.join(run, name)) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def pairs(text):
    return dict(line.split(" ", 1) for line in text.splitlines() if " " in line)


probe = load("probe.json") or {}
outage = load("outage.json") or {}
report = load("report.json") or {}
fault = load("fault.json")
nova = next((a for a in probe.get("apis", []) if a.get("api") == "nova"), {})
service_versions = {}
for line in versions.splitlines():
    parts = line.split("\t")
    if len(parts) == 3:
        service_versions.setdefault(parts[0], {})[parts[1]] = int(parts[2])
units = report.get("units", [])
syncs = [u for u in units if u.get("action") == "sync-schema"]


def sync_window():
    """Seconds from the crossing of the point of no return (the first sync's start, journaled as an
    event) to the end of the last sync, from upshift's journal: the wall time of the syncs as the
    cloud lived them. A sync resumed after a SIGKILL attached to the same run on the host, so the
    journaled seconds of its unit are only the part after the resume."""
    import sqlite3
    try:
        db = sqlite3.connect("file:%s?mode=ro" % os.path.join(run, "state", "journal.sqlite"), uri=True)
        start = db.execute("select min(at) from event where kind = 'point-of-no-return'").fetchone()[0]
        end = db.execute("select max(u.ended_at) from unit u where u.step like '%db-sync%' and u.state = 'succeeded'").fetchone()[0]
        return round(end - start, 2) if start and end else None
    except sqlite3.Error:
        return None


def phase_seconds():
    """Per phase of the plan: the wall time from its first unit's start to its last unit's end as
    the journal has it (resumes, the compute fault's wait and its fix included), and the seconds of
    its units' last attempts added up."""
    import calendar
    out = {}
    for u in units:
        if not u.get("started_at"):
            continue
        t0 = calendar.timegm(time.strptime(u["started_at"], "%Y-%m-%dT%H:%M:%SZ"))
        p = out.setdefault(u["phase"], {"start": t0, "end": t0, "units_seconds": 0.0})
        p["start"] = min(p["start"], t0)
        p["end"] = max(p["end"], t0 + (u.get("seconds") or 0))
        p["units_seconds"] += u.get("seconds") or 0
    return {k: {"wall_seconds": round(v["end"] - v["start"], 1), "units_seconds": round(v["units_seconds"], 1)} for k, v in out.items()}


sync = sync_window()
api_outage = outage.get("longest_outage_seconds")
boots = probe.get("boots", {})
kills = []
try:
    with open(os.path.join(run, "kills.txt")) as f:
        for line in f:
            seed, step, delay, what = line.rstrip("\n").split(" ", 3)
            kills.append({"seed": int(seed), "step": step, "delay_seconds": float(delay), "result": what})
except OSError:
    pass
links, revisions = pairs(links), pairs(revisions)
final = {
    "run_completed": report.get("state") == "completed",
    "every_unit_succeeded": bool(units) and all(u.get("state") == "succeeded" for u in units),
    "every_service_68": bool(service_versions) and all(v == 68 for h in service_versions.values() for v in h.values()),
    "every_host_on_2025.1": bool(links) and all(v.endswith("nova-2025.1") for v in links.values()),
    "schemas_at_2025.1": revisions == TO,
    "pin_lifted": "6.4 from minimum service version 68" in pin,
}
summary = {
    "driver": "upshift discover, check, plan --method live, apply / rollback / resume over ssh (pack dalmatian-epoxy)",
    "probe": "upshift probe --pack dalmatian-epoxy (real servers through the real Nova API over ssh)",
    "failed_boots": boots.get("failed"),
    "boots_active": boots.get("active"),
    "boots_attempted": boots.get("attempted"),
    "boots_refused": boots.get("refused"),
    "boot_failures": [f for f in probe.get("failures", []) if f.get("operation", "").startswith("boot ")],
    "api_outage_seconds": api_outage,
    "api_down_seconds_total": outage.get("down_seconds"),
    "api_outage_sampling_seconds": 0.1,
    "api_outage_probe_seconds": nova.get("longest_outage_seconds"),
    "schema_sync_seconds": sync,   # wall time: the first sync's start to the last one's end
    "phase_seconds": phase_seconds(),
    "schema_syncs": {u["step"]: round(u.get("seconds") or 0, 2) for u in syncs},
    "schema_sync_seconds_journaled_units": round(sum(u.get("seconds") or 0 for u in syncs), 2) if syncs else None,
    # Every outage the sampler saw (UTC time of its first failed sample, seconds), to match with
    # upgrade.log's step times.
    "api_outages": [{"at": time.strftime("%H:%M:%S", time.gmtime(t)) + ("%.2f" % (t % 1))[1:], "seconds": d}
                    for t, d in outage.get("outages", [])],
    "outage_to_sync_ratio": round(api_outage / sync, 2) if api_outage and sync else None,
    "down_to_sync_ratio": round(outage["down_seconds"] / sync, 2) if outage.get("down_seconds") is not None and sync else None,
    # The goal counts every second the API was down in the run, not only the longest outage.
    "outage_within_1.2x_sync": bool(sync and outage.get("down_seconds") is not None and outage["down_seconds"] <= 1.2 * sync),
    "service_versions": service_versions,
    "venv_links": links,
    "schema_revisions": revisions,
    "conductor_pin": pin.strip(),
    "pre_upgrade_server": pre_id,
    "pre_upgrade_server_active": pre_status.strip() == "ACTIVE",
    "rollback_ok": rollback_ok == "true",
    "kills": kills,
    "final_state": final,
    # The compute that does not come back: its batch failed at the health check naming host and
    # service, nothing after it started, and the resume after the fix ended the run (resume_ok).
    "compute_fault": fault,
    "compute_fault_ok": bool(fault and fault.get("upshift_rc") not in (None, 0) and fault.get("names_host_and_service")
                             and fault.get("nothing_else_started")),
    "resume_ok": resume_rc == "0" and len([k for k in kills if k["result"].startswith("killed")]) == 3 and all(final.values()),
    "upgrade_rc": int(upgrade_rc),
    "up_seconds": int(up_s),
    "upgrade_seconds": int(upgrade_s),
}
summary["ok"] = (summary["upgrade_rc"] == 0 and summary["failed_boots"] == 0 and (summary["boots_active"] or 0) > 0
                 and summary["pre_upgrade_server_active"] and summary["rollback_ok"] and summary["resume_ok"]
                 and summary["compute_fault_ok"])
print(json.dumps(summary, indent=2, sort_keys=True))
