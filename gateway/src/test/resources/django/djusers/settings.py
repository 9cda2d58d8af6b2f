"""A minimal Django project whose only purpose is to make the tables and rows of a real Django app's users:
auth (users, groups), contenttypes, and DRF's authtoken. The database comes from PORTCULLIS_TEST_DATABASE_URL."""
import os
from urllib.parse import urlparse, unquote

_url = urlparse(os.environ["PORTCULLIS_TEST_DATABASE_URL"])
_engine = {"postgres": "django.db.backends.postgresql", "mysql": "django.db.backends.mysql"}[_url.scheme]

SECRET_KEY = "portcullis-test-only"
USE_TZ = True
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "rest_framework",
    "rest_framework.authtoken",
]
DATABASES = {
    "default": {
        "ENGINE": _engine,
        "NAME": _url.path.lstrip("/"),
        "USER": unquote(_url.username or ""),
        "PASSWORD": unquote(_url.password or ""),
        "HOST": _url.hostname,
        "PORT": str(_url.port or ""),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
