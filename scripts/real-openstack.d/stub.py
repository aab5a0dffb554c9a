"""A small HTTP stand-in for Glance and Neutron: just the calls a boot with "networks": "none" makes.

Glance: GET /v2/schemas/image, GET /v2/images/<id>, GET /v2/images (one public image, "cirros").
Neutron: GET /v2.0/<resource> answers an empty list ({"ports": []}, {"networks": []}, ...).
Anything else: 404, logged, so a new call a release starts to make shows up in the log.
Usage: python3 stub.py ADDRESS GLANCE_PORT NEUTRON_PORT
"""
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse

IMAGE_ID = "6b2a4c1e-2f1d-4c55-9d1e-0d6f3a7c9b10"
IMAGE = {
    "id": IMAGE_ID, "name": "cirros", "status": "active", "visibility": "public",
    "container_format": "bare", "disk_format": "qcow2", "size": 16338944, "virtual_size": None,
    "min_disk": 0, "min_ram": 0, "protected": False, "os_hidden": False, "tags": [],
    "checksum": "1d3062cd89af34e419f7100277f38b2b", "owner": "admin",
    "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-01-01T00:00:00Z",
    "file": f"/v2/images/{IMAGE_ID}/file", "self": f"/v2/images/{IMAGE_ID}", "schema": "/v2/schemas/image",
}
SCHEMA = {
    "name": "image", "additionalProperties": {"type": "string"}, "links": [],
    "properties": {k: {} for k in IMAGE},
}


class Glance(BaseHTTPRequestHandler):
    def do_GET(self):
        path = urlparse(self.path).path.rstrip("/")
        if path == "/v2/schemas/image":
            return self.answer(200, SCHEMA)
        if path == "/v2/images":
            return self.answer(200, {"images": [IMAGE], "schema": "/v2/schemas/images", "first": "/v2/images"})
        if path == f"/v2/images/{IMAGE_ID}":
            return self.answer(200, IMAGE)
        if path in ("", "/versions"):
            return self.answer(200, {"versions": [{"id": "v2.16", "status": "CURRENT", "links": []}]})
        return self.answer(404, {"error": "not found"})

    def answer(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (type(self).__name__.lower(), fmt % args))


class Neutron(Glance):
    def do_GET(self):
        parts = urlparse(self.path).path.strip("/").split("/")
        if len(parts) == 2 and parts[0] == "v2.0":
            resource = parts[1].removesuffix(".json")
            return self.answer(200, {resource: []})
        if parts == [""]:
            return self.answer(200, {"versions": [{"id": "v2.0", "status": "CURRENT", "links": []}]})
        return self.answer(404, {"NeutronError": {"type": "HTTPNotFound", "message": "not found"}})

    do_DELETE = do_POST = do_PUT = lambda self: self.answer(404, {"NeutronError": {"message": "not supported"}})


def main():
    address, glance_port, neutron_port = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    servers = [ThreadingHTTPServer((address, glance_port), Glance), ThreadingHTTPServer((address, neutron_port), Neutron)]
    for s in servers[1:]:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    servers[0].serve_forever()


if __name__ == "__main__":
    main()
