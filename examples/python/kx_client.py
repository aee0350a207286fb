#!/usr/bin/env python3
"""A KX Connect client written from the public Python guide, with the standard library only.

It logs in, calls a monPublic analytic (getMem by default) over the last hour and then
monPublic.getMemBucket, logs out, and exits 1 on any rejection, printing the server's answer (with
the sigkit mock's diagnosis when there is one), or 2 when the server cannot be reached. It is the
independent client sigkit's mock is tested against.

    python3 kx_client.py --hp 127.0.0.1:8080 --user kxSupport --pw 12345678 [--method getMem] [--https]

Defaults come from the environment when set: KX_HOST_PORT, KX_USER, KX_PASSWORD.
"""
import argparse
import base64
import datetime
import hashlib
import hmac
import json
import os
import ssl
import sys
import urllib.error
import urllib.request
import uuid

MIME = "application/json"


def rfc1123_now() -> str:
    # "EEE, dd MMM yyyy HH:mm:ss GMT", always in English whatever the locale.
    now = datetime.datetime.now(datetime.timezone.utc)
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    return "%s, %02d %s %04d %02d:%02d:%02d GMT" % (days[now.weekday()], now.day, months[now.month - 1], now.year, now.hour, now.minute, now.second)


class Rejected(Exception):
    """A request the server refused: what was sent, the HTTP status and the answer's JSON (or text)."""

    def __init__(self, what: str, status: int, body):
        super().__init__("%s -> HTTP %d" % (what, status))
        self.status = status
        self.body = body


class Unreachable(Exception):
    """The server could not be reached (refused, reset, timed out)."""


def report(rejection: Rejected) -> None:
    """Prints why the server refused a request, with the sigkit mock's diagnosis when there is one."""
    print("REJECTED: %s" % rejection, file=sys.stderr)
    body = rejection.body
    if not isinstance(body, dict):
        print("  body: %s" % body, file=sys.stderr)
        return
    print("  server said: %s" % body.get("error"), file=sys.stderr)
    diagnosis = body.get("sigkit")
    if not isinstance(diagnosis, dict):
        return
    print("  check failed: %s" % diagnosis.get("code"), file=sys.stderr)
    print("  why: %s" % diagnosis.get("message"), file=sys.stderr)
    deviation = diagnosis.get("deviation")
    if isinstance(deviation, dict):
        print("  deviation: %s (%s)" % (" + ".join(deviation.get("flags") or ["none"]), deviation.get("summary")), file=sys.stderr)
    expected = diagnosis.get("expected")
    if isinstance(expected, dict):
        print("  expected string to sign: %r" % expected.get("stringToSign"), file=sys.stderr)
    if diagnosis.get("journalId") is not None:
        print("  journal entry: /__sigkit/journal/%s" % diagnosis.get("journalId"), file=sys.stderr)


class KxConnect:
    def __init__(self, host_port: str, https: bool):
        self.base = ("https://" if https else "http://") + host_port
        # The guide's clients talk HTTPS with certificate verification off (verify=False).
        self.context = ssl._create_unverified_context() if https else None
        self.username = None
        self.session_id = None

    def post(self, path: str, body: str, headers: dict) -> dict:
        request = urllib.request.Request(self.base + path, data=body.encode("utf-8"), method="POST", headers=headers)
        try:
            with urllib.request.urlopen(request, context=self.context, timeout=30) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            text = error.read().decode("utf-8", "replace")
            try:
                body = json.loads(text)
            except ValueError:
                body = text
            raise Rejected("POST %s" % path, error.code, body)
        except (urllib.error.URLError, OSError) as error:
            raise Unreachable("cannot reach %s: %s" % (self.base, getattr(error, "reason", error)))

    def login(self, username: str, password: str) -> None:
        body = json.dumps({"msg": [{"username": username, "password": password}], "type": "LoginReq",
                           "id": str(uuid.uuid4()), "date": rfc1123_now()})
        answer = self.post("/connect/api/auth/login", body, {"Content-Type": MIME})
        if not answer.get("success"):
            raise Rejected("POST /connect/api/auth/login", 200, answer)
        self.username = username
        self.session_id = answer["msg"][0]["sessionId"]

    def call(self, group: str, method: str, params: dict, request_type: str) -> dict:
        auth_path = "/connect/api/%s/%s" % (group, method)
        date = rfc1123_now()
        body = json.dumps({"type": request_type, "msg": [params], "id": str(uuid.uuid4()), "date": date})
        # The string to sign: the seven parts of the guide, joined by "\n" (the kit's default profile).
        string_to_sign = "\n".join(["POST", auth_path, self.username, hashlib.md5(body.encode("utf-8")).hexdigest(), MIME, date, self.session_id])
        signature = base64.b64encode(hmac.new(self.session_id.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha1).digest()).decode()
        authorization = self.username + self.session_id[-5:] + ":" + signature
        return self.post(auth_path, body, {"Content-Type": MIME, "Authorization": authorization})

    def logout(self) -> None:
        self.call("auth", "logout", {}, "LogoutReq")


def print_table(rows) -> None:
    if not rows:
        print("(no rows)")
        return
    columns = list(rows[0].keys())
    widths = [max(len(c), *(len(str(r.get(c, ""))) for r in rows)) for c in columns]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths)))
    for row in rows:
        print("  ".join(str(row.get(c, "")).ljust(w) for c, w in zip(columns, widths)))


def main() -> int:
    parser = argparse.ArgumentParser(description="KX Connect sample client (from the public Python guide)")
    parser.add_argument("--hp", default=os.environ.get("KX_HOST_PORT", "127.0.0.1:8080"), help="host:port")
    parser.add_argument("--user", default=os.environ.get("KX_USER", "kxSupport"))
    parser.add_argument("--pw", default=os.environ.get("KX_PASSWORD", "12345678"))
    parser.add_argument("--method", default="getMem", help="first call: a monPublic analytic (getMem, getMemBucket, getCPU, getDisk, getAvgLoad)")
    parser.add_argument("--https", action="store_true", help="use HTTPS with certificate verification off")
    args = parser.parse_args()

    client = KxConnect(args.hp, args.https)
    try:
        client.login(args.user, args.pw)
        end = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        start = end - datetime.timedelta(hours=1)
        time_range = {"startTime": start.isoformat().replace("+00:00", "Z"), "endTime": end.isoformat().replace("+00:00", "Z")}
        # Only getMemBucket takes a bucket (minutes); the others take the time range alone.
        first = client.call("monPublic", args.method, dict(time_range, bucket=10) if args.method == "getMemBucket" else time_range, args.method + "Req")
        print("%s: %d rows" % (args.method, len(first["msg"])))
        print_table(first["msg"][:10])
        buckets = client.call("monPublic", "getMemBucket", dict(time_range, bucket=15), "getMemBucketReq")
        print("getMemBucket: %d rows" % len(buckets["msg"]))
        print_table(buckets["msg"][:10])
        client.logout()
    except Rejected as rejection:
        report(rejection)
        return 1
    except Unreachable as error:
        print(error, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
