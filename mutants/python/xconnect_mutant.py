#!/usr/bin/env python3
"""A broken xConnect signer for `pnpm mutants`: examples/adapters/xconnect_adapter.py with one mistake.

    python3 mutants/python/xconnect_mutant.py <mutation>

The mutation is the first argument (or $SIGKIT_MUTATION); `none` signs right. Each mutation is a
mistake a Python client could plausibly make; see MUTATIONS below and docs/MUTANTS.md.
"""
import hashlib
import hmac
import os
import sys
import unicodedata

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "adapters"))
import xconnect_adapter as base  # noqa: E402

MUTATIONS = [
    "none", "crlf-query-lines", "unsorted-query", "name-not-lowercased", "value-not-trimmed", "query-not-signed",
    "empty-value-dropped", "raw-digest-key", "uppercase-hex", "unsigned-body", "timestamp-plus-0000",
    "sort-by-code-point", "python-strip-values", "quote-not-quote-plus", "casefold-names", "nfc-values",
]
MUTATION = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("SIGKIT_MUTATION", "none")
if MUTATION not in MUTATIONS:
    sys.exit("unknown mutation %r; one of %s" % (MUTATION, ", ".join(MUTATIONS)))


def hmac_raw(key: bytes, data: bytes) -> bytes:
    return hmac.new(key, data, hashlib.sha256).digest()


def query_lines(params):
    lines = []
    for name, value in params:
        name = name if MUTATION == "name-not-lowercased" else name.casefold() if MUTATION == "casefold-names" else name.lower()
        if MUTATION == "value-not-trimmed":
            pass
        elif MUTATION == "python-strip-values":
            value = value.strip()
        else:
            value = base.java_trim(value)
        if MUTATION == "nfc-values":
            value = unicodedata.normalize("NFC", value)
        if MUTATION == "empty-value-dropped" and value == "":
            continue
        encoded = base.urllib.parse.quote(name, safe="*") if MUTATION == "quote-not-quote-plus" else base.form_encode(name)
        lines.append(encoded + "=" + value)
    if MUTATION == "query-not-signed":
        return []
    if MUTATION == "unsorted-query":
        return lines
    if MUTATION == "sort-by-code-point":
        return sorted(lines)  # Python compares code points, not UTF-16 code units
    return sorted(lines, key=lambda line: line.encode("utf-16-be"))


def sign(method, path, params, body, api_key, secret_key, timestamp, version):
    target = path + ("?" + base.encode_query(params) if params else "")
    lines = query_lines(params)
    headers = {"x-arrow-apikey": api_key, "x-arrow-date": timestamp}
    signed_timestamp = timestamp[:-1] + "+0000" if MUTATION == "timestamp-plus-0000" and timestamp.endswith("Z") else timestamp
    line_end = "\r\n" if MUTATION == "crlf-query-lines" else "\n"
    if version == 0:
        canonical = "".join([method.upper(), "\n", path, "\n"] + [line + line_end for line in lines])
        canonical += "x-arrow-apikey=" + api_key + "\n" + "x-arrow-date=" + signed_timestamp
        signature = base.hmac_hex(secret_key, canonical)
    else:
        payload_hash = base.sha256_hex(b"" if MUTATION == "unsigned-body" else body)
        canonical = base.canonical_request(method, path, lines, payload_hash, line_end)
        string_to_sign = base.sha256_hex(canonical.encode("utf-8")) + "\n" + api_key + "\n" + signed_timestamp + "\n" + str(version)
        first_key, first_data = (secret_key, api_key) if version == 2 else (api_key, secret_key)
        k1 = hmac_raw(first_key.encode("utf-8"), first_data.encode("utf-8"))
        if MUTATION == "raw-digest-key":  # the HMAC bytes passed on instead of their hex text
            k2 = hmac_raw(signed_timestamp.encode("utf-8"), k1)
            k3 = hmac_raw(str(version).encode("utf-8"), k2)
            signature = hmac.new(k3, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
        else:
            k2 = hmac_raw(signed_timestamp.encode("utf-8"), k1.hex().encode("ascii"))
            k3 = hmac_raw(str(version).encode("utf-8"), k2.hex().encode("ascii"))
            signature = hmac.new(k3.hex().encode("ascii"), string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
        headers["x-arrow-version"] = str(version)
    headers["x-arrow-signature"] = signature.upper() if MUTATION == "uppercase-hex" else signature
    # No intermediates: the checker must find the mistake from what travelled.
    return target, headers, {}


if __name__ == "__main__":
    base.main(sign)
