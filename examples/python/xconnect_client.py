#!/usr/bin/env python3
"""An xConnect (Kronos) API client written from the public signing guide, with the Python 3 standard library only.

It signs every request as the guide's five steps describe (signature version 1), lists devices page by
page and with a query, reads the latest telemetry and an hour of history of one device, and registers
a device. It stops at the first rejected request, prints why the server rejected it (the sigkit mock
explains every rejection in a "sigkit" object), and exits with status 1.

    XCONNECT_BASE_URL    base URL of the API server (default http://127.0.0.1:8080)
    XCONNECT_API_KEY     api key (default: the guide's example key, which the sigkit mock accepts)
    XCONNECT_SECRET_KEY  secret key (default: the guide's example secret key)
    XCONNECT_BREAK       sign like a known buggy client, to see the diagnosis; one of:
                           crlf-query-lines  end canonical query lines with "\\r\\n" instead of "\\n"
                           unsorted-query    keep query lines in request order
                           wrong-secret      sign with a different secret key

Exit status: 0 when every request was accepted, 1 on a rejection, 2 when the server cannot be reached.
"""
import datetime
import hashlib
import hmac
import json
import os
import ssl
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid

GUIDE_API_KEY = '5501f50fdc62aee5d04dbd6a58b68b781ee2aaade8ad1eb24b1e4e77cb282ae2'
GUIDE_SECRET_KEY = ('ARAzUzRzekFwRTNACBQYUx89LlZyImhKFVloHUVMDw8EGRxxSCckFgdFPysAAWJCLDgMdkstZzw3GGVqNHxXcno5'
                    'Iz54LRBSKy0TaCBwNndkfQNdD38KAA==')
API = '/api/v1/kronos'
BREAKS = ('crlf-query-lines', 'unsorted-query', 'wrong-secret')


class Rejected(Exception):
    """The server answered an error status."""

    def __init__(self, method, target, status, body):
        super().__init__(f'{method} {target} was rejected with {status}')
        self.method, self.target, self.status, self.body = method, target, status, body


def java_url_encode(text):
    """Java URLEncoder.encode(s, UTF-8): keeps A-Z a-z 0-9 . - * _, space becomes +, other bytes %XX."""
    out = []
    for byte in text.encode('utf-8'):
        char = chr(byte)
        if char.isascii() and (char.isalnum() or char in '.-*_'):
            out.append(char)
        elif char == ' ':
            out.append('+')
        else:
            out.append('%%%02X' % byte)
    return ''.join(out)


def java_trim(text):
    """Java String.trim: strips leading and trailing characters up to U+0020."""
    start, end = 0, len(text)
    while start < end and text[start] <= ' ':
        start += 1
    while end > start and text[end - 1] <= ' ':
        end -= 1
    return text[start:end]


def sign(key, msg):
    """The guide's helper: hex HMAC-SHA256 with a text key over a text message."""
    return hmac.new(key.encode('utf-8'), msg.encode('utf-8'), hashlib.sha256).hexdigest()


class XConnectClient:
    def __init__(self, base_url, api_key, secret_key, break_mode=None):
        self.base_url = base_url.rstrip('/')
        self.api_key = api_key
        self.secret_key = secret_key
        self.break_mode = break_mode
        # The guide's clients talk HTTPS with certificate verification off; the mock's certificate is self-signed.
        self.context = ssl._create_unverified_context() if self.base_url.startswith('https:') else None

    def canonical_request(self, method, path, params, body):
        # Step 1: METHOD, path, one "lowercase(name)=trimmed value" line per parameter (sorted), body hash.
        lines = [f'{java_url_encode(name.lower())}={java_trim(value)}' for name, value in params]
        if self.break_mode != 'unsorted-query':
            lines.sort()
        line_end = '\r\n' if self.break_mode == 'crlf-query-lines' else '\n'
        payload_hash = hashlib.sha256(body.encode('utf-8')).hexdigest()
        return method + '\n' + path + '\n' + ''.join(line + line_end for line in lines) + payload_hash

    def signature(self, canonical, timestamp):
        # Step 2: the string to sign; steps 3 and 4: the signing-key chain and the signature.
        string_to_sign = hashlib.sha256(canonical.encode('utf-8')).hexdigest() + '\n' + self.api_key + '\n' + timestamp + '\n' + '1'
        secret = self.secret_key + 'x' if self.break_mode == 'wrong-secret' else self.secret_key
        signing_key = sign(self.api_key, secret)
        signing_key = sign(timestamp, signing_key)
        signing_key = sign('1', signing_key)
        return sign(signing_key, string_to_sign)

    def request(self, method, path, params=(), payload=None):
        params = list(params)
        body = '' if payload is None else json.dumps(payload)
        # The guide's timestamp format: UTC with microseconds.
        timestamp = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.%fZ')
        signature = self.signature(self.canonical_request(method, path, params, body), timestamp)
        query = '&'.join(f'{urllib.parse.quote(name, safe="")}={urllib.parse.quote(value, safe="")}' for name, value in params)
        target = path + ('?' + query if query else '')
        headers = {
            'Content-Type': 'application/json',
            'Accept': 'application/json',
            'x-arrow-apikey': self.api_key,
            'x-arrow-date': timestamp,
            'x-arrow-version': '1',
            'x-arrow-signature': signature,
        }
        data = body.encode('utf-8') if payload is not None else None
        request = urllib.request.Request(self.base_url + target, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, context=self.context, timeout=30) as response:
                return json.loads(response.read().decode('utf-8'))
        except urllib.error.HTTPError as error:
            text = error.read().decode('utf-8', 'replace')
            try:
                answer = json.loads(text)
            except ValueError:
                answer = text
            raise Rejected(method, target, error.code, answer) from None


def explain(rejection):
    """Prints why the server rejected a request, using the sigkit mock's diagnosis when there is one."""
    body = rejection.body
    print(f'REJECTED: {rejection}', file=sys.stderr)
    if not isinstance(body, dict):
        print(f'  body: {body}', file=sys.stderr)
        return
    print(f'  server said: {body.get("message")}', file=sys.stderr)
    diagnosis = body.get('sigkit')
    if not diagnosis:
        return
    print(f'  check failed: {diagnosis.get("code")}', file=sys.stderr)
    print(f'  why: {diagnosis.get("message")}', file=sys.stderr)
    deviation = diagnosis.get('deviation')
    if deviation:
        print(f'  deviation: {" + ".join(deviation["flags"])} ({deviation["summary"]})', file=sys.stderr)
    expected = diagnosis.get('expected')
    if expected:
        print(f'  expected canonical request: {expected["canonicalRequest"]!r}', file=sys.stderr)
        print(f'  expected signature: {expected["signature"]}', file=sys.stderr)
    print(f'  journal entry: /__sigkit/journal/{diagnosis.get("journalId")}', file=sys.stderr)


def run(client):
    # Every device, page by page.
    devices, page, total_pages = [], 0, 1
    while page < total_pages:
        answer = client.request('GET', API + '/devices', [('_page', str(page)), ('_size', '50')])
        devices.extend(answer['data'])
        total_pages = answer['totalPages']
        page += 1
    print(f'devices: {len(devices)} in {total_pages} pages')
    if not devices:
        print('no devices to read telemetry from')
        return
    device = devices[0]

    # A query with a filter.
    answer = client.request('GET', API + '/devices', [('type', device['type']), ('enabled', 'true'), ('_size', '20')])
    print(f'enabled {device["type"]} devices: {answer["totalSize"]}')

    # Latest telemetry of one device.
    latest = client.request('GET', f'{API}/telemetries/devices/{device["hid"]}/latest')
    print(f'latest telemetry of {device["hid"]}: ' + ', '.join(f'{item["name"]}={item.get("floatValue", item.get("intValue", item.get("strValue", item.get("boolValue", item.get("dateValue", item.get("datetimeValue"))))))}' for item in latest['data']))

    # An hour of history: the timestamps contain ":" which is percent-encoded on the wire and signed decoded.
    now = datetime.datetime.now(datetime.timezone.utc)
    hour_ago = now - datetime.timedelta(hours=1)
    history = client.request('GET', f'{API}/telemetries/devices/{device["hid"]}', [
        ('fromTimestamp', hour_ago.strftime('%Y-%m-%dT%H:%M:%S.%fZ')),
        ('toTimestamp', now.strftime('%Y-%m-%dT%H:%M:%S.%fZ')),
        ('_size', '100'),
    ])
    print(f'telemetry of the last hour: {history["totalSize"]} points, {len(history["data"])} on the first page')

    # Register a device, then find it.
    uid = 'python-example-' + uuid.uuid4().hex[:12]
    registered = client.request('POST', API + '/devices', payload={
        'uid': uid, 'name': 'Python example device', 'type': 'example-sensor', 'gatewayHid': device['gatewayHid'],
    })
    found = client.request('GET', API + '/devices', [('uid', uid)])
    print(f'registered {uid} as {registered["hid"]}: {registered["message"]}; found {found["totalSize"]}')


def main():
    break_mode = os.environ.get('XCONNECT_BREAK') or None
    if break_mode is not None and break_mode not in BREAKS:
        print(f'XCONNECT_BREAK must be one of {", ".join(BREAKS)}', file=sys.stderr)
        return 2
    client = XConnectClient(
        os.environ.get('XCONNECT_BASE_URL', 'http://127.0.0.1:8080'),
        os.environ.get('XCONNECT_API_KEY', GUIDE_API_KEY),
        os.environ.get('XCONNECT_SECRET_KEY', GUIDE_SECRET_KEY),
        break_mode,
    )
    try:
        run(client)
    except Rejected as rejection:
        explain(rejection)
        return 1
    except (urllib.error.URLError, OSError) as error:
        print(f'cannot reach {client.base_url}: {error}', file=sys.stderr)
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main())
