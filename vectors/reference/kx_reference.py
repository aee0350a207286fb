#!/usr/bin/env python3
"""An independent KX Connect signer in Python's standard library, written from docs/spec/kx-connect.md §2.

It shares no code with @sigkit/signer: the test suite runs it over the KX vector files to check the
TypeScript generator's values, and it shows how to consume the vectors from Python.
Usage: python3 kx_reference.py vectors/kx/*.json   (prints a JSON report; exit 1 on a mismatch)
"""
import base64
import hashlib
import hmac
import json
import sys


def body_digest(body: str, knob: str) -> str:
    raw = body.encode("utf-8")
    if knob == "md5OfReserializedJson":
        raw = json.dumps(json.loads(body), separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    digest = hashlib.md5(raw)
    if knob == "md5Base64":
        return base64.b64encode(digest.digest()).decode()
    if knob == "md5UpperHex":
        return digest.hexdigest().upper()
    return digest.hexdigest()


def header(headers, name):
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None


def trace(wire, username, session_id, profile):
    body = wire["body"]
    content_type = "Application-json" if profile["contentTypePart"] == "docLiteral" else header(wire["headers"], "content-type")
    date = header(wire["headers"], "date") if profile["datePart"] == "dateHeader" else json.loads(body)["date"]
    digest = body_digest(body, profile["bodyDigest"])
    parts = [wire["method"].upper(), wire["target"].split("?")[0], username, digest, content_type, date, session_id]
    joiner = {"newline": "\n", "none": "", "trailingNewline": "\n"}[profile["joiner"]]
    string_to_sign = joiner.join(parts) + ("\n" if profile["joiner"] == "trailingNewline" else "")
    mac = hmac.new(session_id.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha1).digest()
    encoding = profile["signatureEncoding"]
    if encoding == "hex":
        signature = mac.hex()
    elif encoding == "base64url":
        signature = base64.urlsafe_b64encode(mac).decode().rstrip("=")
    else:
        signature = base64.b64encode(mac).decode()
    return {"bodyDigest": digest, "contentType": content_type, "date": date, "stringToSign": string_to_sign,
            "signature": signature, "authorization": username + session_id[-5:] + ":" + signature}


def check_file(path):
    document = json.load(open(path, encoding="utf-8"))
    checked, failures = 0, []
    for group in document["testGroups"]:
        if group["type"] != "KxSignature":
            continue
        for test in group["tests"]:
            checked += 1
            request, wire = test["request"], test["wire"]
            # `expected` is what a correct client computes under the group's profile for `request`.
            correct_wire = {"method": "POST", "target": "/connect/api/%s/%s" % (request["group"], request["method"]),
                            "headers": dict(wire["headers"], Date=request["date"]), "body": request["body"]}
            mine = trace(correct_wire, request["username"], request["sessionId"], group["profile"])
            for field, value in mine.items():
                if test["expected"][field] != value:
                    failures.append({"tcId": test["tcId"], "field": field, "python": value, "vector": test["expected"][field]})
            accepted = header(wire["headers"], "authorization") == trace(wire, request["username"], request["sessionId"], group["profile"])["authorization"]
            if accepted != (test["result"] == "valid"):
                failures.append({"tcId": test["tcId"], "why": "python %s the wire request" % ("accepts" if accepted else "rejects")})
    return {"file": path, "checked": checked, "failures": failures}


if __name__ == "__main__":
    reports = [check_file(p) for p in sys.argv[1:]]
    print(json.dumps(reports, ensure_ascii=False, indent=1))
    sys.exit(1 if any(r["failures"] for r in reports) else 0)
