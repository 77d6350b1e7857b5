"""WSGI entry of the floor project (floor_app.py): ``floor_wsgi:application``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "floor_app")
application = get_wsgi_application()
