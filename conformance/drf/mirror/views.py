"""Each policy route as a DRF view (its permission per method, its throttles), the token endpoints as SimpleJWT's
and DRF's own views, and "no route" as DRF's NotFound. A route's view answers what the suite's stand-in upstream
answers for a forwarded request: who DRF authenticated, and how."""
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.permissions import AllowAny, IsAdminUser, IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle, UserRateThrottle
from rest_framework.views import APIView
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.views import TokenBlacklistView, TokenObtainPairView, TokenRefreshView, TokenVerifyView

from .authentication import ApiKeyAuthentication
from .permissions import DenyAll, HasAnyRole, HasRole, IsOwner, ReadOnly
from .throttles import LOGIN_THROTTLES

SCHEMES = {JWTAuthentication: "jwt", TokenAuthentication: "token", ApiKeyAuthentication: "api_key"}


class Route(APIView):
    """permission: the route's; methods: per-method overrides (policy.yaml methods:)."""
    permission = IsAuthenticated
    methods = {}

    def get_permissions(self):
        return [self.methods.get(self.request.method, self.permission)()]

    def get(self, request, *args, **kwargs):
        authenticator = request.successful_authenticator
        return Response({"username": request.user.username,
                         "scheme": SCHEMES[type(authenticator)] if authenticator else "anonymous"})

    post = put = patch = delete = options = get


class Health(Route):
    permission = AllowAny


class Posts(Route):
    permission = IsAuthenticatedOrReadOnly
    methods = {"DELETE": IsAdminUser | HasRole("editor")}


class UserProfile(Route):
    permission = IsOwner("id") | IsAdminUser


class Admin(Route):
    permission = IsAdminUser


class Reports(Route):
    permission = IsAuthenticated & ~HasRole("intern")
    methods = {"POST": HasAnyRole("editor", "analyst") | IsAdminUser}
    throttle_classes = [UserRateThrottle, ScopedRateThrottle]
    throttle_scope = "burst"


class Catalogue(Route):
    permission = ReadOnly


class Sealed(Route):
    permission = DenyAll


class Misc(Route):
    pass


class NoRoute(Route):
    """No route matches: 404 before any credential is looked at, as the gateway matches routes first."""
    authentication_classes = []
    permission = AllowAny
    throttle_classes = []

    def get(self, request, *args, **kwargs):
        raise exceptions.NotFound()

    post = put = patch = delete = options = get


class Obtain(TokenObtainPairView):
    throttle_classes = LOGIN_THROTTLES


class Refresh(TokenRefreshView):
    throttle_classes = []


class Verify(TokenVerifyView):
    throttle_classes = []


class Blacklist(TokenBlacklistView):
    throttle_classes = []


class ApiToken(ObtainAuthToken):
    """DRF's obtain_auth_token, and DELETE with the token itself to revoke it (the gateway's addition)."""
    parser_classes = [JSONParser, FormParser]

    def deleting(self):
        return self.request.method == "DELETE"

    def get_authenticators(self):
        return [TokenAuthentication()] if self.deleting() else []

    def get_permissions(self):
        return [IsAuthenticated()] if self.deleting() else []

    def get_throttles(self):
        return [] if self.deleting() else [throttle() for throttle in LOGIN_THROTTLES]

    def delete(self, request, *args, **kwargs):
        request.auth.delete()
        return Response(status=204)
