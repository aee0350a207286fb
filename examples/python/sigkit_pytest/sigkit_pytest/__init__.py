"""sigkit for pytest: the `sigkit_mock` fixture, and tests that fail with the mock's diagnosis.

Load it with `pytest -p sigkit_pytest` (this folder on PYTHONPATH), or install the package
(`pip install examples/python/sigkit_pytest`), whose `pytest11` entry point loads it by itself.

    def test_devices(sigkit_mock):
        client = MyClient(sigkit_mock.url, API_KEY, SECRET_KEY)
        client.get('/api/v1/kronos/devices')

One `sigkit mock --port 0` runs for the whole session (started on first use, stopped at the end).
After each test that used the fixture, the plugin reads the journal entries of that test; if the
mock rejected any of them, the test fails with the mock's diagnosis: the check that failed, the
known client mistake that reproduces the signature (CrlfQueryLines, UnsortedQuery…), and the
expected canonical request beside the one sent. A test that means to send bad requests says so
with `@pytest.mark.sigkit_allow_rejections` or `sigkit_mock.allow_rejections()`.

Options: --sigkit-command (or SIGKIT_COMMAND; default `sigkit`), --sigkit-mock-args (or
SIGKIT_MOCK_ARGS, e.g. "--seed 7 --profile moonstone").
"""
import os

import pytest

from .mock import SigkitMock, SigkitMockError

__all__ = ['SigkitMock', 'SigkitMockError']

_MOCK = pytest.StashKey()


def pytest_addoption(parser):
    group = parser.getgroup('sigkit', 'sigkit mock platform')
    group.addoption('--sigkit-command', default=None,
                    help='how to run sigkit, e.g. "node /path/to/sigkit/packages/cli/dist/bin.js" '
                         '(default: $SIGKIT_COMMAND, else sigkit on PATH)')
    group.addoption('--sigkit-mock-args', default=None,
                    help='more options for sigkit mock, e.g. "--seed 7 --profile moonstone" (default: $SIGKIT_MOCK_ARGS)')


def pytest_configure(config):
    config.addinivalue_line('markers', 'sigkit_allow_rejections: requests the sigkit mock rejects do not fail this test')


@pytest.fixture(scope='session')
def sigkit_mock_session(pytestconfig):
    """The session's mock process, without the per-test journal check (for session-scoped fixtures)."""
    try:
        mock = SigkitMock.start(
            pytestconfig.getoption('sigkit_command') or os.environ.get('SIGKIT_COMMAND'),
            pytestconfig.getoption('sigkit_mock_args') or os.environ.get('SIGKIT_MOCK_ARGS', ''))
    except SigkitMockError as error:
        pytest.fail(str(error), pytrace=False)
    yield mock
    mock.stop()


@pytest.fixture
def sigkit_mock(request, sigkit_mock_session):
    """The running mock (`.url`, `.journal()`, `.add_fault()`, `.clock()`, `.reset()`…); rejected requests fail the test."""
    mock = sigkit_mock_session
    mock.begin_test()
    if request.node.get_closest_marker('sigkit_allow_rejections'):
        mock.allow_rejections()
    request.node.stash[_MOCK] = mock
    yield mock
    mock.end_test()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    mock = item.stash.get(_MOCK, None)
    if call.when != 'call' or mock is None or mock.rejections_allowed or report.skipped:
        return
    rejected = mock.rejections()
    if not rejected:
        return
    text = mock.describe(rejected)
    if report.passed:
        # The test itself passed (it may have swallowed the 401): the rejection is the failure.
        report.outcome = 'failed'
        report.longrepr = text
    else:
        report.sections.append(('sigkit mock: rejected requests', text))
