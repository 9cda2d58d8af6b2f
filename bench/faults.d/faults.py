#!/usr/bin/python3
"""Portcullis fault suite (issue 13; DESIGN.md "Faults, limits and what is never lost"). Run it through bench/faults.

Real processes only, all on 127.0.0.1: the gateway jar (`java -jar`), private redis-servers on free ports, a stand-in
upstream (a threaded HTTP/1.1 server, plus a raw-socket server that misbehaves on purpose) and raw-socket clients, so
that what a client sees is checked byte by byte. Each case prints one line: its name, PASS or FAIL, and what it
measured. Python standard library only. bench/FAULTS.md describes every case.
"""

import argparse
import asyncio
import collections
import json
import os
import queue
import random
import re
import selectors
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
JAR = os.path.join(ROOT, "gateway", "target", "portcullis.jar")
SECRET = "faults-only-secret-0123456789abcdef-0123456789"
LOGIN = {"username": "alice", "password": "alice-password"}
JVM = ["-XX:+UseSerialGC", "-Xmx256m"]
# The gateway's own settings the suite shortens (command line, as ops would): server.netty.idle-timeout is documented
# as closing "a connection that sends no (complete) request for this long" (slowloris), 60 s by default.
IDLE_TIMEOUT_S = 10
GATEWAY_ARGS = [f"--server.netty.idle-timeout={IDLE_TIMEOUT_S}s"]
CLIENT_TIMEOUT_S = 10.0  # a client that waits this long without an answer or a close counts as a lost request
TIGHT_LIMIT = 5          # tight: 5/minute in bench/faults.d/policy.yaml
ROUTE_RESPONSE_TIMEOUT_S = 2.0  # timeouts.response of the misbehaving route
SUITE_LIMIT_S = 15 * 60
FLOOD_LIMIT_S = 120      # the flood stops there on a machine too busy to serve 20,000 requests in time


def now():
    return time.monotonic()


TRANSCRIPT = []  # every line said, also written to results.txt in the run's output directory


def say(text=""):
    print(text, flush=True)
    for f in TRANSCRIPT:
        f.write(text + "\n")
        f.flush()


# ------------------------------------------------------------------------------------------------ raw HTTP client
class Reader:
    """Bytes of one socket; `end` says how reading stopped: eof, reset or timeout."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = bytearray()
        self.end = None

    def fill(self, deadline):
        if self.end:
            return False
        remaining = deadline - now()
        if remaining <= 0:
            self.end = "timeout"
            return False
        try:
            self.sock.settimeout(remaining)
            data = self.sock.recv(65536)
        except socket.timeout:
            self.end = "timeout"
            return False
        except (ConnectionResetError, BrokenPipeError):
            self.end = "reset"
            return False
        except OSError:
            self.end = "reset"
            return False
        if not data:
            self.end = "eof"
            return False
        self.buf += data
        return True

    def line(self, deadline):
        while True:
            i = self.buf.find(b"\r\n")
            if i >= 0:
                out = bytes(self.buf[:i])
                del self.buf[:i + 2]
                return out
            if not self.fill(deadline):
                return None

    def exact(self, n, deadline):
        while len(self.buf) < n:
            if not self.fill(deadline):
                return None
        out = bytes(self.buf[:n])
        del self.buf[:n]
        return out

    def rest(self):
        out = bytes(self.buf)
        self.buf.clear()
        return out


class Resp:
    """What a client got. error: None (a complete message), refused, send-failed, timeout/eof/reset (nothing),
    timeout-in-head/eof-in-head/reset-in-head, bad-status, truncated, bad-chunk."""

    def __init__(self):
        self.status = None
        self.headers = {}
        self.body = b""
        self.error = None
        self.end = None          # how the connection ended when the message was incomplete
        self.framing = None      # chunked | length | close | none
        self.chunks = 0
        self.final_chunk = False
        self.length = None
        self.close = False
        self.elapsed = 0.0
        self.head = b""

    def json(self):
        try:
            value = json.loads(self.body)
        except ValueError:
            return None
        return value if isinstance(value, dict) else None

    def detail(self):
        """The JSON detail of an error answer, or None when the body is not JSON with a detail."""
        value = self.json()
        ctype = self.headers.get("content-type", "")
        return value.get("detail") if value and "json" in ctype and "detail" in value else None

    def outcome(self):
        return str(self.status) if self.error is None else (f"{self.status}:{self.error}" if self.status else self.error)


def read_response(reader, deadline, method="GET"):
    r = Resp()
    while True:
        while True:
            i = reader.buf.find(b"\r\n\r\n")
            if i >= 0:
                break
            if len(reader.buf) > 65536 or not reader.fill(deadline):
                r.head = bytes(reader.buf)
                r.end = reader.end
                r.error = reader.end if not reader.buf else f"{reader.end}-in-head"
                return r
        head = bytes(reader.buf[:i])
        del reader.buf[:i + 4]
        lines = head.split(b"\r\n")
        r.head = head
        parts = lines[0].split(b" ", 2)
        if len(parts) < 2 or not parts[0].startswith(b"HTTP/1.") or not parts[1].isdigit():
            r.error = "bad-status"
            return r
        r.status = int(parts[1])
        r.headers = {}
        for raw in lines[1:]:
            name, _, value = raw.decode("latin-1").partition(":")
            r.headers[name.strip().lower()] = value.strip()
        if r.status >= 200:
            break
    r.close = r.headers.get("connection", "").lower() == "close" or parts[0] == b"HTTP/1.0"
    if method == "HEAD" or r.status in (204, 304):
        r.framing = "none"
        return r
    if "chunked" in r.headers.get("transfer-encoding", "").lower():
        r.framing = "chunked"
        body = bytearray()
        while True:
            size_line = reader.line(deadline)
            if size_line is None:
                r.error, r.end = "truncated", reader.end
                body += reader.rest()
                break
            try:
                size = int(size_line.split(b";")[0].strip(), 16)
            except ValueError:
                r.error = "bad-chunk"
                break
            if size == 0:
                while True:  # trailers up to the empty line
                    trailer = reader.line(deadline)
                    if trailer is None:
                        r.error, r.end = "truncated", reader.end
                        break
                    if trailer == b"":
                        r.final_chunk = True
                        break
                break
            data = reader.exact(size + 2, deadline)
            if data is None:
                r.error, r.end = "truncated", reader.end
                body += reader.rest()[:size]
                break
            body += data[:size]
            r.chunks += 1
        r.body = bytes(body)
        return r
    if "content-length" in r.headers:
        r.framing = "length"
        r.length = int(r.headers["content-length"])
        data = reader.exact(r.length, deadline)
        if data is None:
            r.error, r.end = "truncated", reader.end
            r.body = reader.rest()
        else:
            r.body = data
        return r
    r.framing = "close"
    while reader.fill(deadline):
        pass
    r.body = reader.rest()
    r.close = True
    if reader.end != "eof":
        r.error, r.end = "truncated", reader.end
    return r


def request_bytes(method, path, port, headers=(), body=b"", host=True):
    lines = [f"{method} {path} HTTP/1.1"]
    if host:
        lines.append(f"Host: 127.0.0.1:{port}")
    lines += [f"{k}: {v}" for k, v in headers]
    if body or method in ("POST", "PUT", "PATCH"):
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def connect(port, timeout=5.0):
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


class Conn:
    """One keep-alive client connection; reconnects after a close. Never retries a request."""

    def __init__(self, port):
        self.port = port
        self.sock = None
        self.reader = None

    def request(self, method, path, headers=(), body=b"", timeout=CLIENT_TIMEOUT_S):
        start = now()
        if self.sock is None:
            try:
                self.sock = connect(self.port, timeout)
            except ConnectionRefusedError:
                r = Resp()
                r.error = "refused"
                return r
            except OSError as e:
                r = Resp()
                r.error = "connect-" + type(e).__name__
                return r
            self.reader = Reader(self.sock)
        try:
            self.sock.settimeout(timeout)
            self.sock.sendall(request_bytes(method, path, self.port, headers, body))
        except OSError:
            self.close()
            r = Resp()
            r.error = "send-failed"
            return r
        r = read_response(self.reader, start + timeout, method)
        r.elapsed = now() - start
        if r.error or r.close:
            self.close()
        return r

    def close(self):
        if self.sock is not None:
            try:
                self.sock.close()
            except OSError:
                pass
        self.sock = None


def one_shot(port, data, timeout=CLIENT_TIMEOUT_S, method="GET"):
    """Sends raw bytes on a new connection and reads one answer."""
    start = now()
    try:
        sock = connect(port, timeout)
    except OSError as e:
        r = Resp()
        r.error = "refused" if isinstance(e, ConnectionRefusedError) else "connect-" + type(e).__name__
        return r
    try:
        sock.sendall(data)
        r = read_response(Reader(sock), start + timeout, method)
    except OSError:
        r = Resp()
        r.error = "send-failed"
    finally:
        sock.close()
    r.elapsed = now() - start
    return r


def post_json(conn, path, value, headers=(), rid=None):
    hs = [("Content-Type", "application/json")] + list(headers)
    if rid:
        hs.append(("X-Request-Id", rid))
    return conn.request("POST", path, hs, json.dumps(value).encode())


# ------------------------------------------------------------------------------------------------ stand-in upstream
def serve_upstream(port, bad_port, ids_path):
    """The stand-in upstream (a separate process, asyncio: one thread keeps up with the gateway). It records the
    X-Request-Id of every request it receives as soon as its header block has arrived, before reading its body.
    /slow/ answers after 2 s; /open/echo returns the headers it got. A raw-socket server on `bad_port` misbehaves."""
    ids = os.open(ids_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def record(rid, method, path):
        os.write(ids, f"{rid}\t{method}\t{path}\t{time.time():.4f}\n".encode("latin-1", "replace"))

    async def handle(reader, writer):
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head[:-4].decode("latin-1").split("\r\n")
                method, target = (lines[0].split(" ") + ["", ""])[:2]
                headers = [(k.strip().lower(), v.strip()) for k, _, v in (line.partition(":") for line in lines[1:])]
                named = dict(headers)
                record(named.get("x-request-id", "-"), method, target)
                if "chunked" in named.get("transfer-encoding", "").lower():
                    while True:
                        size = int((await reader.readuntil(b"\r\n")).split(b";")[0].strip() or b"0", 16)
                        if size == 0:
                            while await reader.readuntil(b"\r\n") != b"\r\n":
                                pass
                            break
                        await reader.readexactly(size + 2)
                elif int(named.get("content-length") or 0):
                    await reader.readexactly(int(named["content-length"]))
                if target.startswith("/slow/"):
                    await asyncio.sleep(2)
                body = json.dumps(headers).encode() if target.startswith("/open/echo") else b"ok\n"
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s"
                             % (len(body), b"" if method == "HEAD" else body))
                await writer.drain()
                if named.get("connection", "").lower() == "close":
                    break
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError, ValueError):
            pass
        finally:
            writer.close()

    def misbehave(conn):
        try:
            conn.settimeout(10)
            reader = Reader(conn)
            deadline = now() + 10
            while b"\r\n\r\n" not in reader.buf:
                if not reader.fill(deadline):
                    return
            head = bytes(reader.buf).split(b"\r\n\r\n")[0].decode("latin-1")
            method, path = (head.split(" ") + ["", ""])[:2]
            rid = re.search(r"(?im)^x-request-id:\s*(\S+)", head)
            record(rid.group(1) if rid else "-", method, path)
            if path.startswith("/bad/chunked-reset"):
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                             b"1f\r\npart 1 of a chunked answer ...\n\r\n")
                time.sleep(0.3)
                conn.sendall(b"1f\r\npart 2 of a chunked answer ...\n\r\n")
                time.sleep(0.3)
                reset(conn)
            elif path.startswith("/bad/length-reset"):
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n" + b"a" * 1000)
                time.sleep(0.3)
                conn.sendall(b"b" * 1000)
                time.sleep(0.3)
                reset(conn)
            elif path.startswith("/bad/half-header"):
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/pl")
                time.sleep(0.3)
                conn.close()
            elif path.startswith("/bad/not-http"):
                conn.sendall(b"HELLO 200 WORLD\r\n\r\n")
                time.sleep(0.5)
                conn.close()
            elif path.startswith("/bad/silent"):
                conn.settimeout(30)
                try:
                    while conn.recv(65536):
                        pass
                except OSError:
                    pass
                conn.close()
            else:
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n")
                conn.close()
        except OSError:
            pass

    def reset(conn):
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()

    def misbehaving_server():
        srv = socket.socket()
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        srv.bind(("127.0.0.1", bad_port))
        srv.listen(128)
        while True:
            conn, _ = srv.accept()
            threading.Thread(target=misbehave, args=(conn,), daemon=True).start()

    threading.Thread(target=misbehaving_server, daemon=True).start()

    async def serve():
        server = await asyncio.start_server(handle, "127.0.0.1", port, limit=1 << 20, backlog=1024)
        async with server:
            await server.serve_forever()

    asyncio.run(serve())


# ------------------------------------------------------------------------------------------------ processes
class Procs:
    """Every child process; all are ended on exit. Children get SIGKILL if the suite itself dies (setpriv)."""

    def __init__(self):
        self.children = []
        self.pdeathsig = shutil.which("setpriv") is not None

    def spawn(self, args, log_path, env=None):
        assert threading.current_thread() is threading.main_thread(), "children are started by the main thread"
        prefix = ["setpriv", "--pdeathsig", "KILL", "--"] if self.pdeathsig else []
        log = open(log_path, "ab")
        proc = subprocess.Popen(prefix + args, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                env=env, start_new_session=True, cwd=ROOT)
        log.close()
        self.children.append(proc)
        return proc

    def end(self, proc, grace=5.0):
        if proc.poll() is not None:
            return
        try:
            proc.send_signal(signal.SIGCONT)
            proc.terminate()
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        except OSError:
            pass

    def end_all(self):
        for proc in self.children:
            if proc.poll() is None:
                try:
                    proc.send_signal(signal.SIGCONT)
                    proc.terminate()
                except OSError:
                    pass
        deadline = now() + 8
        for proc in self.children:
            try:
                proc.wait(max(0.1, deadline - now()))
            except subprocess.TimeoutExpired:
                proc.kill()
                try:
                    proc.wait(5)
                except subprocess.TimeoutExpired:
                    pass


def free_port():
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port != 6379:
            return port


def wait_port(port, timeout):
    deadline = now() + timeout
    while now() < deadline:
        try:
            connect(port, 1).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


class Redis:
    """A private redis-server on a free port, append-only so that a SIGKILLed one restarts with its data."""

    def __init__(self, suite, name):
        self.suite = suite
        self.name = name
        self.port = free_port()
        self.dir = os.path.join(suite.tmp, f"redis-{name}")
        os.makedirs(self.dir, exist_ok=True)
        self.proc = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        args = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", self.dir, "--save", "",
                "--appendonly", "yes", "--appendfsync", "everysec", "--protected-mode", "yes", "--daemonize", "no"]
        self.proc = self.suite.procs.spawn(args, os.path.join(self.suite.out, f"redis-{self.name}.log"))
        deadline = now() + 15
        while not self.ping():  # it listens while still loading its append-only file (answering -LOADING)
            if now() > deadline or self.proc.poll() is not None:
                raise RuntimeError(f"redis-server on {self.port} did not start (see redis-{self.name}.log)")
            time.sleep(0.05)

    def ensure_running(self):
        """After a fault case, whatever happened in it: the server runs and is not paused."""
        if self.proc is None or self.proc.poll() is not None:
            self.start()
        else:
            self.resume()

    def ping(self, timeout=1.0):
        try:
            with connect(self.port, timeout) as s:
                s.sendall(b"PING\r\n")
                return s.recv(64).startswith(b"+PONG")
        except OSError:
            return False

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def pause(self):
        self.proc.send_signal(signal.SIGSTOP)

    def resume(self):
        self.proc.send_signal(signal.SIGCONT)


class Gateway:
    def __init__(self, suite, name, redis):
        self.suite = suite
        self.name = name
        self.redis = redis
        self.port = free_port()
        self.mgmt = free_port()
        self.policy_dir = os.path.join(suite.tmp, f"policy-{name}")
        self.log = os.path.join(suite.out, f"gateway-{name}.log")
        self.proc = None
        self.started_at = None
        self.ready_after = None

    def start(self):
        os.makedirs(self.policy_dir, exist_ok=True)
        self.write_policy(self.suite.policy_text)
        shutil.copy(os.path.join(HERE, "users.yaml"), os.path.join(self.policy_dir, "users.yaml"))
        env = dict(os.environ, PORTCULLIS_POLICY_DIR=self.policy_dir, SERVER_PORT=str(self.port),
                   MANAGEMENT_SERVER_PORT=str(self.mgmt), REDIS_URL=self.redis.url, PORTCULLIS_JWT_SECRET=SECRET)
        env.pop("PORTCULLIS_JWT_KEYS_DIR", None)
        self.started_at = now()
        self.proc = self.suite.procs.spawn(["java"] + JVM + ["-jar", JAR] + GATEWAY_ARGS, self.log, env)
        return self

    def write_policy(self, text):
        with open(os.path.join(self.policy_dir, "policy.yaml"), "w") as f:
            f.write(text)

    def wait_ready(self, timeout=180):
        deadline = now() + timeout
        conn = Conn(self.port)
        while now() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gateway {self.name} exited with {self.proc.returncode} "
                                   f"(see {os.path.relpath(self.log, ROOT)})")
            r = conn.request("GET", "/open/ready", [("X-Request-Id", f"ready-{self.name}-{int(now() * 1000)}")],
                             timeout=2)
            if r.status == 200 and self.readiness() in ("UP", "n/a"):
                conn.close()
                self.ready_after = now() - self.started_at
                return self
            conn.close()
            time.sleep(0.2)
        raise RuntimeError(f"gateway {self.name} not ready after {timeout} s "
                           f"(see {os.path.relpath(self.log, ROOT)})")

    def health(self, path="/actuator/health"):
        r = one_shot(self.mgmt, request_bytes("GET", path, self.mgmt), timeout=3)
        return r.status, (r.json() or {})

    def readiness(self):
        status, body = self.health("/actuator/health/readiness")
        if status == 404:
            return "n/a"
        return body.get("status", f"no answer ({status})")

    def access(self):
        """The access-log lines written so far (bare JSON lines on stdout)."""
        lines = []
        try:
            with open(self.log, "r", errors="replace") as f:
                for line in f:
                    if line.startswith('{"time"'):
                        try:
                            lines.append(json.loads(line))
                        except ValueError:
                            pass
        except FileNotFoundError:
            pass
        return lines

    def access_line(self, rid, timeout=3.0):
        deadline = now() + timeout
        while True:
            for line in self.access():
                if line.get("request_id") == rid:
                    return line
            if now() > deadline:
                return None
            time.sleep(0.2)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None


class Upstream:
    def __init__(self, suite):
        self.suite = suite
        self.port = free_port()
        self.bad_port = free_port()
        self.ids_path = os.path.join(suite.out, "upstream-ids.tsv")

    def start(self):
        args = [sys.executable, os.path.abspath(__file__), "--serve-upstream", str(self.port), str(self.bad_port),
                self.ids_path]
        self.proc = self.suite.procs.spawn(args, os.path.join(self.suite.out, "upstream.log"))
        if not (wait_port(self.port, 10) and wait_port(self.bad_port, 10)):
            raise RuntimeError("the stand-in upstream did not start (see upstream.log)")
        return self

    def ids(self):
        """request id -> [(method, path, epoch seconds)] of every request the upstream received."""
        seen = collections.defaultdict(list)
        try:
            with open(self.ids_path, "r", errors="replace") as f:
                for line in f:
                    parts = line.rstrip("\n").split("\t")
                    if len(parts) == 4:
                        seen[parts[0]].append((parts[1], parts[2], float(parts[3])))
        except FileNotFoundError:
            pass
        return seen


# ------------------------------------------------------------------------------------------------ the suite's world
class Suite:
    def __init__(self, out, quick):
        self.out = out
        self.quick = quick
        self.tmp = tempfile.mkdtemp(prefix="portcullis-faults.")
        self.procs = Procs()
        self.upstream = None
        self.redis = None
        self.gateways = {}
        self.policy_text = None
        self.dropped = []
        self.body_timeout = 3.0
        self.ip_counter = random.randrange(1 << 20)
        self.lock = threading.Lock()

    def close(self):
        self.procs.end_all()
        shutil.rmtree(self.tmp, ignore_errors=True)

    # -- policy: the template with the stand-ins' ports; settings this gateway does not know yet are dropped
    def prepare_policy(self):
        with open(os.path.join(HERE, "policy.yaml")) as f:
            template = f.read().replace("{UPSTREAM}", str(self.upstream.port)).replace(
                "{MISBEHAVING}", str(self.upstream.bad_port))
        lines = template.split("\n")
        check_dir = os.path.join(self.tmp, "policy-check")
        os.makedirs(check_dir, exist_ok=True)
        shutil.copy(os.path.join(HERE, "users.yaml"), os.path.join(check_dir, "users.yaml"))
        for _ in range(3):
            with open(os.path.join(check_dir, "policy.yaml"), "w") as f:
                f.write("\n".join(lines))
            run = subprocess.run(["java", "-jar", JAR, "check", check_dir], capture_output=True, text=True,
                                 timeout=180, cwd=ROOT, env=dict(os.environ, PORTCULLIS_JWT_SECRET=SECRET))
            if run.returncode == 0:
                break
            problems = re.findall(r"policy\.yaml:(\d+):\d+: (.*)", run.stdout + run.stderr)
            drop = {int(n) - 1 for n, _ in problems if "faults: optional" in lines[int(n) - 1]}
            others = [f"policy.yaml:{n}: {m}" for n, m in problems if int(n) - 1 not in drop]
            if others or not drop:
                raise RuntimeError("the suite's policy is refused by this gateway:\n  "
                                   + "\n  ".join(others or [run.stdout + run.stderr]))
            for i in sorted(drop, reverse=True):
                self.dropped.append(lines[i].split("#")[0].strip())
                del lines[i]
        else:
            raise RuntimeError("the suite's policy is still refused after dropping the optional settings")
        self.policy_text = "\n".join(lines)
        if any(d.startswith("body_timeout") for d in self.dropped):
            self.body_timeout = 10.0  # DESIGN.md's default
        self.dropped.reverse()

    def ensure_base(self):
        if self.upstream is None:
            self.upstream = Upstream(self).start()
        if self.policy_text is None:
            self.prepare_policy()
            if self.dropped:
                say(f"note: this gateway refuses {', '.join(self.dropped)} (unknown keys): dropped from the suite's "
                    f"policy; the cases that depend on them measure the defaults")
        if self.redis is None:
            self.redis = Redis(self, "r1")
            self.redis.start()

    def gateway(self, name="g1", wait=True):
        self.ensure_base()
        g = self.gateways.get(name)
        if g is None or not g.alive():
            g = Gateway(self, name, self.redis).start()
            self.gateways[name] = g
            if wait:
                g.wait_ready()
        return g

    def check_gateways(self):
        """Every gateway that should be running answers a plain request within the client timeout; one that does not
        is ended (and started anew by the next case that needs it), so one wedged gateway fails one case, not all."""
        notes = []
        for g in list(self.gateways.values()):
            if not g.alive():
                continue
            r = one_shot(g.port, request_bytes("GET", "/open/alive", g.port), timeout=CLIENT_TIMEOUT_S)
            if r.status != 200:
                notes.append(f"gateway {g.name} no longer answers ({r.outcome()} to GET /open/alive): ended")
                self.procs.end(g.proc, grace=2)
        return notes

    def fresh_ip(self):
        with self.lock:
            self.ip_counter += 1
            c = self.ip_counter
        return f"10.{(c >> 16) & 255}.{(c >> 8) & 255}.{c & 255}"

    def login(self, g, conn=None):
        conn = conn or Conn(g.port)
        r = post_json(conn, "/auth/token/", LOGIN)
        body = r.json() or {}
        if r.status != 200 or "access" not in body:
            raise RuntimeError(f"login answered {r.outcome()} {r.body[:200]!r}")
        return body["access"], body["refresh"]

    def opaque(self, g):
        r = post_json(Conn(g.port), "/auth/api-token/", LOGIN)
        body = r.json() or {}
        if r.status != 200 or "token" not in body:
            raise RuntimeError(f"api-token answered {r.outcome()} {r.body[:200]!r}")
        return body["token"]

    def all_access(self):
        lines = []
        for g in self.gateways.values():
            lines += [dict(line, gateway=g.name) for line in g.access()]
        return lines


def forwarded(line):
    """Logged as forwarded: a 2xx of a route, without an error reason."""
    status = line.get("status") or 0
    return 200 <= status < 300 and line.get("route") not in (None, "none") and line.get("reason") is None


def unseen_forwarded(lines, upstream_ids, prefix=None):
    return [line for line in lines if forwarded(line) and line.get("request_id") not in upstream_ids
            and (prefix is None or str(line.get("request_id", "")).startswith(prefix))]


def counts(values):
    c = collections.Counter(values)
    return " ".join(f"{k}×{v}" for k, v in sorted(c.items(), key=lambda kv: (-kv[1], str(kv[0]))))


def show_lines(lines, limit=10):
    return [json.dumps(line, separators=(",", ":")) for line in lines[:limit]] + (
        [f"... {len(lines) - limit} more"] if len(lines) > limit else [])


# ------------------------------------------------------------------------------------------------ bursts
def burst(targets, path, xff, tag, size=50, timeout=15.0):
    """`size` requests at once on fresh connections (spread over the target ports): all connected first, then every
    request written in one tight loop, then every answer read. Returns the status (or error) of each."""
    socks = []
    for i in range(size):
        port = targets[i % len(targets)]
        s = connect(port, 5)
        socks.append((s, port, f"{tag}-{i}"))
    for s, port, rid in socks:
        s.sendall(request_bytes("GET", path, port, [("X-Forwarded-For", xff), ("X-Request-Id", rid),
                                                    ("Connection", "close")]))
    sel = selectors.DefaultSelector()
    bufs = {}
    for s, _, rid in socks:
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ, rid)
        bufs[rid] = bytearray()
    done = {}
    deadline = now() + timeout
    while len(done) < len(socks) and now() < deadline:
        for key, _ in sel.select(max(0.0, deadline - now())):
            rid = key.data
            try:
                data = key.fileobj.recv(65536)
            except (ConnectionResetError, OSError):
                data = b""
            if data:
                bufs[rid] += data
            else:
                sel.unregister(key.fileobj)
                m = re.match(rb"HTTP/1\.\d (\d{3})", bytes(bufs[rid]))
                done[rid] = int(m.group(1)) if m else "closed"
    for s, _, rid in socks:
        if rid not in done:
            done[rid] = "timeout"
        s.close()
    sel.close()
    return [done[rid] for _, _, rid in socks]


def run_bursts(suite, targets, label, n=20):
    admitted, other = [], collections.Counter()
    for b in range(n):
        statuses = burst(targets, f"/tight/{label}-{b}", suite.fresh_ip(), f"{label}-{b}")
        admitted.append(sum(1 for s in statuses if s == 200))
        other.update(s for s in statuses if s not in (200, 429))
        if all(s == "timeout" for s in statuses):
            other["(stopped: no answer to a whole burst)"] += 1
            break
        time.sleep(0.05)
    ok = all(a == TIGHT_LIMIT for a in admitted) and not other
    figures = f"{n} bursts of 50 on {TIGHT_LIMIT}/minute: admitted [{','.join(map(str, admitted))}]"
    if other:
        figures += f"; other answers {counts(other.elements())}"
    return ok, figures


# ------------------------------------------------------------------------------------------------ load
class Rec:
    __slots__ = ("t", "kind", "status", "error", "latency", "rid", "code")

    def __init__(self, t, kind, r, rid):
        self.t = t
        self.kind = kind
        self.status = r.status if r.error is None else None
        self.error = r.error
        self.latency = r.elapsed
        self.rid = rid
        body = r.json() if r.status and r.status >= 400 else None
        self.code = body.get("code") if body else None

    def outcome(self):
        if self.error:
            return self.error
        return f"{self.status}" + (f"/{self.code}" if self.code else "")


class RefreshSlots:
    """Logins whose refresh tokens rotate under load; after a 503 or a lost answer the same token is retried, as a
    client does. `revoked` collects every refusal of a token that was the newest one the client had."""

    def __init__(self, suite, g, n):
        self.suite, self.g = suite, g
        conn = Conn(g.port)
        self.slots = [{"lock": threading.Lock(), "refresh": suite.login(g, conn)[1]} for _ in range(n)]
        conn.close()
        self.revoked = []

    def refresh(self, conn, rid):
        for slot in random.sample(self.slots, len(self.slots)):
            if slot["lock"].acquire(blocking=False):
                try:
                    r = post_json(conn, "/auth/token/refresh/", {"refresh": slot["refresh"]}, rid=rid)
                    body = r.json() or {}
                    if r.status == 200 and "refresh" in body:
                        slot["refresh"] = body["refresh"]
                    elif r.status in (400, 401, 403):
                        self.revoked.append((rid, r.status, body.get("code") or body.get("detail")))
                        slot["refresh"] = self.suite.login(self.g)[1]
                    return r
                finally:
                    slot["lock"].release()
        return None


class Load:
    """Open-loop load at `rps` for `duration` s, spread over `workers` keep-alive connections. `kinds` maps a name to
    (weight, make(conn, rid) -> Resp or None)."""

    def __init__(self, port, rps, duration, kinds, tag, workers=64):
        self.port, self.rps, self.duration, self.tag, self.workers = port, rps, duration, tag, workers
        self.names = list(kinds)
        self.weights = [kinds[k][0] for k in self.names]
        self.makers = {k: kinds[k][1] for k in self.names}
        self.records = []
        self.q = queue.Queue()
        self.threads = []
        self.start_time = None
        self.stopping = threading.Event()

    def start(self):
        self.start_time = now()
        for _ in range(self.workers):
            t = threading.Thread(target=self.work, daemon=True)
            t.start()
            self.threads.append(t)
        t = threading.Thread(target=self.schedule, daemon=True)
        t.start()
        self.threads.append(t)
        return self

    def schedule(self):
        total = int(self.rps * self.duration)
        for i in range(total):
            if self.stopping.is_set():
                break
            delay = self.start_time + i / self.rps - now()
            if delay > 0:
                time.sleep(delay)
            self.q.put(i)
        for _ in range(self.workers):
            self.q.put(None)

    def work(self):
        conn = Conn(self.port)
        rng = random.Random()
        while True:
            i = self.q.get()
            if i is None:
                break
            kind = rng.choices(self.names, self.weights)[0]
            rid = f"{self.tag}-{kind}-{i}"
            t = now() - self.start_time
            r = self.makers[kind](conn, rid)
            if r is not None:
                self.records.append(Rec(t, kind, r, rid))
        conn.close()

    def join(self, timeout=None):
        deadline = now() + (timeout if timeout is not None else self.duration + 60)
        for t in self.threads:
            t.join(max(0.1, deadline - now()))
        return self.records

    def stop(self):
        """Ends the load early (a case that failed half-way must not leave it running into the next one)."""
        self.stopping.set()
        self.join(CLIENT_TIMEOUT_S + 5)

    def elapsed(self):
        return now() - self.start_time


def mixed_kinds(suite, g, slots):
    access = suite.login(g)[0]
    opaque = suite.opaque(g)
    return {
        "anon": (0.4, lambda c, rid: c.request("GET", f"/anon/{rid}", [("X-Request-Id", rid)])),
        "jwt": (0.3, lambda c, rid: c.request("GET", f"/api/{rid}", [("X-Request-Id", rid),
                                                                     ("Authorization", f"Bearer {access}")])),
        "opaque": (0.2, lambda c, rid: c.request("GET", f"/api/{rid}", [("X-Request-Id", rid),
                                                                        ("Authorization", f"Token {opaque}")])),
        "refresh": (0.1, lambda c, rid: slots.refresh(c, rid)),
    }


def phase(records, lo, hi):
    by_kind = collections.defaultdict(list)
    for r in records:
        if lo <= r.t < hi:
            by_kind[r.kind].append(r.outcome())
    return by_kind


def fmt_phase(by_kind):
    return " | ".join(f"{k} {counts(v)}" for k, v in sorted(by_kind.items()))


# ------------------------------------------------------------------------------------------------ cases
CASES = []


def case(name, quick=False, group=None):
    def register(fn):
        CASES.append((name, fn, quick, group))
        return fn
    return register


def seen_by_upstream(suite, rid, settle=0.5):
    time.sleep(settle)
    return suite.upstream.ids().get(rid, [])


@case("edges", quick=True)
def edges(s):
    """Refusals at the codec: two Host headers, Proxy-Connection, over-long target, over-large header block, bad chunk."""
    g = s.gateway()
    results = []

    def refused(label, status, data, rid=None):
        """`data` must be answered `status` with a JSON detail, and (with a request id) never reach the upstream."""
        r = one_shot(g.port, data)
        seen = seen_by_upstream(s, rid) if rid else []
        what = f"{r.outcome()}{' json' if r.detail() else ' no-json'}{', upstream saw it' if seen else ''}"
        results.append((label, r.status == status and r.detail() is not None and not seen, what))

    refused("two Host", 400, b"GET /open/edge-dup-host HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: other.example\r\n"
                             b"X-Request-Id: edge-dup-host\r\n\r\n", "edge-dup-host")
    refused("414", 414, request_bytes("GET", "/open/" + "a" * 5000, g.port))
    refused("431", 431, request_bytes("GET", "/open/edge-431", g.port, [("X-Big", "b" * 9000)]))
    refused("bad chunk size", 400, b"POST /open/edge-bad-chunk HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                   b"X-Request-Id: edge-bad-chunk\r\nTransfer-Encoding: chunked\r\n\r\n"
                                   b"zz\r\nhello\r\n0\r\n\r\n", "edge-bad-chunk")
    r = one_shot(g.port, request_bytes("GET", "/open/echo-edge-proxy-connection", g.port,
                                       [("Proxy-Connection", "keep-alive")]))
    got = [] if r.status != 200 else json.loads(r.body or b"[]")
    leaked = any(k == "proxy-connection" for k, _ in got)
    results.append(("Proxy-Connection", r.status == 200 and not leaked,
                    f"{r.outcome()}{' forwarded' if leaked else ' stripped'}"))
    ok = all(x[1] for x in results)
    return ok, "; ".join(f"{label}: {what}" + ("" if good else " ✗") for label, good, what in results)


def probe_misbehaving(s, g, what):
    rid = f"bad-{what}"
    sock = connect(g.port, 5)
    start = now()
    sock.sendall(request_bytes("GET", f"/bad/{what}", g.port, [("X-Request-Id", rid)]))
    reader = Reader(sock)
    r = read_response(reader, start + CLIENT_TIMEOUT_S)
    if r.error is None and not r.close:
        # a complete answer: does the connection stay open (keep-alive) or close?
        reader.fill(now() + 1.0)
        r.end = reader.end or "open"
    r.elapsed = now() - start
    sock.close()
    line = g.access_line(rid)
    seen = len(s.upstream.ids().get(rid, []))
    return rid, r, line, seen


def describe(r):
    if r.status is None:
        return f"{r.error} after {r.elapsed:.2f} s"
    text = f"{r.status} {r.framing}"
    if r.framing == "chunked":
        text += f" {r.chunks} chunks ({len(r.body)} B), {'final chunk' if r.final_chunk else 'no final chunk'}"
    elif r.framing == "length":
        text += f" {len(r.body)}/{r.length} B"
    if r.error:
        text += f", ended by {r.end}"
    text += f" after {r.elapsed:.2f} s"
    if r.status >= 400:
        text += f" {r.body[:80].decode('latin-1')!s}"
    return text


def log_reason(line):
    return "no access-log line" if line is None else f"log status {line.get('status')} reason {line.get('reason')}"


def truncation_case(s, what):
    g = s.gateway()
    rid, r, line, seen = probe_misbehaving(s, g, what)
    if r.status == 502 and r.error is None:
        ok = r.detail() is not None
    else:
        truncated = r.status == 200 and r.error == "truncated" and r.end in ("eof", "reset")
        ok = truncated and line is not None and line.get("reason") == "upstream_reset"
    return ok, f"{describe(r)}; {log_reason(line)}; upstream got it {seen}×"


@case("upstream-chunked-reset", quick=True, group="upstream")
def upstream_chunked_reset(s):
    """200, two chunks, then a TCP reset: the client must not see a final chunk, and the connection must close."""
    return truncation_case(s, "chunked-reset")


@case("upstream-length-reset", quick=True, group="upstream")
def upstream_length_reset(s):
    """Content-Length 10000, 2000 bytes, then a reset: fewer bytes than announced and a close."""
    return truncation_case(s, "length-reset")


def error_answer_case(s, what, expect, within=None):
    g = s.gateway()
    rid, r, line, seen = probe_misbehaving(s, g, what)
    ok = r.status == expect and r.error is None and r.detail() is not None
    if within is not None:
        ok = ok and r.elapsed <= within
    return ok, f"{describe(r)}; {log_reason(line)}; upstream got it {seen}×"


@case("upstream-half-header", quick=True, group="upstream")
def upstream_half_header(s):
    """Half a header block, then a close: 502 with JSON."""
    return error_answer_case(s, "half-header", 502)


@case("upstream-not-http", quick=True, group="upstream")
def upstream_not_http(s):
    """`HELLO 200 WORLD`: not HTTP, 502 with JSON."""
    return error_answer_case(s, "not-http", 502)


@case("upstream-silent", quick=True, group="upstream")
def upstream_silent(s):
    """Reads the request, never answers: 504 with JSON after the route's 2 s response timeout."""
    ok, figures = error_answer_case(s, "silent", 504, within=ROUTE_RESPONSE_TIMEOUT_S + 2.5)
    return ok, figures + f" (route timeout {ROUTE_RESPONSE_TIMEOUT_S:.0f} s)"


def slowloris(g, n=10, interval=2.0, bound=IDLE_TIMEOUT_S + 5.0):
    """n connections that send their header block one byte every `interval` s."""
    ends = [None] * n

    def one(i):
        start = now()
        try:
            sock = connect(g.port, 5)
        except OSError as e:
            ends[i] = ("connect-failed " + type(e).__name__, 0.0)
            return
        data = f"GET /open/slowloris-{i} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: slowloris-{i}\r\nX-Slow: ".encode()
        sock.sendall(data)
        sel = selectors.DefaultSelector()
        sel.register(sock, selectors.EVENT_READ)
        try:
            while now() - start < bound:
                if sel.select(interval):
                    try:
                        got = sock.recv(4096)
                    except OSError:
                        got = b""
                    m = re.match(rb"HTTP/1\.\d (\d{3})", got)
                    ends[i] = (f"answered {m.group(1).decode()}" if m else "closed", now() - start)
                    return
                try:
                    sock.send(b"a")
                except OSError:
                    ends[i] = ("closed", now() - start)
                    return
            ends[i] = ("still open", now() - start)
        finally:
            sel.close()
            sock.close()

    threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(n)]
    for t in threads:
        t.start()
    time.sleep(1.0)
    probe = one_shot(g.port, request_bytes("GET", "/open/while-slowloris", g.port), timeout=5)
    for t in threads:
        t.join(bound + 10)
    ok = all(e and e[0] != "still open" and not e[0].startswith("connect") for e in ends) and probe.status == 200
    times = [e[1] for e in ends if e]
    return ok, (f"{n} connections, 1 header byte / {interval:.0f} s: {counts(e[0] for e in ends if e)}, "
                f"after {min(times):.1f}-{max(times):.1f} s (bound {bound:.0f} s = idle-timeout "
                f"{IDLE_TIMEOUT_S} s + 5); a normal request meanwhile {probe.outcome()} in {probe.elapsed * 1000:.0f} ms")


def slow_body(s, g, tag, n, length, sent, interval, wait):
    """n POSTs announcing `length` bytes: `sent` bytes at once, then (interval > 0) one byte every `interval` s until
    the body is complete or the gateway answers or closes; then waits up to `wait` s for the answer."""
    results = [None] * n

    def one(i):
        rid = f"{tag}-{i}"
        start = now()
        sock = connect(g.port, 5)
        head = (f"POST /open/{rid} HTTP/1.1\r\nHost: 127.0.0.1:{g.port}\r\nX-Request-Id: {rid}\r\n"
                f"Content-Type: text/plain\r\nContent-Length: {length}\r\n\r\n").encode()
        sock.sendall(head + b"x" * sent)
        reader = Reader(sock)
        done = sent
        last_byte_at = now() if done == length else None
        while done < length and interval > 0:
            if reader.fill(now() + interval) or reader.end in ("eof", "reset"):
                break  # the gateway answered or closed while the body was dribbling
            reader.end = None
            try:
                sock.send(b"x")
            except OSError:
                break
            done += 1
            if done == length:
                last_byte_at = now()
        r = read_response(reader, now() + wait)
        r.elapsed = now() - start
        sock.close()
        results[i] = (rid, r, done, start, last_byte_at)

    threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(length * max(interval, 0) + wait + 20)
    time.sleep(0.5)
    ids = s.upstream.ids()
    return [(rid, r, done, start, last, ids.get(rid, [])) for rid, r, done, start, last in filter(None, results)]


def body_timeout_answer(r):
    return r.status == 408 and r.error is None and r.detail() == "Request body timed out."


@case("slow-clients", quick=True, group="slow-clients")
def slow_clients(s):
    """Slowloris headers, stalled bodies and dribbled bodies, at the same time (they mostly wait)."""
    g = s.gateway()
    out = {}
    bt = s.body_timeout

    def run(name, fn):
        try:
            out[name] = fn()
        except Exception as e:  # reported as a failure of that case
            out[name] = (False, f"error: {type(e).__name__}: {e}")

    def stalled():
        rows = slow_body(s, g, "stalled", 3, 100, 10, 0, wait=bt + 4)
        bound = bt + 2.0
        ok = len(rows) == 3 and all(body_timeout_answer(r) and r.elapsed <= bound and not seen
                                    for _, r, _, _, _, seen in rows)
        return ok, (f"3 bodies stalled after 10 of 100 B: {counts(describe_short(r) for _, r, *_ in rows)}; "
                    f"upstream saw {sum(1 for *_, seen in rows if seen)}/3 (body_timeout {bt:.0f} s, bound {bound:.0f} s)")

    def dribbled():
        length = 12
        rows = slow_body(s, g, "dribble", 3, length, 0, 1.0, wait=6)
        # the upstream records wall-clock times; seen before the last body byte left the client = forwarded early
        early = [rid for rid, r, done, start, last, seen in rows
                 if seen and (last is None or min(t for *_, t in seen) < wall(last) - 0.01)]
        ok = len(rows) == 3 and not early and all(
            (body_timeout_answer(r)) or (r.status == 200 and r.error is None and last is not None)
            for _, r, _, _, last, _ in rows)
        return ok, (f"3 bodies of {length} B at 1 B/s: {counts(describe_short(r) for _, r, *_ in rows)}; upstream saw "
                    f"{sum(1 for *_, seen in rows if seen)}/3, {len(early)} while the body was still dribbling "
                    f"(body_timeout {bt:.0f} s)")

    threads = [threading.Thread(target=run, args=(name, fn), daemon=True) for name, fn in
               (("slowloris-headers", lambda: slowloris(g)), ("stalled-body", stalled), ("dribbled-body", dribbled))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return [(name, *out.get(name, (False, "did not finish"))) for name in ("slowloris-headers", "stalled-body",
                                                                           "dribbled-body")]


# monotonic -> wall clock (the upstream records wall-clock times)
_MONO_TO_WALL = time.time() - time.monotonic()


def wall(mono):
    return mono + _MONO_TO_WALL


def describe_short(r):
    if r.status is None:
        return f"{r.error or 'no answer'} at {r.elapsed:.1f} s"
    detail = r.detail()
    return f"{r.status}{' json' if detail else ''}{'/' + r.error if r.error else ''} at {r.elapsed:.1f} s"


@case("burst", quick=True)
def burst_case(s):
    """20 bursts of 50 concurrent requests on a 5/minute scope, each burst a fresh client IP: exactly 5 admitted."""
    g = s.gateway()
    return run_bursts(s, [g.port], "burst")


@case("burst-cpu-hog")
def burst_cpu_hog(s):
    """The same with two `yes > /dev/null` competing for the cores."""
    g = s.gateway()
    hogs = [s.procs.spawn(["yes"], os.devnull) for _ in range(2)]
    try:
        time.sleep(0.5)
        ok, figures = run_bursts(s, [g.port], "hog")
    finally:
        for h in hogs:
            s.procs.end(h)
    return ok, figures + " (2 × yes)"


@case("burst-fresh-gateway")
def burst_fresh_gateway(s):
    """A gateway is started; its very first requests (as soon as the port accepts) are a burst of 50: exactly 5."""
    s.ensure_base()
    name = "g2" if "g2" not in s.gateways else f"g{len(s.gateways) + 1}"
    g = s.gateway(name, wait=False)
    deadline = now() + 180
    while now() < deadline:
        if not g.alive():
            raise RuntimeError(f"gateway {name} exited (see {os.path.relpath(g.log, ROOT)})")
        try:
            connect(g.port, 0.5).close()
            break
        except OSError:
            time.sleep(0.02)
    accepted_after = now() - g.started_at
    statuses = burst([g.port], "/tight/fresh", s.fresh_ip(), "fresh")
    readiness = g.readiness()
    try:
        g.wait_ready(180 if any(x != "timeout" for x in statuses) else 20)
        ready = f"after {g.ready_after:.1f} s"
    except RuntimeError:
        ready = "never (no proxied 200 with readiness UP)"
    with open(g.log, errors="replace") as f:
        warm_up = "its log: Redis did not answer at start-up; " if "did not answer at start-up" in f.read() else ""
    admitted = sum(1 for x in statuses if x == 200)
    other = [x for x in statuses if x not in (200, 429)]
    ok = admitted == TIGHT_LIMIT and not other
    return ok, (f"first burst {accepted_after:.1f} s after start (port open): admitted {admitted}, "
                f"{counts(statuses)}; readiness right after: {readiness}; {warm_up}ready (a proxied 200 and "
                f"readiness UP) {ready}")


@case("redis-late")
def redis_late(s):
    """A gateway starts while its Redis is down; Redis comes up later: requests are answered throughout (the limits
    follow store_failure meanwhile), then a burst is exact again and readiness is UP."""
    s.ensure_base()
    redis = Redis(s, "r-late")
    g = Gateway(s, "g-late", redis).start()
    s.gateways[g.name] = g
    try:
        if not wait_port(g.port, 180):
            raise RuntimeError(f"gateway {g.name} did not open its port (see {os.path.relpath(g.log, ROOT)})")
        deadline = now() + 120
        while now() < deadline and one_shot(g.port, request_bytes("GET", "/open/late-ready", g.port), timeout=2).status != 200:
            time.sleep(0.2)
        ready_down = g.readiness()
        down = [one_shot(g.port, request_bytes("GET", f"/tight/late-down-{i}", g.port, [
            ("X-Forwarded-For", s.fresh_ip()), ("X-Request-Id", f"late-down-{i}")]), timeout=CLIENT_TIMEOUT_S) for i in range(5)]
        redis.start()
        time.sleep(2.0)
        statuses = burst([g.port], "/tight/late-up", s.fresh_ip(), "late-up", timeout=CLIENT_TIMEOUT_S)
        probe = one_shot(g.port, request_bytes("GET", "/open/late-after", g.port), timeout=5)
        ready_up = g.readiness()
    finally:
        s.procs.end(g.proc)
        if redis.proc:
            s.procs.end(redis.proc)
    admitted = sum(1 for x in statuses if x == 200)
    ok = (all(r.error is None and r.status in (200, 429) for r in down) and admitted == TIGHT_LIMIT
          and set(statuses) <= {200, 429} and probe.status == 200 and ready_up == "UP")
    return ok, (f"Redis down: readiness {ready_down}, /tight/ {counts(r.outcome() for r in down)}; Redis up 2 s later: "
                f"burst admitted {admitted} ({counts(statuses)}), then /open/ {probe.outcome()}, readiness {ready_up}")


@case("burst-two-instances")
def burst_two_instances(s):
    """Two gateways on one Redis, each burst split 25/25 between them: exactly 5 admitted."""
    g1 = s.gateway("g1")
    g2 = s.gateway("g2")
    return run_bursts(s, [g1.port, g2.port], "two")


def closed_loop(port, total, concurrency, make, limit_s=None):
    """`total` requests over `concurrency` keep-alive connections as fast as they are answered (asyncio: one thread
    keeps up with the gateway). make(i, rng) -> (request id, request bytes). Returns request id -> Resp (status or
    error: timeout, closed = EOF before the answer, reset, refused)."""
    results = {}

    async def read_answer(reader):
        head = await reader.readuntil(b"\r\n\r\n")
        r = Resp()
        lines = head[:-4].split(b"\r\n")
        r.status = int(lines[0].split(b" ")[1])
        for line in lines[1:]:
            k, _, v = line.decode("latin-1").partition(":")
            r.headers[k.strip().lower()] = v.strip()
        if "chunked" in r.headers.get("transfer-encoding", "").lower():
            body = bytearray()
            while True:
                size = int((await reader.readuntil(b"\r\n")).split(b";")[0].strip(), 16)
                if size == 0:
                    while await reader.readuntil(b"\r\n") != b"\r\n":
                        pass
                    break
                body += (await reader.readexactly(size + 2))[:size]
            r.body = bytes(body)
        elif "content-length" in r.headers:
            r.body = await reader.readexactly(int(r.headers["content-length"]))
        r.close = r.headers.get("connection", "").lower() == "close"
        return r

    deadline = now() + limit_s if limit_s else None

    async def worker(it):
        rng = random.Random()
        reader = writer = None
        for i in it:
            if deadline and now() > deadline:
                break
            rid, data = make(i, rng)
            start = now()
            try:
                if writer is None:
                    reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 5)
                writer.write(data)
                r = await asyncio.wait_for(read_answer(reader), CLIENT_TIMEOUT_S)
            except (asyncio.TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, OSError,
                    ValueError, IndexError) as e:
                r = Resp()
                r.error = ("refused" if isinstance(e, ConnectionRefusedError) else "timeout"
                           if isinstance(e, asyncio.TimeoutError) else "closed"
                           if isinstance(e, asyncio.IncompleteReadError) else "reset"
                           if isinstance(e, ConnectionError) else type(e).__name__)
                r.close = True
            r.elapsed = now() - start
            results[rid] = r
            if r.close and writer is not None:
                writer.close()
                writer = None
        if writer is not None:
            writer.close()

    async def run():
        it = iter(range(total))
        await asyncio.gather(*(worker(it) for _ in range(concurrency)))

    asyncio.run(run())
    return results


@case("keep-alive-mix", quick=True)
def keep_alive_mix(s):
    """16 kept-alive connections, each sending 150 times: a proxied GET (200), an anonymous GET refused by the gateway
    (401), a GET with a malformed Bearer header (401), each sent once the previous answer arrived: every request gets
    its answer within 5 s. (Before the fix about one request in a hundred that followed a gateway's own answer after a
    proxied one was left unread until the client gave up, then logged as if answered.)"""
    g = s.gateway()
    rounds, conns = (60 if s.quick else 150), 16
    seq = [("GET", "/open/kam", []), ("GET", "/api/kam", []), ("GET", "/api/kam", [("Authorization", "Bearer")])]
    lost, statuses = [], collections.Counter()

    def read_answer(f):
        line = f.readline()
        if not line:
            return None
        length = 0
        while True:
            h = f.readline()
            if h in (b"\r\n", b""):
                break
            if h.lower().startswith(b"content-length:"):
                length = int(h.split(b":", 1)[1])
        f.read(length)
        return int(line.split()[1])

    def worker(n):
        sock = socket.create_connection(("127.0.0.1", g.port), timeout=5)
        f = sock.makefile("rb")
        try:
            for i in range(rounds):
                for k, (method, path, headers) in enumerate(seq):
                    rid = f"kam-{n}-{i}-{k}"
                    sock.sendall(request_bytes(method, path, g.port, headers + [("X-Request-Id", rid)]))
                    try:
                        status = read_answer(f)
                    except OSError:
                        status = None
                    if status is None:
                        lost.append(rid)
                        return
                    statuses[(k, status)] += 1
        finally:
            sock.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(conns)]
    start = now()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = now() - start
    expected = {0: 200, 1: 401, 2: 401}
    wrong = [key for key in statuses if expected[key[0]] != key[1]]
    ok = not lost and not wrong and sum(statuses.values()) == rounds * conns * len(seq)
    figures = (f"{conns} kept-alive connections x {rounds} x [proxied 200, 401, 401] in {took:.1f} s: "
               f"answered {sum(statuses.values())}/{rounds * conns * len(seq)}, unanswered {len(lost)}")
    return ok, figures, [f"unanswered: {rid}" for rid in lost[:8]] + [f"unexpected status: {w}" for w in wrong[:4]]


@case("flood", quick=True)
def flood(s):
    """~20,000 requests (3,000 with --quick), random X-Forwarded-For, across /tight/ and /open/, 50 at a time: every
    client gets an answer, every request logged as forwarded reached the upstream, every answer is logged."""
    g = s.gateway()
    total = 3000 if s.quick else 20000

    def make(i, rng):
        rid = f"flood-{i}"
        path = f"/tight/{rid}" if rng.random() < 0.5 else f"/open/{rid}"
        ip = f"{rng.randint(1, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        return rid, request_bytes("GET", path, g.port, [("X-Forwarded-For", ip), ("X-Request-Id", rid)])

    start = now()
    outcomes = closed_loop(g.port, total, 50, make, FLOOD_LIMIT_S // 2 if s.quick else FLOOD_LIMIT_S)
    took = now() - start
    time.sleep(1.0)
    lines = [line for line in g.access() if str(line.get("request_id", "")).startswith("flood-")]
    ids = s.upstream.ids()
    by_rid = collections.defaultdict(list)
    for line in lines:
        by_rid[line["request_id"]].append(line)
    unseen = unseen_forwarded(lines, ids)
    no_answer = {rid: r for rid, r in outcomes.items() if r.error is not None}
    unlogged = [rid for rid, r in outcomes.items() if r.error is None and rid not in by_rid]
    twice = [rid for rid, ls in by_rid.items() if len(ls) > 1]
    bad_status = [rid for rid, r in outcomes.items() if r.error is None and r.status not in (200, 429)]
    ok = not unseen and not no_answer and not unlogged and not twice and not bad_status
    figures = (f"{len(outcomes)} requests in {took:.1f} s ({len(outcomes) / took:.0f}/s), 50 at a time"
               + (f" (of {total}: stopped at the time cap)" if len(outcomes) < total else "") + ": "
               f"{counts(r.outcome() for r in outcomes.values())}; logged {len(by_rid)}, twice {len(twice)}; "
               f"forwarded but not received upstream {len(unseen)}; no answer {len(no_answer)}; "
               f"answered but not logged {len(unlogged)}")
    details = show_lines(unseen)
    for rid in list(no_answer)[:10]:
        details.append(f"{rid}: client got {no_answer[rid].outcome()} after {no_answer[rid].elapsed:.2f} s; "
                       f"log: {by_rid.get(rid)}; upstream: {ids.get(rid)}")
    return ok, figures, details


@case("hot-reload")
def hot_reload(s):
    """200 requests/s while policy.yaml is rewritten: a valid edit (a new route), then an invalid one (which would
    also remove that route), then the original. Nothing fails; the invalid edit is refused and the old policy keeps
    serving."""
    g = s.gateway()
    access = s.login(g)[0]
    original = s.policy_text
    marker = "routes:"
    added = original.replace(marker, marker + "\n  - id: added\n    path: /added/**\n    upstream: http://127.0.0.1:"
                             + str(s.upstream.port) + "\n    permission: AllowAny\n    throttle: []\n", 1)
    invalid = original.replace("tight: 5/minute", "tight: 5/fortnight")
    kinds = {
        "anon": (0.5, lambda c, rid: c.request("GET", f"/open/{rid}", [("X-Request-Id", rid)])),
        "jwt": (0.5, lambda c, rid: c.request("GET", f"/api/{rid}", [("X-Request-Id", rid),
                                                                     ("Authorization", f"Bearer {access}")])),
    }
    load = Load(g.port, 200, 16, kinds, "reload", workers=32).start()
    probe = Conn(g.port)

    def poll(predicate, timeout):
        t0 = now()
        while now() - t0 < timeout:
            if predicate():
                return now() - t0
            time.sleep(0.1)
        return None

    def added_status():
        return probe.request("GET", "/added/probe", [("X-Request-Id", f"reload-probe-{int(now() * 1e6)}")],
                             timeout=3).status

    def policy_status():
        return ((g.health()[1].get("components") or {}).get("policy") or {}).get("status")

    try:
        time.sleep(3)
        g.write_policy(added)
        applied = poll(lambda: added_status() == 200, 10)
        time.sleep(max(0.0, 8 - load.elapsed()))
        g.write_policy(invalid)
        stale = poll(lambda: policy_status() == "STALE", 10)
        time.sleep(1.5)
        still = [added_status() for _ in range(5)]
        records = load.join()
    finally:
        load.stop()
        g.write_policy(original)
    restored = poll(lambda: added_status() == 404 and policy_status() == "UP", 15)
    probe.close()
    bad = [r for r in records if r.outcome() != "200"]
    ok = (len(records) == 16 * 200 and not bad and applied is not None and applied <= 3.0 and stale is not None
          and stale <= 3.0
          and all(x == 200 for x in still) and restored is not None)
    fmt = lambda x: "never" if x is None else f"{x:.1f} s"
    return ok, (f"{len(records)} requests at 200/s: {counts(r.outcome() for r in records)}; valid edit served after "
                f"{fmt(applied)}; invalid edit refused (policy STALE) after {fmt(stale)}, the new route still "
                f"{counts(still)}; original back after {fmt(restored)}")


def redis_fault_case(s, fault):
    g = s.gateway()
    slots = RefreshSlots(s, g, 10)
    kinds = mixed_kinds(s, g, slots)
    before, down, after = 5.0, 5.0, 12.0
    load = Load(g.port, 100, before + down + after, kinds, f"redis-{fault}").start()
    try:
        health = []
        time.sleep(before)
        t_fault = load.elapsed()
        if fault == "kill":
            s.redis.kill()
        else:
            s.redis.pause()
        time.sleep(down / 2)
        health.append(((g.health()[1].get("components") or {}).get("throttleStore") or {}).get("status"))
        time.sleep(down / 2)
        t_back = load.elapsed()
        if fault == "kill":
            s.redis.start()
        else:
            s.redis.resume()
        records = load.join()
        health.append(((g.health()[1].get("components") or {}).get("throttleStore") or {}).get("status"))
    finally:
        load.stop()
        s.redis.ensure_running()
    allowed_down = {"anon": {"200", "429"}, "jwt": {"200", "429"}, "opaque": {"200", "503/store_unavailable"},
                    "refresh": {"200", "503/store_unavailable"}}
    # Before the fault Redis is healthy: every answer is a 200. From the fault until a second after Redis is back,
    # token state may answer 503, and a throttled request whose Redis call was in flight when Redis failed is refused
    # 429 under store_failure: local (in doubt: Redis may have counted it; it is never counted twice or guessed).
    # The rates are huge, so no other 429 can happen.
    def allowed(r):
        # from the fault on (a request sent just before it and answered after it was in flight when Redis failed);
        # in-doubt 429s only until a second after Redis is back, 503s until it recovers (its bound is checked below)
        if r.outcome() not in allowed_down[r.kind] or r.t + r.latency < t_fault:
            return False
        return r.outcome() != "429" or r.t <= t_back + 1.0
    wrong = [r for r in records if r.outcome() != "200" and not allowed(r)]
    in_doubt = sum(1 for r in records if r.outcome() == "429" and allowed(r))
    # recovery: from when on no answer is a 5xx or a client error again
    last_bad = max((r.t for r in records if r.t >= t_fault and (r.error or (r.status or 0) >= 500)), default=t_back)
    recovered = max(0.0, last_bad - t_back)
    recovery_bound = 8.0
    expected = int(100 * (before + down + after))
    ok = not wrong and not slots.revoked and recovered <= recovery_bound and len(records) >= expected - 5
    figures = (f"{len(records)} requests at 100/s; {'SIGKILL + restart' if fault == 'kill' else 'SIGSTOP + SIGCONT'} "
               f"for {down:.0f} s: before [{fmt_phase(phase(records, 0, t_fault))}]; down "
               f"[{fmt_phase(phase(records, t_fault, t_back))}]; after [{fmt_phase(phase(records, t_back, 1e9))}]; "
               f"no 5xx or client error from {recovered:.1f} s after Redis was back (bound {recovery_bound:.0f} s); "
               f"in-doubt 429s {in_doubt}; refresh tokens refused {len(slots.revoked)}; throttleStore health down/after: "
               f"{'/'.join(map(str, health))}")
    details = [f"unexpected: {r.rid} {r.outcome()} at {r.t:.1f} s after {r.latency:.2f} s" for r in wrong[:8]]
    details += [f"... {len(wrong) - 8} more"] if len(wrong) > 8 else []
    return ok, figures, details


@case("redis-kill")
def redis_kill(s):
    """Mixed load at 100/s (anonymous, JWT, opaque Token, refresh); Redis SIGKILLed for 5 s, then restarted."""
    return redis_fault_case(s, "kill")


@case("redis-pause", quick=True)
def redis_pause(s):
    """The same with Redis paused (SIGSTOP) for 5 s, then SIGCONT: a slow Redis, not a down one."""
    return redis_fault_case(s, "pause")


@case("refresh-storm", quick=True)
def refresh_storm(s):
    """20 logins refresh every 0.5 s while Redis is paused (503s), and keep retrying the same refresh token after
    SIGCONT: each retry must succeed within refresh_reuse_interval, and no login may be revoked."""
    g = s.gateway()
    n, pause_s = 20, 5.0
    conn = Conn(g.port)
    tokens = [s.login(g, conn)[1] for _ in range(n)]
    conn.close()
    during, after = collections.Counter(), collections.Counter()
    final = [None] * n
    resumed = threading.Event()
    t0 = now()

    def client(i):
        c = Conn(g.port)
        k = 0
        while now() - t0 < pause_s + 15:
            k += 1
            was_resumed = resumed.is_set()
            r = post_json(c, "/auth/token/refresh/", {"refresh": tokens[i]}, rid=f"storm-{i}-{k}")
            outcome = Rec(0, "refresh", r, "").outcome()
            (after if was_resumed else during)[outcome] += 1
            if r.error is None and r.status != 503:  # an answer that retrying would not change
                final[i] = (r, now() - t0)
                break
            time.sleep(0.5)
        if final[i] is None:
            final[i] = (None, now() - t0)
        c.close()

    s.redis.pause()
    try:
        threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(n)]
        for t in threads:
            t.start()
        time.sleep(pause_s)
    finally:
        resumed.set()
        s.redis.ensure_running()
    t_resume = now() - t0
    for t in threads:
        t.join(30)
    follow = collections.Counter()
    c = Conn(g.port)
    for r, _ in final:
        body = r.json() if r is not None and r.status == 200 else None
        if not body:
            continue
        f = post_json(c, "/auth/token/refresh/", {"refresh": body["refresh"]}, rid=f"storm-follow-{int(now() * 1e6)}")
        a = c.request("GET", "/api/storm-check", [("Authorization", f"Bearer {body['access']}")])
        follow[f"refresh {f.status} api {a.status}"] += 1
    c.close()
    recovered = [t - t_resume for r, t in final if r is not None and r.status == 200]
    ok = (len(recovered) == n and follow == collections.Counter({"refresh 200 api 200": n})
          and set(during) | set(after) <= {"200", "503/store_unavailable"})
    return ok, (f"{n} logins, Redis paused {pause_s:.0f} s: during the pause {counts(during.elements())}; "
                f"after SIGCONT {counts(after.elements())}; retried tokens accepted {len(recovered)}/{n}"
                + (f" within {max(recovered):.1f} s" if recovered else "")
                + f"; follow-up with the new pair: {counts(follow.elements()) or 'none'}")


@case("sigterm")
def sigterm(s):
    """20 requests in flight to a 2 s upstream, then SIGTERM: all 20 complete with 200 (graceful shutdown); new
    connections are refused from then on; the process exits."""
    name = "g2" if "g2" in s.gateways and s.gateways["g2"].alive() else "g-sigterm"
    g = s.gateway(name)
    results = [None] * 20

    def one(i):
        c = Conn(g.port)
        results[i] = c.request("GET", f"/slow/sigterm-{i}", [("X-Request-Id", f"sigterm-{i}")])
        c.close()

    threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(20)]
    for t in threads:
        t.start()
    deadline = now() + 5
    while now() < deadline:
        ids = s.upstream.ids()
        if sum(1 for i in range(20) if f"sigterm-{i}" in ids) == 20:
            break
        time.sleep(0.05)
    in_flight = sum(1 for i in range(20) if f"sigterm-{i}" in s.upstream.ids())
    t_term = now()
    g.proc.send_signal(signal.SIGTERM)
    attempts = []
    while now() - t_term < 1.6:
        time.sleep(0.2)
        r = one_shot(g.port, request_bytes("GET", "/open/after-sigterm", g.port), timeout=5)
        attempts.append((now() - t_term, r.outcome()))
    for t in threads:
        t.join(30)
    try:
        code = g.proc.wait(30)
        exited = now() - t_term
    except subprocess.TimeoutExpired:
        code, exited = None, None
    late = [o for t, o in attempts if t >= 0.6]
    ok = (all(r is not None and r.status == 200 and r.error is None for r in results) and in_flight == 20
          and late and all(o == "refused" for o in late) and exited is not None)
    return ok, (f"{in_flight}/20 in flight at SIGTERM: {counts(r.outcome() if r else 'none' for r in results)}; new "
                f"connections after SIGTERM: {', '.join(f'+{t:.1f} s {o}' for t, o in attempts)}; exited "
                + (f"{exited:.1f} s after SIGTERM with code {code}" if exited is not None else "not within 30 s"))


@case("lost-requests", quick=True)
def lost_requests(s):
    """Over the whole run and every gateway: each access-log line of a forwarded request (2xx, a route, no reason)
    names a request the upstream received."""
    if not s.gateways:
        return True, "no gateway ran"
    time.sleep(1.0)
    lines = s.all_access()
    ids = s.upstream.ids()
    unseen = unseen_forwarded(lines, ids)
    fwd = sum(1 for line in lines if forwarded(line))
    return not unseen, (f"{len(lines)} access-log lines on {len(s.gateways)} gateway(s), {fwd} forwarded, "
                        f"{len(unseen)} of them never received by the upstream"), show_lines(unseen)


# ------------------------------------------------------------------------------------------------ running
def run_case(s, name, fn):
    started = now()
    try:
        result = fn(s)
    except Exception as e:
        result = (False, f"error: {type(e).__name__}: {e}")
    rows = result if isinstance(result, list) else [(name, *result)]
    wedged = s.check_gateways()
    if wedged:
        last = rows[-1]
        rows[-1] = (last[0], False, last[2] + "; " + "; ".join(wedged), last[3] if len(last) > 3 else [])
    took = now() - started
    lines = []
    for row in rows:
        row_name, ok, figures = row[0], row[1], row[2]
        details = row[3] if len(row) > 3 else []
        line = f"{row_name:<24} {'PASS' if ok else 'FAIL'}  {figures}"
        say(line)
        for d in details:
            say(f"    {d}")
        lines.append((row_name, ok, line, details))
    say(f"{'':<24} ({took:.0f} s)")
    return lines


def machine():
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "")
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            mem = f"{int(f.readline().split()[1]) // 1024} MiB"
    except OSError:
        pass
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[:1]
    redis = subprocess.run(["redis-server", "--version"], capture_output=True, text=True).stdout.split()
    redis_v = next((p.split("=")[1] for p in redis if p.startswith("v=")), "?")
    return f"{os.cpu_count()} CPUs ({cpu}), {mem}, {java[0] if java else 'java ?'}, Redis {redis_v}"


def commit():
    head = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"], capture_output=True,
                           text=True).stdout.strip()
    subject = subprocess.run(["git", "-C", ROOT, "log", "-1", "--format=%s"], capture_output=True, text=True).stdout.strip()
    return f"{head}{' (with uncommitted changes)' if dirty else ''} ({subject})"


def record(results, header, took, argv):
    path = os.path.join(ROOT, "bench", "FAULTS.md")
    with open(path) as f:
        text = f.read()
    begin, end = "<!-- faults:last-run:begin -->", "<!-- faults:last-run:end -->"
    passed = sum(1 for r in results if r[1])
    body = [begin, "", *header, f"- Command: `bench/faults{(' ' + ' '.join(argv)) if argv else ''}`; took {took:.0f} s; "
            f"{passed} passed, {len(results) - passed} failed.", "", "```"]
    for _, _, line, details in results:
        body.append(line)
        body += [f"    {d}" for d in details]
    body += ["```", "", end]
    if begin in text and end in text:
        text = text[:text.index(begin)] + "\n".join(body) + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + "\n\n" + "\n".join(body) + "\n"
    with open(path, "w") as f:
        f.write(text)
    say(f"figures recorded in {os.path.relpath(path, ROOT)}")


def main(argv):
    if len(argv) >= 1 and argv[0] == "--serve-upstream":
        serve_upstream(int(argv[1]), int(argv[2]), argv[3])
        return 0
    parser = argparse.ArgumentParser(prog="bench/faults", description="Portcullis fault suite (bench/FAULTS.md).")
    parser.add_argument("cases", nargs="*", help="case or group names (default: all; see --list)")
    parser.add_argument("--quick", action="store_true", help="a subset that runs in under 3 minutes")
    parser.add_argument("--record", action="store_true", help="write the figures into bench/FAULTS.md")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    args = parser.parse_args(argv)
    if args.list:
        for name, fn, quick, group in CASES:
            say(f"{name:<24} {'quick ' if quick else '      '}{(fn.__doc__ or '').split(chr(10))[0].strip()}")
        return 0
    selected = []
    names = set(args.cases)
    known = {name for name, *_ in CASES} | {group for *_, group in CASES if group} | {
        "slowloris-headers", "stalled-body", "dribbled-body"}
    unknown = names - known
    if unknown:
        parser.error(f"unknown case(s): {', '.join(sorted(unknown))} (see --list)")
    for name, fn, quick, group in CASES:
        wanted = (name in names or (group and group in names)
                  or (name == "slow-clients" and names & {"slowloris-headers", "stalled-body", "dribbled-body"}))
        if (not names and (quick or not args.quick)) or wanted:
            selected.append((name, fn))
    if selected and selected[-1][0] != "lost-requests":
        selected.append(("lost-requests", lost_requests))

    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    out = os.path.join(ROOT, "bench", "out", f"faults-{stamp}")
    os.makedirs(out, exist_ok=True)
    suite = Suite(out, args.quick)
    TRANSCRIPT.append(open(os.path.join(out, "results.txt"), "w"))

    def on_signal(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    def on_alarm(signum, frame):
        raise TimeoutError(f"the suite ran past {SUITE_LIMIT_S // 60} minutes")

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(SUITE_LIMIT_S)
    started = now()
    header = [f"- Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}", f"- Commit: {commit()}",
              f"- Machine: {machine()}; load average before: {os.getloadavg()[0]:.2f}"]
    for line in header:
        say(line.lstrip("- "))
    say(f"output: {os.path.relpath(out, ROOT)}/")
    results = []
    status = 0
    try:
        for name, fn in selected:
            results += run_case(suite, name, fn)
    except (KeyboardInterrupt, TimeoutError) as e:
        say(f"stopped: {e or 'interrupted'}")
        status = 2
    finally:
        suite.close()
    took = now() - started
    passed = sum(1 for r in results if r[1])
    say(f"{passed} passed, {len(results) - passed} failed")
    if suite.dropped:
        header.append(f"- The gateway refused {', '.join(suite.dropped)}: dropped from the suite's policy for this run.")
    if args.record and status == 0:
        record(results, header, took, argv)
    if status:
        return status
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
