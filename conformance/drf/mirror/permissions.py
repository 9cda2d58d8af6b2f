"""The policy's permission atoms that DRF does not ship, as DRF permission classes (composed with & | ~)."""
from rest_framework.permissions import SAFE_METHODS, BasePermission


class ReadOnly(BasePermission):
    def has_permission(self, request, view):
        return request.method in SAFE_METHODS


class DenyAll(BasePermission):
    def has_permission(self, request, view):
        return False


def HasAnyRole(*roles):
    class HasAnyRole(BasePermission):
        def has_permission(self, request, view):
            return bool(request.user and request.user.is_authenticated
                        and request.user.groups.filter(name__in=roles).exists())
    return HasAnyRole


def HasRole(role):
    return HasAnyRole(role)


def IsOwner(variable):
    class IsOwner(BasePermission):
        def has_permission(self, request, view):
            return bool(request.user and request.user.is_authenticated
                        and str(view.kwargs.get(variable)) == str(request.user.pk))
    return IsOwner
