"""A suite that fails: the client makes two known signing mistakes, and pytest's output names them.

    PYTHONPATH=examples/python/sigkit_pytest SIGKIT_COMMAND="node packages/cli/dist/bin.js" \
      python3 -m pytest -p sigkit_pytest -p no:cacheprovider examples/python/sigkit_pytest/examples/test_broken.py
"""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))  # examples/python, for the guide's client
from xconnect_client import GUIDE_API_KEY, GUIDE_SECRET_KEY, Rejected, XConnectClient  # noqa: E402

API = '/api/v1/kronos'


def test_crlf_query_lines_fail_even_when_the_401_is_swallowed(sigkit_mock):
    # Ends each canonical query line with "\r\n" (CrlfQueryLines). The test catches the 401, as a client
    # with a retry or a fallback would; the plugin still fails it with the mock's diagnosis.
    client = XConnectClient(sigkit_mock.url, GUIDE_API_KEY, GUIDE_SECRET_KEY, break_mode='crlf-query-lines')
    try:
        client.request('GET', API + '/devices', [('_page', '0'), ('_size', '10')])
    except Rejected:
        pass


def test_unsorted_query_lines(sigkit_mock):
    # Keeps the query lines in request order (UnsortedQuery): the 401 fails the test, and the plugin
    # adds the mock's diagnosis to the failure.
    client = XConnectClient(sigkit_mock.url, GUIDE_API_KEY, GUIDE_SECRET_KEY, break_mode='unsorted-query')
    client.request('GET', API + '/devices', [('type', 'asset-tag'), ('_size', '5')])
