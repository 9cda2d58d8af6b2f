"""users.yaml into Django's auth tables: same ids, usernames, bcrypt hashes, roles (groups), admin (is_staff)."""
import yaml
from django.contrib.auth.hashers import BCryptPasswordHasher
from django.contrib.auth.models import Group, User

API_KEYS = {}


class Bcrypt10(BCryptPasswordHasher):
    """users.yaml's cost; also the cost of Django's dummy check for unknown users."""
    rounds = 10


def load_users(path):
    with open(path, encoding="utf-8") as file:
        data = yaml.safe_load(file)
    for entry in data.get("users", []):
        password = entry["password"]
        assert password.startswith("{bcrypt}"), "the reference reads {bcrypt} hashes only"
        user = User(id=int(entry["id"]), username=entry["username"], password="bcrypt$" + password[len("{bcrypt}"):],
                    is_staff=bool(entry.get("admin", False)), is_active=bool(entry.get("active", True)))
        user.save()
        for role in entry.get("roles", []):
            user.groups.add(Group.objects.get_or_create(name=role)[0])
    for key in data.get("api_keys", []):
        API_KEYS[key["key_sha256"]] = key["user"]
