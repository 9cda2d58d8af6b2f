"""Mints one token with the real SimpleJWT (Debian's python3-djangorestframework-simplejwt), as a Django app does.

Usage: SIMPLEJWT_SIGNING_KEY=... python3 mint.py KIND USER_ID [USER_ID_CLAIM [ISSUER]]
KIND is access or refresh; USER_ID is read as an integer when it is all digits (Django's AutoField ids), else kept
as a string. Prints the token on stdout. Nothing here re-implements SimpleJWT: it only configures it.
"""
import os
import sys
import types

import django
from django.conf import settings

kind, user_id = sys.argv[1], sys.argv[2]
simple_jwt = {"SIGNING_KEY": os.environ["SIMPLEJWT_SIGNING_KEY"], "ALGORITHM": "HS256"}
if len(sys.argv) > 3:
    simple_jwt["USER_ID_CLAIM"] = sys.argv[3]
if len(sys.argv) > 4:
    simple_jwt["ISSUER"] = sys.argv[4]

settings.configure(
    SECRET_KEY="not-the-signing-key",
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "rest_framework_simplejwt"],
    DATABASES={},
    USE_TZ=True,
    SIMPLE_JWT=simple_jwt,
)
django.setup()

from rest_framework_simplejwt.tokens import AccessToken, RefreshToken  # noqa: E402 (needs settings first)

user = types.SimpleNamespace(id=int(user_id) if user_id.isdigit() else user_id)
token_class = {"access": AccessToken, "refresh": RefreshToken}[kind]
print(str(token_class.for_user(user)))
