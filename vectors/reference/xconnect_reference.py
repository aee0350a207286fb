#!/usr/bin/env python3
"""An independent xConnect signer in Python's standard library, written from docs/spec/xconnect.md §1-§2.

It shares no code with @sigkit/signer: the test suite runs it over every vector file to check the
TypeScript generator's values, and it shows how to consume the vectors from Python.
Usage: python3 xconnect_reference.py vectors/xconnect/*.json   (prints a JSON report; exit 1 on a mismatch)
"""
import base64
import hashlib
import hmac
import json
import sys
import urllib.parse


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def hmac_hex(key: str, data: str) -> str:
    return hmac.new(key.encode("utf-8"), data.encode("utf-8"), hashlib.sha256).hexdigest()


def java_trim(s: str) -> str:
    start, end = 0, len(s)
    while start < end and ord(s[start]) <= 0x20:
        start += 1
    while end > start and ord(s[end - 1]) <= 0x20:
        end -= 1
    return s[start:end]


def java_url_encode(s: str) -> str:
    # Java URLEncoder keeps A-Z a-z 0-9 . - * _ and turns space into '+'; Python also keeps '~'.
    return urllib.parse.quote_plus(s, safe="*").replace("~", "%7E")


def query_lines(raw_query):
    if not raw_query:
        return []
    lines = []
    for name, value in urllib.parse.parse_qsl(raw_query, keep_blank_values=True, errors="replace"):
        if name == "":
            continue
        lines.append(java_url_encode(name.lower()) + "=" + java_trim(value))
    # Java String.compareTo orders by UTF-16 code unit, not by code point.
    return sorted(lines, key=lambda line: line.encode("utf-16-be"))


def body_bytes(wire) -> bytes:
    if "bodyBase64" in wire:
        return base64.b64decode(wire["bodyBase64"])
    return wire.get("body", "").encode("utf-8")


def header(headers, name):
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None


def trace(wire, api_key, secret_key):
    """Every intermediate value for a request as sent, per the x-arrow-version it carries."""
    path, _, raw_query = wire["target"].partition("?")
    method = wire["method"].upper()
    timestamp = header(wire["headers"], "x-arrow-date")
    version = header(wire["headers"], "x-arrow-version")
    lines = query_lines(raw_query)
    prefix = method + "\n" + path + "\n" + "".join(line + "\n" for line in lines)
    if version is None:
        canonical = prefix + "x-arrow-apikey=" + api_key + "\n" + "x-arrow-date=" + timestamp
        return {"queryLines": lines, "payloadHash": None, "canonicalRequest": canonical, "canonicalRequestHash": None,
                "stringToSign": canonical, "signingKey": [], "signature": hmac_hex(secret_key, canonical)}
    payload_hash = sha256_hex(body_bytes(wire))
    canonical = prefix + payload_hash
    canonical_hash = sha256_hex(canonical.encode("utf-8"))
    string_to_sign = canonical_hash + "\n" + api_key + "\n" + timestamp + "\n" + version
    k1 = hmac_hex(secret_key, api_key) if version == "2" else hmac_hex(api_key, secret_key)
    k2 = hmac_hex(timestamp, k1)
    k3 = hmac_hex(version, k2)
    return {"queryLines": lines, "payloadHash": payload_hash, "canonicalRequest": canonical,
            "canonicalRequestHash": canonical_hash, "stringToSign": string_to_sign,
            "signingKey": [k1, k2, k3], "signature": hmac_hex(k3, string_to_sign)}


def check_file(path):
    document = json.load(open(path, encoding="utf-8"))
    checked, failures = 0, []
    for group in document["testGroups"]:
        if group["type"] != "XConnectSignature":
            continue
        for test in group["tests"]:
            checked += 1
            wire, expected = test["wire"], test["expected"]
            if expected is None:  # a request that carries no signature at all
                if header(wire["headers"], "x-arrow-signature") is not None:
                    failures.append({"tcId": test["tcId"], "why": "expected no signature header"})
                continue
            # An invalid test's `wire` may carry mistaken headers: recompute from what the correct
            # client would send, i.e. the request's own timestamp and version.
            correct_headers = dict(wire["headers"])
            correct_headers["x-arrow-date"] = test["request"]["timestamp"]
            correct_headers.pop("x-arrow-version", None)
            if test["request"]["version"] != 0:
                correct_headers["x-arrow-version"] = str(test["request"]["version"])
            mine = trace(dict(wire, headers=correct_headers), group["apiKey"], group["secretKey"])
            for field, value in mine.items():
                if expected[field] != value:
                    failures.append({"tcId": test["tcId"], "field": field, "python": value, "vector": expected[field]})
            sent = header(wire["headers"], "x-arrow-signature")
            if test["result"] == "invalid" and sent == mine["signature"]:
                failures.append({"tcId": test["tcId"], "why": "invalid test carries the correct signature"})
            if test["result"] != "invalid" and sent != mine["signature"]:
                failures.append({"tcId": test["tcId"], "why": "valid test does not carry the correct signature"})
    return {"file": path, "checked": checked, "failures": failures}


if __name__ == "__main__":
    reports = [check_file(p) for p in sys.argv[1:]]
    print(json.dumps(reports, ensure_ascii=False, indent=1))
    sys.exit(1 if any(r["failures"] for r in reports) else 0)
