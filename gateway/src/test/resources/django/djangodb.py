#!/usr/bin/env python3
"""The tests' hands on a real Django database, through Django itself (nothing here writes Django's formats):

  djangodb.py create   creates the database named in PORTCULLIS_TEST_DATABASE_URL and runs manage.py migrate
  djangodb.py drop     drops it
  djangodb.py apply    reads a JSON list of operations on stdin, prints a JSON object of what they made:
    {"op": "user", "username", "password", "hasher", "groups": [..], "is_staff", "is_active", "email", "first_name",
     "last_name"}                                  User.objects.create_user under PASSWORD_HASHERS = [hasher]
    {"op": "set_password", "username", "password", "hasher"}
    {"op": "set_active", "username", "active"}
    {"op": "token", "username"}                    Token.objects.create -> {"tokens": {username: key}}
    {"op": "exists", "username"}                   -> {"exists": true|false}
    {"op": "sql", "statement", "params": [..]}      a statement of the test's own (custom schema tables)
  Output: {"ids": {username: id}, "tokens": {...}}
"""
import json
import os
import sys
from urllib.parse import urlparse, unquote

HERE = os.path.dirname(os.path.abspath(__file__))
HASHERS = {
    "pbkdf2_sha256": "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "pbkdf2_sha1": "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "argon2": "django.contrib.auth.hashers.Argon2PasswordHasher",
    "bcrypt_sha256": "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "bcrypt": "django.contrib.auth.hashers.BCryptPasswordHasher",
    "scrypt": "django.contrib.auth.hashers.ScryptPasswordHasher",
}


def server_connection(url):
    if url.scheme == "postgres":
        import psycopg2
        connection = psycopg2.connect(host=url.hostname, port=url.port, user=unquote(url.username or "postgres"),
                                      password=unquote(url.password or ""), dbname="postgres")
        connection.autocommit = True
        return connection, '"%s"'
    import MySQLdb
    connection = MySQLdb.connect(host=url.hostname, port=url.port or 3306, user=unquote(url.username or "root"),
                                 passwd=unquote(url.password or ""))
    return connection, "`%s`"


def create_or_drop(command):
    url = urlparse(os.environ["PORTCULLIS_TEST_DATABASE_URL"])
    name = url.path.lstrip("/")
    if not name.replace("_", "").isalnum():
        raise SystemExit("unsafe database name " + name)
    connection, quote = server_connection(url)
    cursor = connection.cursor()
    if command == "create":
        cursor.execute("CREATE DATABASE " + quote % name)
    else:
        # the gateway under test may still hold pooled connections to it (PostgreSQL 13+ closes them)
        force = " WITH (FORCE)" if url.scheme == "postgres" else ""
        cursor.execute("DROP DATABASE IF EXISTS " + quote % name + force)
    connection.close()


def setup():
    sys.path.insert(0, HERE)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "djusers.settings")
    import django
    django.setup()


def apply(operations):
    from django.contrib.auth.models import Group, User
    from django.test.utils import override_settings
    from rest_framework.authtoken.models import Token
    made = {"ids": {}, "tokens": {}}
    for op in operations:
        kind = op["op"]
        if kind == "user":
            with override_settings(PASSWORD_HASHERS=[HASHERS[op.get("hasher", "pbkdf2_sha256")]]):
                user = User.objects.create_user(op["username"], op.get("email", ""), op["password"],
                                                first_name=op.get("first_name", ""), last_name=op.get("last_name", ""),
                                                is_staff=op.get("is_staff", False), is_active=op.get("is_active", True))
            for name in op.get("groups", []):
                user.groups.add(Group.objects.get_or_create(name=name)[0])
            made["ids"][user.username] = user.id
        elif kind == "set_password":
            user = User.objects.get(username=op["username"])
            with override_settings(PASSWORD_HASHERS=[HASHERS[op.get("hasher", "pbkdf2_sha256")]]):
                user.set_password(op["password"])
            user.save()
        elif kind == "set_active":
            user = User.objects.get(username=op["username"])
            user.is_active = op["active"]
            user.save()
        elif kind == "sql":
            from django.db import connection
            with connection.cursor() as cursor:
                cursor.execute(op["statement"], op.get("params", []))
        elif kind == "exists":
            made["exists"] = User.objects.filter(username=op["username"]).exists()
        elif kind == "token":
            made["tokens"][op["username"]] = Token.objects.create(user=User.objects.get(username=op["username"])).key
        else:
            raise SystemExit("unknown operation " + kind)
    return made


if __name__ == "__main__":
    command = sys.argv[1]
    if command in ("create", "drop"):
        create_or_drop(command)
        if command == "create":
            setup()
            from django.core.management import call_command
            call_command("migrate", verbosity=0)
    elif command == "apply":
        setup()
        print(json.dumps(apply(json.load(sys.stdin))))
    else:
        raise SystemExit("usage: djangodb.py create|drop|apply")
