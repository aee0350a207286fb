#!/usr/bin/env python3
"""A sigkit adapter for a KX Connect signer written in Python's standard library (docs/spec/kx-connect.md §2).

It speaks the adapter protocol of packages/conformance/PROTOCOL.md and honours the profile each
request carries (joiner, body digest, content-type part, date part, signature encoding), so it can
be checked under the default profile or any named variant:

    sigkit check --scheme kx --adapter "python3 examples/adapters/kx_adapter.py"
    sigkit check --scheme kx --profile NoSeparator --adapter "python3 examples/adapters/kx_adapter.py"
"""
import base64
import hashlib
import hmac
import io
import json
import sys


def body_digest(body: str, profile) -> str:
    raw = body.encode("utf-8")
    knob = profile["bodyDigest"]
    if knob == "md5OfReserializedJson":
        # The profile defines this as JavaScript's JSON.stringify of the parsed body. Python writes some
        # numbers differently (1e-09 for 1e-9), so under this profile `sigkit check` finds bodies with
        # such numbers and shows the digest differing: a real interoperability hazard of the variant.
        raw = json.dumps(json.loads(body), separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    digest = hashlib.md5(raw)
    if knob == "md5Base64":
        return base64.b64encode(digest.digest()).decode("ascii")
    if knob == "md5UpperHex":
        return digest.hexdigest().upper()
    return digest.hexdigest()


def string_to_sign(parts, profile) -> str:
    if profile["joiner"] == "none":
        return "".join(parts)
    if profile["joiner"] == "trailingNewline":
        return "".join(part + "\n" for part in parts)
    return "\n".join(parts)


def encode_signature(mac: bytes, profile) -> str:
    if profile["signatureEncoding"] == "hex":
        return mac.hex()
    if profile["signatureEncoding"] == "base64url":
        return base64.urlsafe_b64encode(mac).decode("ascii").rstrip("=")
    return base64.b64encode(mac).decode("ascii")


def last_five(session_id: str) -> str:
    return session_id[-5:]


def sign(request):
    """Builds the call (or takes the exact body given) and signs it; returns (path, headers, body, intermediates)."""
    profile = request["profile"]
    path = "/connect/api/%s/%s" % (request["group"], request["method"])
    if "body" in request:
        body = request["body"]
    else:
        envelope = {"type": request["type"], "msg": [request["params"]], "id": request["requestId"], "date": request["date"]}
        body = json.dumps(envelope, separators=(",", ":"), ensure_ascii=False)
    date = request["date"] if profile["datePart"] == "dateHeader" else json.loads(body)["date"]
    content_type = request["contentType"]
    signed_content_type = "Application-json" if profile["contentTypePart"] == "docLiteral" else content_type
    digest = body_digest(body, profile)
    parts = ["POST", path, request["username"], digest, signed_content_type, date, request["sessionId"]]
    to_sign = string_to_sign(parts, profile)
    mac = hmac.new(request["sessionId"].encode("utf-8"), to_sign.encode("utf-8"), hashlib.sha1).digest()
    signature = encode_signature(mac, profile)
    headers = {"Content-Type": content_type, "Authorization": request["username"] + last_five(request["sessionId"]) + ":" + signature}
    if profile["datePart"] == "dateHeader":
        headers["Date"] = date
    intermediates = {"bodyDigest": digest, "contentType": signed_content_type, "date": date, "stringToSign": to_sign, "signature": signature}
    return path, headers, body, intermediates


def answer(request):
    if request.get("scheme") != "kx" or request.get("role") != "signer":
        return {"id": request.get("id"), "error": {"message": "this adapter only signs kx calls", "code": "UNSUPPORTED"}}
    path, headers, body, intermediates = sign(request)
    return {"id": request["id"], "method": "POST", "target": path, "headers": headers, "body": body, "intermediates": intermediates}


def main():
    stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", newline="\n")
    for line in stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        try:
            reply = answer(request)
        except Exception as error:
            reply = {"id": request.get("id"), "error": {"message": repr(error)}}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
