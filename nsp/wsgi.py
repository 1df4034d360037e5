import os

from django.core.wsgi import get_wsgi_application
from django.urls import resolve

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nsp.settings.production")

application = get_wsgi_application()

# Import the URLconf, and with it every view module (WeasyPrint, openpyxl, the API), while
# the worker boots instead of in its first request: ~0.8 s of CPU that the first user
# after each worker (re)start — gunicorn recycles them every ~2 000 requests — would
# otherwise wait for. A broken import now stops the worker at boot, not a user's request.
resolve("/healthz")
