"""Makes and checks password hashes with the real Django, for io.portcullis.policy.password's tests.

Run by /usr/bin/python3 with Debian's Django (or another one first on PYTHONPATH). Reads one JSON request on stdin:
  {"make":  [{"hasher": "argon2", "cost": "default", "password": "..."}, ...],
   "check": [{"password": "...", "encoded": "..."}, ...]}
and writes one JSON answer on stdout:
  {"django": "3.2.25", "hashers": [algorithm names this Django has],
   "made": [encoded, or null where this Django lacks the hasher], "checked": [true, false, or the exception's name]}
A "password" of null is Django's "no password" (make_password(None): an unusable one).
Hashes are made by make_password with Django's own hasher classes: "default" keeps Django's costs, "cheap" uses a
subclass with lower costs only (Django's documented way to tune a hasher), and "argon2i" Django's argon2 hasher made
to use the argon2i variety that Django 1.10 to 2.x made, "argon2i-v16" the argon2 library's argon2i at version
0x10 (Django 1.10's hashes), which Django still checks.
"""
import json
import sys

import django
from django.conf import settings

settings.configure(PASSWORD_HASHERS=[])

from django.contrib.auth import hashers  # noqa: E402  (needs settings)

CLASSES = {
    "pbkdf2_sha256": "PBKDF2PasswordHasher",
    "pbkdf2_sha1": "PBKDF2SHA1PasswordHasher",
    "argon2": "Argon2PasswordHasher",
    "bcrypt_sha256": "BCryptSHA256PasswordHasher",
    "bcrypt": "BCryptPasswordHasher",
    "scrypt": "ScryptPasswordHasher",
}
AVAILABLE = {name: getattr(hashers, cls) for name, cls in CLASSES.items() if hasattr(hashers, cls)}
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers." + CLASSES[name] for name in AVAILABLE]

CHEAP = {
    "pbkdf2_sha256": {"iterations": 1000},
    "pbkdf2_sha1": {"iterations": 1000},
    "argon2": {"time_cost": 1, "memory_cost": 64, "parallelism": 2},
    "bcrypt_sha256": {"rounds": 4},
    "bcrypt": {"rounds": 4},
    "scrypt": {"work_factor": 2 ** 8},
}


def argon2i_params(self):
    import argon2
    params = hashers.Argon2PasswordHasher.params(self)
    params.type = argon2.low_level.Type.I
    return params


def hasher(name, cost):
    base = AVAILABLE[name]
    if cost == "default":
        return base()
    if cost == "cheap":
        return type("Cheap" + base.__name__, (base,), CHEAP[name])()
    if cost == "argon2i" and name == "argon2":
        return type("Argon2i" + base.__name__, (base,), dict(CHEAP[name], params=argon2i_params))()
    raise ValueError("unknown cost " + cost)


def argon2i_v16(password):
    """What Django 1.10 stored: argon2i at version 0x10, made by the argon2 library Django's hasher calls."""
    import argon2
    cheap = CHEAP["argon2"]
    return "argon2" + argon2.low_level.hash_secret(
        password.encode(), hashers.Argon2PasswordHasher().salt().encode(), time_cost=cheap["time_cost"],
        memory_cost=cheap["memory_cost"], parallelism=cheap["parallelism"], hash_len=16,
        type=argon2.low_level.Type.I, version=0x10).decode("ascii")


def make(request):
    if request["hasher"] not in AVAILABLE:
        return None
    if request["cost"] == "argon2i-v16":
        return argon2i_v16(request["password"])
    return hashers.make_password(request["password"], hasher=hasher(request["hasher"], request["cost"]))


class NoUpgrade:
    """A preferred hasher that never asks for an upgrade: check_password then skips harden_runtime, the extra time it
    spends on a wrong password for a hash of outdated cost, which changes no verdict and would slow the tests."""
    algorithm = None

    def must_update(self, encoded):
        return False


def check(request):
    try:
        return hashers.check_password(request["password"], request["encoded"], preferred=NoUpgrade())
    except Exception as e:  # Django lets the hasher's error through: the caller records which
        return type(e).__name__


request = json.load(sys.stdin)
json.dump({
    "django": django.get_version(),
    "hashers": sorted(AVAILABLE),
    "made": [make(r) for r in request.get("make", [])],
    "checked": [check(r) for r in request.get("check", [])],
}, sys.stdout)
