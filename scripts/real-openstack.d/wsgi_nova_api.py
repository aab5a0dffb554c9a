"""gunicorn entry point for nova-api (both releases).

Nova's WSGI loader hands sys.argv to oslo.config, which rejects gunicorn's own arguments
("unrecognized arguments: --bind"): blank it before the import. The noauth2 token filter
(rc_token) lives beside this file.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.argv = sys.argv[:1]
from nova.wsgi.osapi_compute import application  # noqa: E402,F401
