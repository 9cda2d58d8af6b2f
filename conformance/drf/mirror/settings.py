"""Django settings mirroring conformance/policy/policy.yaml (keep the two in step)."""
import os
from datetime import timedelta

SECRET_KEY = os.environ["PORTCULLIS_JWT_SECRET"]
DEBUG = False
ALLOWED_HOSTS = ["*"]
USE_TZ = True
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "rest_framework",
    "rest_framework.authtoken",
    "rest_framework_simplejwt.token_blacklist",
]
MIDDLEWARE = []
ROOT_URLCONF = "mirror.urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ.get("MIRROR_DB", ":memory:")}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
# users.yaml's own hashes ({bcrypt}$2a$10$...), checked by Django's bcrypt hasher
PASSWORD_HASHERS = ["mirror.users.Bcrypt10"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
LOGGING = {"version": 1, "disable_existing_loggers": False,
           "loggers": {"django.server": {"level": "WARNING"}, "django.request": {"level": "ERROR"}}}

REST_FRAMEWORK = {
    # authentication: [jwt, token, api_key]
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework_simplejwt.authentication.JWTAuthentication",
        "rest_framework.authentication.TokenAuthentication",
        "mirror.authentication.ApiKeyAuthentication",
    ],
    # defaults.permission: IsAuthenticated
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # defaults.throttle: [anon, user]; throttle_rates
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": "3/min",
        "user": "100/min",
        "burst": "3/min",
        "login": "3/min",
        "login_ip": "30/min",   # ten times login (DESIGN.md: the per-IP cap of the login endpoints)
    },
    # clients.num_proxies: 1
    "NUM_PROXIES": 1,
    # the gateway speaks JSON only and reads JSON or form bodies
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser", "rest_framework.parsers.FormParser"],
}

# tokens:
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=15),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=7),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "ALGORITHM": "HS256",
    "SIGNING_KEY": SECRET_KEY,
    "ISSUER": "portcullis",
    "LEEWAY": 30,
    "USER_ID_CLAIM": "sub",
}
