"""policy.yaml's routes (first match in file order) and the gateway's own endpoints."""
from django.urls import path, re_path

from . import views

urlpatterns = [
    path("auth/token/", views.Obtain.as_view()),
    path("auth/token/refresh/", views.Refresh.as_view()),
    path("auth/token/verify/", views.Verify.as_view()),
    path("auth/token/blacklist/", views.Blacklist.as_view()),
    path("auth/api-token/", views.ApiToken.as_view()),
    re_path(r"^api/health$", views.Health.as_view()),
    re_path(r"^api/posts(?:/.*)?$", views.Posts.as_view()),
    re_path(r"^api/users/(?P<id>[^/]+)(?:/.*)?$", views.UserProfile.as_view()),
    re_path(r"^api/admin(?:/.*)?$", views.Admin.as_view()),
    re_path(r"^api/reports(?:/.*)?$", views.Reports.as_view()),
    re_path(r"^api/catalogue(?:/.*)?$", views.Catalogue.as_view()),
    re_path(r"^api/sealed(?:/.*)?$", views.Sealed.as_view()),
    re_path(r"^api/misc(?:/.*)?$", views.Misc.as_view()),
    re_path(r"", views.NoRoute.as_view()),
]
