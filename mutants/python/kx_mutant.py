#!/usr/bin/env python3
"""A broken KX Connect signer for `pnpm mutants`: examples/adapters/kx_adapter.py's computation with one mistake.

    python3 mutants/python/kx_mutant.py <mutation>

The mutation is the first argument (or $SIGKIT_MUTATION); `none` signs right (default profile).
"""
import base64
import hashlib
import hmac
import io
import json
import os
import sys

MUTATIONS = [
    "none", "md5-base64", "no-separator", "trailing-newline", "hex-signature", "doc-literal-content-type",
    "base64url-padded", "session-last-four", "digest-of-ascii-escaped-json", "utf16-body-digest",
]
MUTATION = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("SIGKIT_MUTATION", "none")
if MUTATION not in MUTATIONS:
    sys.exit("unknown mutation %r; one of %s" % (MUTATION, ", ".join(MUTATIONS)))


def sign(request):
    path = "/connect/api/%s/%s" % (request["group"], request["method"])
    if "body" in request:
        body = request["body"]
    else:
        envelope = {"type": request["type"], "msg": [request["params"]], "id": request["requestId"], "date": request["date"]}
        body = json.dumps(envelope, separators=(",", ":"), ensure_ascii=False)
    date = json.loads(body)["date"]
    if MUTATION == "digest-of-ascii-escaped-json":
        raw = json.dumps(json.loads(body), separators=(",", ":")).encode("ascii")
    elif MUTATION == "utf16-body-digest":
        raw = body.encode("utf-16-le")
    else:
        raw = body.encode("utf-8")
    md5 = hashlib.md5(raw)
    digest = base64.b64encode(md5.digest()).decode("ascii") if MUTATION == "md5-base64" else md5.hexdigest()
    content_type = "Application-json" if MUTATION == "doc-literal-content-type" else request["contentType"]
    parts = ["POST", path, request["username"], digest, content_type, date, request["sessionId"]]
    if MUTATION == "no-separator":
        to_sign = "".join(parts)
    elif MUTATION == "trailing-newline":
        to_sign = "".join(part + "\n" for part in parts)
    else:
        to_sign = "\n".join(parts)
    mac = hmac.new(request["sessionId"].encode("utf-8"), to_sign.encode("utf-8"), hashlib.sha1).digest()
    if MUTATION == "hex-signature":
        signature = mac.hex()
    elif MUTATION == "base64url-padded":
        signature = base64.urlsafe_b64encode(mac).decode("ascii")
    else:
        signature = base64.b64encode(mac).decode("ascii")
    tail = request["sessionId"][-4:] if MUTATION == "session-last-four" else request["sessionId"][-5:]
    headers = {"Content-Type": request["contentType"], "Authorization": request["username"] + tail + ":" + signature}
    return path, headers, body


def main():
    stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", newline="\n")
    for line in stdin:
        if line.isspace():
            continue
        request = json.loads(line)
        try:
            path, headers, body = sign(request)
            reply = {"id": request["id"], "method": "POST", "target": path, "headers": headers, "body": body}
        except Exception as error:
            reply = {"id": request.get("id"), "error": {"message": repr(error)}}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
