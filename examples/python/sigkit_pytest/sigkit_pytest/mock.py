"""A running `sigkit mock` and its admin API (/__sigkit), with the Python standard library only.

Nothing here depends on pytest: `SigkitMock.start()` works in any test runner or script. The pytest
plugin (sigkit_pytest/__init__.py) is a thin layer over it.
"""
import json
import os
import queue
import re
import shlex
import subprocess
import threading
import urllib.error
import urllib.parse
import urllib.request

READY_LINE = re.compile(r'sigkit mock listening on (https?://\S+)')
START_TIMEOUT_SECONDS = 60
STOP_TIMEOUT_SECONDS = 5
#: Rejected requests of one test explained in full; the rest are listed on one line each.
EXPLAINED_REJECTIONS = 3


class SigkitMockError(Exception):
    """The mock could not be started, or its admin API answered an error."""


class SigkitMock:
    """One `sigkit mock --port 0` process: its URL, its admin API, and the diagnosis of rejected requests."""

    def __init__(self, command, process, url, output):
        self.command = command
        self.url = url
        self._process = process
        self._output = output
        # Loopback only: a proxy from the environment (http_proxy) must not see the mock's traffic.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        self._window_start = None
        self._rejections_allowed = False
        self._restore = {}

    @classmethod
    def start(cls, command=None, mock_args=''):
        """Starts `<command> mock --port 0 <mock_args>` and returns once it prints its listening line.

        `command` is how to run sigkit, e.g. `sigkit`, `npx sigkit` or `node /path/to/sigkit/packages/cli/dist/bin.js`;
        by default the SIGKIT_COMMAND environment variable, else `sigkit` on PATH.
        """
        command = command or os.environ.get('SIGKIT_COMMAND') or 'sigkit'
        argv = shlex.split(command) + ['mock', '--port', '0'] + shlex.split(mock_args or '')
        try:
            process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                       stderr=subprocess.STDOUT, text=True, encoding='utf-8', errors='replace')
        except OSError as error:
            raise SigkitMockError(
                f'cannot run {command!r} ({error}); set --sigkit-command or SIGKIT_COMMAND to the sigkit command, '
                'e.g. "node /path/to/sigkit/packages/cli/dist/bin.js"') from None
        output = []
        ready = queue.Queue()

        def read_output():
            # Drains the mock's output for its whole life, so that it never blocks on a full pipe.
            for line in process.stdout:
                output.append(line)
                match = READY_LINE.search(line)
                if match:
                    ready.put(match.group(1))
            ready.put(None)

        threading.Thread(target=read_output, name='sigkit-mock-output', daemon=True).start()
        try:
            url = ready.get(timeout=START_TIMEOUT_SECONDS)
        except queue.Empty:
            url = None
        if url is None:
            _stop(process)
            said = ''.join(output).strip() or '(nothing)'
            raise SigkitMockError(f'{" ".join(argv)} did not print "sigkit mock listening on …" '
                                  f'within {START_TIMEOUT_SECONDS} s; it said: {said}')
        return cls(command, process, url, output)

    def stop(self):
        """Stops the mock (SIGTERM, then SIGKILL after a few seconds)."""
        _stop(self._process)

    # --- the admin API (packages/mock-server/README.md, "Admin API") ---

    def admin(self, method, route, body=None, **query):
        """Calls /__sigkit<route> and returns its JSON answer; raises SigkitMockError on an error status."""
        target = self.url + '/__sigkit' + route
        params = {name: _query_value(value) for name, value in query.items() if value is not None}
        if params:
            target += '?' + urllib.parse.urlencode(params)
        data = None if body is None else json.dumps(body).encode('utf-8')
        headers = {'content-type': 'application/json'} if data is not None else {}
        # A mock bound off loopback, or started with --admin-token, wants its token on every admin call.
        token = os.environ.get('SIGKIT_ADMIN_TOKEN')
        if token:
            headers['authorization'] = f'Bearer {token}'
        request = urllib.request.Request(target, data=data, method=method, headers=headers)
        try:
            with self._opener.open(request, timeout=30) as response:
                return json.loads(response.read().decode('utf-8'))
        except urllib.error.HTTPError as error:
            raise SigkitMockError(f'{method} /__sigkit{route} answered {error.code}: '
                                  f'{error.read().decode("utf-8", "replace")}') from None

    def journal(self, **filters):
        """The journal's entries, newest first unless order='asc'.

        Filters as the admin API takes them: method, path (glob), status, code, ok (True/False),
        platform, since (ids above), limit (1-1000, default 100), order ('desc' or 'asc').
        """
        return self.admin('GET', '/journal', **filters)['entries']

    def entry(self, journal_id):
        """One journal entry by id."""
        return self.admin('GET', f'/journal/{journal_id}')

    def stats(self):
        """The mock's counters: requests, verified, rejected, byCode, journal size and ids…"""
        return self.admin('GET', '/stats')

    def add_fault(self, rule=None, **fields):
        """Adds a fault rule and returns it with its id; undone after the test.

        Fields as the admin API takes them (`method`, `path` glob, `respond={'status': 503}`, `destroy`,
        `latencyMs`, `fraction`, `times`, `label`); snake_case names such as latency_ms work too.
        """
        body = dict(rule or {})
        body.update({_camel(name): value for name, value in fields.items()})
        self._restore.setdefault('faults', True)
        return self.admin('POST', '/faults', body)['fault']

    def clear_faults(self):
        """Removes every fault rule."""
        return self.admin('DELETE', '/faults')

    def clock(self, offset_seconds=None, window_seconds=None):
        """The mock's clock; with arguments, shifts it (server ahead when positive) or changes the window.

        A change is undone after the test.
        """
        if offset_seconds is None and window_seconds is None:
            return self.admin('GET', '/clock')
        if 'clock' not in self._restore:
            before = self.admin('GET', '/clock')
            self._restore['clock'] = {'offsetMs': before['offsetMs'], 'windowSeconds': before['windowSeconds']}
        body = {}
        if offset_seconds is not None:
            body['offsetSeconds'] = offset_seconds
        if window_seconds is not None:
            body['windowSeconds'] = window_seconds
        return self.admin('PUT', '/clock', body)

    def reset(self):
        """Back to the startup state: data, credentials, faults, clock, sessions; empties the journal (ids carry on)."""
        return self.admin('POST', '/reset')

    # --- the journal window of one test ---

    def begin_test(self):
        """Remembers where the journal stands, so that `rejections()` sees only what comes after."""
        self._window_start = self.last_journal_id()
        self._rejections_allowed = False
        self._restore = {}

    def end_test(self):
        """Undoes the faults and clock changes the test made through this object."""
        restore, self._restore = self._restore, {}
        if restore.get('faults'):
            self.clear_faults()
        if 'clock' in restore:
            self.admin('PUT', '/clock', restore['clock'])

    def allow_rejections(self):
        """The current test expects rejected requests: they will not fail it."""
        self._rejections_allowed = True

    @property
    def rejections_allowed(self):
        return self._rejections_allowed

    def last_journal_id(self):
        """The id of the newest journal entry, 0 when there is none yet (ids carry on after a reset)."""
        newest = self.stats()['journal'].get('newestId')
        if newest is None:
            latest = self.journal(limit=1)
            return latest[0]['id'] if latest else 0
        return newest

    def rejections(self):
        """Requests the mock rejected (failed verification) since the current test began, oldest first."""
        since = self._window_start or 0
        entries = []
        while True:
            page = self.journal(since=since, ok=False, order='asc', limit=1000)
            entries.extend(page)
            if len(page) < 1000:
                return entries
            since = page[-1]['id']

    def describe(self, entries):
        """A report of rejected journal entries, with the mock's diagnosis, for a test failure."""
        count = len(entries)
        lines = [f'the sigkit mock rejected {count} request{"s" if count != 1 else ""} in this test '
                 f'(journal: {self.url}/__sigkit/journal):']
        for index, entry in enumerate(entries):
            lines.append('')
            if index < EXPLAINED_REJECTIONS:
                lines.extend(self._describe_entry(entry))
            else:
                verdict = entry.get('verdict') or {}
                lines.append(f'{entry["method"]} {entry["target"]} -> {_status(entry)} {verdict.get("code")} '
                             f'(journal entry {entry["id"]})')
        return '\n'.join(lines)

    def _describe_entry(self, entry):
        verdict = entry.get('verdict') or {}
        diagnosis = verdict.get('diagnosis') or {}
        lines = [f'{entry["method"]} {entry["target"]} -> {_status(entry)} {verdict.get("serverMessage") or ""}'.rstrip(),
                 f'  check failed: {verdict.get("code")}',
                 f'  why: {diagnosis.get("message") or verdict.get("message")}']
        deviation = diagnosis.get('deviation')
        if deviation:
            # A KX deviation may be a whole profile rather than named flags: then its summary says it all.
            flags = ' + '.join(deviation.get('flags') or [])
            lines.append(f'  mistake: {flags} ({deviation["summary"]})' if flags else f'  mistake: {deviation["summary"]}')
        expected = diagnosis.get('expected') or {}
        diff = self._canonical_diff(entry) if deviation and verdict.get('scheme') == 'xconnect' else None
        if diff:
            lines.append('  canonical request (- expected, + sent, as the mistake reproduces it):')
            lines.extend(diff)
        elif expected.get('canonicalRequest'):
            lines.append('  expected canonical request:')
            lines.extend('      ' + _visible(line) for line in expected['canonicalRequest'].split('\n'))
        elif expected.get('stringToSign'):
            lines.append('  expected string to sign:')
            lines.extend('      ' + _visible(line) for line in expected['stringToSign'].split('\n'))
        provided = diagnosis.get('provided') or {}
        if expected.get('signature') and provided.get('signature'):
            lines.append(f'  signature: expected {expected["signature"]}, sent {provided["signature"]}')
        lines.append(f'  journal entry: {self.url}/__sigkit/journal/{entry["id"]}  '
                     f'(sigkit explain --journal {entry["id"]} --mock-url {self.url})')
        return lines

    def _canonical_diff(self, entry):
        """The line diff of the expected and the sent canonical request, from `sigkit explain --journal N --json`."""
        argv = shlex.split(self.command) + ['explain', '--journal', str(entry['id']), '--mock-url', self.url, '--json']
        try:
            done = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, timeout=60,
                                  text=True, encoding='utf-8', errors='replace')
            explanation = json.loads(done.stdout)
        except (OSError, subprocess.TimeoutExpired, ValueError):
            return None  # the journal's own diagnosis is still shown
        diff = (explanation.get('diagnosis') or {}).get('diff') or {}
        if diff.get('field') != 'canonicalRequest':
            return None
        marks = {'same': '    ', 'removed': '  - ', 'added': '  + '}
        return ['  ' + marks.get(line['op'], '    ') + _visible(line['text']) for line in diff.get('lines', [])]


def _stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _status(entry):
    response = entry.get('response') or {}
    return response.get('status', '?')


def _visible(text):
    """A canonical-request line with its control characters shown, so that a stray \\r is seen."""
    return text.replace('\r', '\\r').replace('\t', '\\t')


def _camel(name):
    head, *rest = name.split('_')
    return head + ''.join(part.capitalize() for part in rest)


def _query_value(value):
    if value is True:
        return 'true'
    if value is False:
        return 'false'
    return str(value)
