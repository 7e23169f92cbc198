"""WSGI entry point (gunicorn ``vpp_portal.wsgi:application``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vpp_portal.settings")
application = get_wsgi_application()
