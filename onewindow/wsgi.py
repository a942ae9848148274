"""WSGI entry point for gunicorn.

``get_wsgi_application`` sets Django up; the application is OneWindow's handler, which
sends token requests to /api/ through the lean middleware list (core/api_handler.py).
"""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onewindow.settings")
django.setup(set_prefix=False)

from onewindow.core.api_handler import OneWindowWSGIHandler  # noqa: E402

application = OneWindowWSGIHandler()
