#!/usr/bin/env python3
"""An independent xConnect signer in Python's standard library, written from docs/spec/xconnect.md §1-§2,
and a verifier of the published platform's edges (§3b) for the `platform: "moonstone"` verification vectors.

It shares no code with @sigkit/signer: the test suite runs it over every vector file to check the
TypeScript generator's values, and it shows how to consume the vectors from Python.
Usage: python3 xconnect_reference.py vectors/xconnect/*.json   (prints a JSON report; exit 1 on a mismatch)
"""
import base64
import hashlib
import hmac
import json
import re
import sys
import urllib.parse
from datetime import datetime, timedelta, timezone


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
        if group["type"] == "XConnectVerification" and group.get("platform") == "moonstone":
            for test in group["tests"]:
                checked += 1
                got = platform_verdict(test, group)
                want = (test["status"], test["serverMessage"], test["result"] == "valid")
                if got != want:
                    failures.append({"tcId": test["tcId"], "python": list(got), "vector": list(want)})
            continue
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


# ---- The published platform's edges (docs/spec/xconnect.md §3b), for platform "moonstone" vectors ----

REPLACEMENT = "\ufffd"


def java_utf8(data: bytes) -> str:
    """UTF-8 read as Java 8 reads it, malformed input replaced: Python's "replace" would give one U+FFFD
    per byte of an encoded surrogate (ED A0 80), Java gives one for the three."""
    out, i, n = [], 0, len(data)
    cont = lambda b: 0x80 <= b <= 0xBF
    while i < n:
        b1 = data[i]
        if b1 < 0x80:
            out.append(chr(b1)); i += 1
        elif 0xC2 <= b1 <= 0xDF:
            if i + 1 < n and cont(data[i + 1]):
                out.append(chr(((b1 & 0x1F) << 6) | (data[i + 1] & 0x3F))); i += 2
            else:
                out.append(REPLACEMENT); i += 1
        elif 0xE0 <= b1 <= 0xEF:
            bad2 = lambda b2: (b1 == 0xE0 and 0x80 <= b2 <= 0x9F) or not cont(b2)
            if i + 2 < n:
                b2, b3 = data[i + 1], data[i + 2]
                if bad2(b2):
                    out.append(REPLACEMENT); i += 1
                elif not cont(b3):
                    out.append(REPLACEMENT); i += 2
                else:
                    c = ((b1 & 0x0F) << 12) | ((b2 & 0x3F) << 6) | (b3 & 0x3F)
                    out.append(REPLACEMENT if 0xD800 <= c <= 0xDFFF else chr(c)); i += 3
            else:
                out.append(REPLACEMENT)
                i = i + 1 if (i + 1 < n and bad2(data[i + 1])) else n
        elif 0xF0 <= b1 <= 0xF7:
            def bad2(b2):
                return (b1 == 0xF0 and not 0x90 <= b2 <= 0xBF) or (b1 == 0xF4 and not 0x80 <= b2 <= 0x8F) or not cont(b2)
            if i + 3 < n:
                b2, b3, b4 = data[i + 1], data[i + 2], data[i + 3]
                cp = ((b1 & 0x07) << 18) | ((b2 & 0x3F) << 12) | ((b3 & 0x3F) << 6) | (b4 & 0x3F)
                if cont(b2) and cont(b3) and cont(b4) and 0x10000 <= cp <= 0x10FFFF:
                    out.append(chr(cp)); i += 4
                else:
                    out.append(REPLACEMENT)
                    i += 1 if (b1 > 0xF4 or bad2(b2)) else 2 if not cont(b3) else 3
            else:
                out.append(REPLACEMENT)
                if b1 > 0xF4 or (i + 1 < n and bad2(data[i + 1])):
                    i += 1
                elif i + 2 < n and not cont(data[i + 2]):
                    i += 2
                else:
                    i = n
        else:
            out.append(REPLACEMENT); i += 1
    return "".join(out)


def percent_decode(text: str, plus_is_space: bool) -> str:
    raw = bytearray()
    i = 0
    data = text.encode("utf-8")
    while i < len(data):
        c = data[i]
        if c == 0x25:
            raw.append(int(data[i + 1:i + 3], 16)); i += 3
        else:
            raw.append(0x20 if (c == 0x2B and plus_is_space) else c); i += 1
    return java_utf8(bytes(raw))


def platform_params(raw_query):
    """The container's query parameters: empty pieces skipped, an empty name kept."""
    params = []
    for piece in (raw_query or "").split("&"):
        if piece == "":
            continue
        name, eq, value = piece.partition("=")
        params.append((percent_decode(name, True), percent_decode(value, True) if eq else ""))
    return params


def platform_form(body: bytes):
    """The container's form parser: every "&" ends a piece, even an empty one; a last empty piece is dropped."""
    text = body.decode("latin-1")
    pieces = text.split("&")
    if pieces and pieces[-1] == "":
        pieces = pieces[:-1]
    params = []
    for piece in pieces:
        name, eq, value = piece.partition("=")
        dec = lambda s: percent_decode(s, True) if ("%" in s or "+" in s) else s
        params.append((dec(name), dec(value) if eq else ""))
    return params


FORBIDDEN_RAW = set('"#<>\\^`{|}')
FIREWALL = ["%5c", "%5C", "%3b", "%3B", "%25", "%2e", "%2E", "%2f", "%2F", ";", "\\"]
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"}
EXEMPT = ["/api/v1/kronos/rabbitmq-auth/.*", "/swagger-ui.html", "/configuration/ui", "/configuration/security",
          "/swagger-resources", "/swagger-resources/configuration/ui", "/swagger-resources/configuration/security",
          "/v2/api-docs", "/webjars/springfox-swagger-ui/.*", "/status", "/favicon.ico"]


def request_path(target: str) -> str:
    path = target.split("?", 1)[0]
    m = re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", path)
    if m:
        slash = path.find("/", m.end())
        return path if slash < 0 else path[slash:]
    return path


def date_nanos(text: str):
    """Java 8's ZonedDateTime.parse (ISO zoned date-time), to epoch nanoseconds; None when refused."""
    m = re.fullmatch(r"([+-]?)(\d{4,10})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d)(?::(\d\d)(?:\.(\d{0,9}))?)?"
                     r"(?:([Zz])|([+-])(\d\d):(\d\d)(?::(\d\d))?)(?:\[([^\]]*)\])?", text)
    if not m:
        return None
    sign, year_digits, mo, d, h, mi, s, frac, zulu, osign, oh, om, os_, region = m.groups()
    if (sign == "" and len(year_digits) > 4) or (sign == "+" and len(year_digits) <= 4):
        return None
    year = int(year_digits) * (-1 if sign == "-" else 1)
    if not 1 <= year <= 9999:
        return None  # enough for these vectors: datetime's range
    offset = 0
    if not zulu:
        if int(oh) > 59 or int(om) > 59 or (os_ and int(os_) > 59):
            return None
        offset = (int(oh) * 3600 + int(om) * 60 + int(os_ or 0)) * (-1 if osign == "-" else 1)
        if abs(offset) > 18 * 3600:
            return None
    try:
        local = datetime(year, int(mo), int(d), int(h), int(mi), int(s or 0))
    except ValueError:
        return None
    if region is not None:
        # Java 8: a zone in brackets, not the offset, places the local time.
        if region in ("Z", "UTC", "GMT", "UT", "Etc/UTC"):
            offset = 0
        else:
            zm = re.fullmatch(r"(?:UTC|GMT|UT)?([+-])(\d\d):(\d\d)", region)
            if zm:
                offset = (int(zm.group(2)) * 3600 + int(zm.group(3)) * 60) * (-1 if zm.group(1) == "-" else 1)
            else:
                try:
                    from zoneinfo import ZoneInfo
                    offset = int(local.replace(tzinfo=ZoneInfo(region)).utcoffset().total_seconds())
                except Exception:
                    return None
    seconds = int((local - datetime(1970, 1, 1)) / timedelta(seconds=1)) - offset
    return seconds * 1_000_000_000 + int((frac or "").ljust(9, "0") or 0)


def platform_verdict(test, group):
    """(status, server message, let in) for one request, as the platform answered it."""
    wire = test["wire"]
    method, target, headers = wire["method"], wire["target"], wire["headers"]
    body = body_bytes(wire)
    # The container: method token, characters, escapes.
    if not re.fullmatch(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+", method):
        return (400, "", False)
    for i, c in enumerate(target):
        if ord(c) <= 0x20 or ord(c) >= 0x7F or c in FORBIDDEN_RAW:
            return (400, "", False)
        if c == "%" and not re.fullmatch(r"[0-9A-Fa-f]{2}", target[i + 1:i + 3]):
            return (400, "", False)
    path = request_path(target)
    raw_query = target.partition("?")[2] if "?" in target else None
    decoded_path = re.sub(r"%(?!2[Ff]|5[Cc])[0-9A-Fa-f]{2}(?:%(?!2[Ff]|5[Cc])[0-9A-Fa-f]{2})*",
                          lambda mm: java_utf8(bytes.fromhex(mm.group(0).replace("%", ""))), path)
    if decoded_path.lower() == "/meta-inf/" or decoded_path.lower().startswith("/web-inf/"):
        return (404, "", False)
    content_type = header(headers, "content-type") or ""
    params = platform_params(raw_query)
    form = None
    if method == "POST" and content_type.startswith("application/x-www-form-urlencoded"):
        form = platform_form(body)
    effective = method
    overrides = [v for n, v in params + (form or []) if n == "_method"]
    if method == "POST" and overrides and overrides[0].upper() in ("PUT", "DELETE", "PATCH"):
        effective = overrides[0].upper()
    # The firewall, on the raw path.
    for forbidden in FIREWALL:
        if forbidden in path:
            return (500, 'The request was rejected because the URL contained a potentially malicious String "%s"' % forbidden, False)
    if "//" in path or any(seg in (".", "..") for seg in path.split("/")):
        return (500, "The request was rejected because the URL was not normalized.", False)
    if decoded_path == "/logout" and effective in ("GET", "POST", "PUT", "DELETE"):
        return (302, "", False)
    if method not in METHODS:
        return (500, "No enum constant org.springframework.web.bind.annotation.RequestMethod." + method, False)
    if method == "OPTIONS" or any(re.fullmatch(p, path) for p in EXEMPT):
        return (200, "OK", True)
    # The filter.
    api_key = header(headers, "x-arrow-apikey")
    if api_key is None or api_key == "" or api_key.strip() == "":
        return (401, "missing apiKey", False)
    record = next((r for r in group["credentials"] if r["apiKey"] == api_key), None)
    if record is None:
        return (401, "invalid apiKey", False)
    if record.get("expired"):
        return (401, "apiKey is disabled", False)
    if record.get("companyMissing"):
        return (401, "company not found %s" % record.get("companyId", "null"), False)
    if record.get("companyEnabled") is False:
        return (401, "company not active: %s / %s" % (record.get("companyId", "null"), record.get("companyName", "null")), False)
    if record.get("applicationDisabled"):
        return (401, "application is disabled", False)
    if record.get("signingRequired") is False:
        return (200, "OK", True)
    refused = (401, "Not Authorized", False)
    timestamp = header(headers, "x-arrow-date")
    sent = date_nanos(timestamp) if timestamp else None
    if sent is None:
        return refused
    server_ms = int(round(datetime.strptime(test["serverTime"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc).timestamp() * 1000))
    in_window = abs(server_ms * 1_000_000 - sent) < group["clockWindowSeconds"] * 1_000_000_000
    lines = params + (form or [])
    if any(name == "" for name, _ in lines):
        return refused  # the platform's signer refuses an empty name
    version = header(headers, "x-arrow-version")
    signature = header(headers, "x-arrow-signature")
    if version not in (None, "", "1", "2"):
        return (200, "OK", True) if (signature is None and in_window) else refused
    canonical_lines = sorted((java_url_encode(n.lower()) + "=" + java_trim(v) for n, v in lines), key=lambda l: l.encode("utf-16-be"))
    prefix = effective + "\n" + path + "\n" + "".join(line + "\n" for line in canonical_lines)
    secret = record["secretKey"]
    if version in (None, ""):
        expected = hmac_hex(secret, prefix + "x-arrow-apikey=" + api_key + "\n" + "x-arrow-date=" + timestamp)
    else:
        payload = b"" if form is not None else java_utf8(body).encode("utf-8")
        canonical = prefix + sha256_hex(payload)
        to_sign = sha256_hex(canonical.encode("utf-8")) + "\n" + api_key + "\n" + timestamp + "\n" + version
        k1 = hmac_hex(secret, api_key) if version == "2" else hmac_hex(api_key, secret)
        expected = hmac_hex(hmac_hex(version, hmac_hex(timestamp, k1)), to_sign)
    return (200, "OK", True) if (in_window and signature == expected) else refused


if __name__ == "__main__":
    reports = [check_file(p) for p in sys.argv[1:]]
    print(json.dumps(reports, ensure_ascii=False, indent=1))
    sys.exit(1 if any(r["failures"] for r in reports) else 0)
