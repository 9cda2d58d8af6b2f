#!/usr/bin/python3
"""The reference of the DRF conformance suite: Django REST Framework 3.14 + SimpleJWT 5.2 (Debian's packages)
serving conformance/policy's routes, users and token settings, written as a Django project would write them.

    /usr/bin/python3 conformance/drf/serve.py [--port N]      # PORTCULLIS_JWT_SECRET must be set

Prints "listening on <port>" once it serves; state (SQLite, throttle cache) lives only as long as the process.
"""
import argparse
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mirror.settings")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--users", default=os.path.join(HERE, "..", "policy", "users.yaml"))
    args = parser.parse_args()
    os.environ["MIRROR_DB"] = os.path.join(tempfile.mkdtemp(prefix="drf-reference-"), "db.sqlite3")

    import django
    django.setup()
    from django.core.management import call_command
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application
    from mirror.users import load_users

    call_command("migrate", verbosity=0, interactive=False)
    load_users(args.users)
    server = ThreadedWSGIServer(("127.0.0.1", args.port), WSGIRequestHandler)
    server.set_app(without_head_bodies(get_wsgi_application()))
    print("listening on %d" % server.server_port, flush=True)
    server.serve_forever()


def without_head_bodies(app):
    """HEAD answers carry no body (RFC 9110 9.3.2); Django's development server would send the GET body."""
    def wrapped(environ, start_response):
        result = app(environ, start_response)
        if environ["REQUEST_METHOD"] != "HEAD":
            return result
        if hasattr(result, "close"):
            result.close()
        return []
    return wrapped


if __name__ == "__main__":
    main()
