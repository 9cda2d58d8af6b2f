"""The api_key scheme as a DRF authentication class: X-API-Key, looked up by its SHA-256 as users.yaml stores it."""
import hashlib

from django.contrib.auth.models import User
from rest_framework import authentication, exceptions

from .users import API_KEYS


class ApiKeyAuthentication(authentication.BaseAuthentication):

    def authenticate(self, request):
        key = request.META.get("HTTP_X_API_KEY")
        if key is None:
            return None
        username = API_KEYS.get(hashlib.sha256(key.encode("utf-8")).hexdigest())
        user = User.objects.filter(username=username, is_active=True).first() if username else None
        if user is None:
            raise exceptions.AuthenticationFailed("Invalid API key.")
        return user, None
