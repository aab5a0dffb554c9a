"""gunicorn entry point for placement-api (sys.argv blanked, as for nova-api)."""
import sys

sys.argv = sys.argv[:1]
from placement.wsgi import init_application  # noqa: E402

application = init_application()
