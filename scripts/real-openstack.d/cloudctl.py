"""Talks to the real Nova API of scripts/real-openstack (noauth2: the token is "user:project").

usage: cloudctl.py NOVA_URL get PATH | ensure-flavor | hypervisors | ready N_SERVICES
                            | boot NAME [TIMEOUT] | delete ID [TIMEOUT] | status ID
Exit 0 on success, 1 otherwise; stdout carries the answer (an id, a count, a status).
"""
import json
import sys
import time
import urllib.error
import urllib.request

HEADERS = {"X-Auth-Token": "admin:admin", "X-OpenStack-Nova-API-Version": "2.37",
           "Content-Type": "application/json", "Accept": "application/json"}
IMAGE_ID = "6b2a4c1e-2f1d-4c55-9d1e-0d6f3a7c9b10"  # the stand-in Glance's one image (stub.py)


def call(base, method, path, body=None, timeout=10):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method, headers=HEADERS)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            text = r.read()
            return r.status, (json.loads(text) if text else {})
    except urllib.error.HTTPError as e:
        return e.code, {"error": e.read().decode(errors="replace")[:300]}


def ready(base, want):
    placement = base.rsplit(":", 1)[0] + ":8778"
    checks = [("nova GET /", call(base, "GET", "/")[0]), ("nova GET /v2.1/flavors", call(base, "GET", "/v2.1/flavors")[0]),
              ("placement GET /", call(placement, "GET", "/")[0])]
    ok = all(code == 200 for _, code in checks)
    for name, code in checks:
        print(f"{name}: {code}")
    code, body = call(base, "GET", "/v2.1/os-services")
    services = body.get("services", []) if code == 200 else []
    for s in services:
        print(f"service {s['binary']} on {s['host']}: {s['state']} ({s['status']})")
    up = [s for s in services if s["state"] == "up"]
    if len(up) < want:
        print(f"{len(up)} of {want} services up")
        ok = False
    return ok


def wait_status(base, server_id, want, timeout):
    end = time.monotonic() + timeout
    last = "?"
    while time.monotonic() < end:
        code, body = call(base, "GET", f"/v2.1/servers/{server_id}")
        if code == 404 and want == "DELETED":
            return True, "DELETED"
        if code == 200:
            last = body["server"]["status"]
            if last == want:
                return True, last
            if last == "ERROR":
                return False, "ERROR: " + json.dumps(body["server"].get("fault", {}))[:300]
        time.sleep(0.5)
    return False, f"still {last} after {timeout} s"


def main(argv):
    base, cmd, args = argv[1], argv[2], argv[3:]
    if cmd == "get":
        code, body = call(base, "GET", args[0])
        print(json.dumps(body))
        return code == 200
    if cmd == "ensure-flavor":
        if call(base, "GET", "/v2.1/flavors/1")[0] == 200:
            return True
        flavor = {"flavor": {"name": "m1.tiny", "ram": 64, "vcpus": 1, "disk": 1, "id": "1"}}
        return call(base, "POST", "/v2.1/flavors", flavor)[0] == 200
    if cmd == "hypervisors":
        code, body = call(base, "GET", "/v2.1/os-hypervisors")
        print(len(body.get("hypervisors", [])) if code == 200 else 0)
        return code == 200
    if cmd == "ready":
        return ready(base, int(args[0]))
    if cmd == "boot":
        server = {"server": {"name": args[0], "flavorRef": "1", "imageRef": IMAGE_ID, "networks": "none"}}
        code, body = call(base, "POST", "/v2.1/servers", server)
        if code != 202:
            print(f"boot refused: HTTP {code} {body}")
            return False
        sid = body["server"]["id"]
        print(sid)
        if len(args) > 1:
            ok, status = wait_status(base, sid, "ACTIVE", float(args[1]))
            print(status)
            return ok
        return True
    if cmd == "status":
        code, body = call(base, "GET", f"/v2.1/servers/{args[0]}")
        print(body["server"]["status"] if code == 200 else f"HTTP {code}")
        return code == 200
    if cmd == "delete":
        code, _ = call(base, "DELETE", f"/v2.1/servers/{args[0]}")
        if code not in (204, 404):
            print(f"delete refused: HTTP {code}")
            return False
        if len(args) > 1:
            ok, status = wait_status(base, args[0], "DELETED", float(args[1]))
            print(status)
            return ok
        return True
    print(__doc__, file=sys.stderr)
    return False


if __name__ == "__main__":
    try:
        sys.exit(0 if main(sys.argv) else 1)
    except (OSError, ValueError, KeyError) as e:
        print(f"cloudctl: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
