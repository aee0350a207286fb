#!/usr/bin/env python3
"""A sigkit adapter for an xConnect signer written in Python's standard library (docs/spec/xconnect.md §1-§2).

It speaks the adapter protocol of packages/conformance/PROTOCOL.md: one JSON request per line on
stdin, one JSON answer per line on stdout (flushed), until stdin ends. Each request asks it to sign
an xConnect request; it answers with the wire request it would send and its own intermediate values,
so that `sigkit check` can diff them step by step.

    sigkit check --scheme xconnect --adapter "python3 examples/adapters/xconnect_adapter.py"

The signing functions below are what a real client would contain; `answer` and `main` are the
adapter around them. examples/adapters/xconnect_adapter_crlf.py reuses them with one mistake.
"""
import base64
import hashlib
import hmac
import io
import json
import sys
import urllib.parse


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def hmac_hex(key: str, data: str) -> str:
    return hmac.new(key.encode("utf-8"), data.encode("utf-8"), hashlib.sha256).hexdigest()


def java_trim(text: str) -> str:
    """Java's String.trim: strips characters <= U+0020 at both ends (not U+00A0)."""
    start, end = 0, len(text)
    while start < end and ord(text[start]) <= 0x20:
        start += 1
    while end > start and ord(text[end - 1]) <= 0x20:
        end -= 1
    return text[start:end]


def form_encode(text: str) -> str:
    """Java's URLEncoder.encode(text, UTF-8): keeps A-Z a-z 0-9 . - * _, space becomes '+'."""
    return urllib.parse.quote_plus(text, safe="*").replace("~", "%7E")


def query_lines(params):
    """One `formEncode(lowercase(name))=trim(value)` line per parameter, sorted by UTF-16 code unit."""
    lines = [form_encode(name.lower()) + "=" + java_trim(value) for name, value in params]
    return sorted(lines, key=lambda line: line.encode("utf-16-be"))


def encode_query(params) -> str:
    """The query string to send: every reserved character percent-encoded (a space as %20)."""
    return "&".join(urllib.parse.quote(name, safe="") + "=" + urllib.parse.quote(value, safe="") for name, value in params)


def canonical_request(method: str, path: str, lines, payload_hash: str, line_end: str = "\n") -> str:
    return method.upper() + "\n" + path + "\n" + "".join(line + line_end for line in lines) + payload_hash


def sign(method, path, params, body: bytes, api_key, secret_key, timestamp, version, line_end="\n"):
    """Signs one request; returns (target, headers, intermediates)."""
    target = path + ("?" + encode_query(params) if params else "")
    lines = query_lines(params)
    headers = {"x-arrow-apikey": api_key, "x-arrow-date": timestamp}
    if version == 0:
        canonical = "".join([method.upper(), "\n", path, "\n"] + [line + line_end for line in lines])
        canonical += "x-arrow-apikey=" + api_key + "\n" + "x-arrow-date=" + timestamp
        signature = hmac_hex(secret_key, canonical)
        headers["x-arrow-signature"] = signature
        return target, headers, {"queryLines": lines, "canonicalRequest": canonical, "stringToSign": canonical, "signature": signature}
    payload_hash = sha256_hex(body)
    canonical = canonical_request(method, path, lines, payload_hash, line_end)
    canonical_hash = sha256_hex(canonical.encode("utf-8"))
    string_to_sign = canonical_hash + "\n" + api_key + "\n" + timestamp + "\n" + str(version)
    k1 = hmac_hex(secret_key, api_key) if version == 2 else hmac_hex(api_key, secret_key)
    k2 = hmac_hex(timestamp, k1)
    k3 = hmac_hex(str(version), k2)
    signature = hmac_hex(k3, string_to_sign)
    headers["x-arrow-version"] = str(version)
    headers["x-arrow-signature"] = signature
    intermediates = {"queryLines": lines, "payloadHash": payload_hash, "canonicalRequest": canonical,
                     "canonicalRequestHash": canonical_hash, "stringToSign": string_to_sign,
                     "signingKey": [k1, k2, k3], "signature": signature}
    return target, headers, intermediates


def answer(request, sign_function=sign):
    """The answer line for one request line."""
    if request.get("scheme") != "xconnect" or request.get("role") != "signer":
        return {"id": request.get("id"), "error": {"message": "this adapter only signs xconnect requests", "code": "UNSUPPORTED"}}
    body = base64.b64decode(request["bodyBase64"]) if "bodyBase64" in request else request.get("body", "").encode("utf-8")
    target, headers, intermediates = sign_function(
        request["method"], request["path"], request["query"], body, request["apiKey"], request["secretKey"],
        request["timestamp"], request["version"])
    reply = {"id": request["id"], "method": request["method"], "target": target, "headers": headers,
             "intermediates": intermediates}
    if "bodyBase64" in request:
        reply["bodyBase64"] = request["bodyBase64"]
    else:
        reply["body"] = request.get("body", "")
    return reply


def main(sign_function=sign):
    # Lines end in "\n" only: JSON escapes every other line break, and U+2028 must not split a line.
    stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", newline="\n")
    for line in stdin:
        if line.isspace():  # not line.strip(), which would copy every line (some carry 256 KiB bodies)
            continue
        request = json.loads(line)
        try:
            reply = answer(request, sign_function)
        except Exception as error:  # an answer for every request, even one this signer cannot handle
            reply = {"id": request.get("id"), "error": {"message": repr(error)}}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
