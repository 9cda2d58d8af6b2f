"""The login scope of the token-obtaining endpoints as DRF throttles: client IP + username, and client IP alone."""
from rest_framework.throttling import SimpleRateThrottle


def submitted_username(request):
    """The username as the login compares it: CharField's text, trimmed; anything else counts as no username."""
    data = request.data
    value = data.get("username") if hasattr(data, "get") else None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return ""
    return str(value).strip()


class LoginRateThrottle(SimpleRateThrottle):
    """Counts login attempts (POST), by client IP and the submitted username."""
    scope = "login"

    def get_cache_key(self, request, view):
        if request.method != "POST":
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request) + "|" + submitted_username(request)}


class LoginIpRateThrottle(SimpleRateThrottle):
    """Counts login attempts (POST) by client IP alone (password spraying)."""
    scope = "login_ip"

    def get_cache_key(self, request, view):
        if request.method != "POST":
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


LOGIN_THROTTLES = [LoginRateThrottle, LoginIpRateThrottle]
