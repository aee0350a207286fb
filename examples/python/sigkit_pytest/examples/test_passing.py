"""A suite that passes: the guide's client (examples/python/xconnect_client.py) signs correctly.

    PYTHONPATH=examples/python/sigkit_pytest SIGKIT_COMMAND="node packages/cli/dist/bin.js" \
      python3 -m pytest -p sigkit_pytest -p no:cacheprovider examples/python/sigkit_pytest/examples/test_passing.py
"""
import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))  # examples/python, for the guide's client
from xconnect_client import GUIDE_API_KEY, GUIDE_SECRET_KEY, Rejected, XConnectClient  # noqa: E402

API = '/api/v1/kronos'


@pytest.fixture
def client(sigkit_mock):
    return XConnectClient(sigkit_mock.url, GUIDE_API_KEY, GUIDE_SECRET_KEY)


def test_lists_devices_with_a_query(client):
    answer = client.request('GET', API + '/devices', [('type', 'asset-tag'), ('enabled', 'true'), ('_size', '20')])
    assert answer['size'] == 20
    assert all(device['type'] == 'asset-tag' for device in answer['data'])


def test_registers_a_device_then_finds_it(client, sigkit_mock):
    gateway = client.request('GET', API + '/gateways', [('_size', '1')])['data'][0]
    registered = client.request('POST', API + '/devices', payload={
        'uid': 'pytest-device-1', 'name': 'pytest device', 'type': 'example-sensor', 'gatewayHid': gateway['hid']})
    found = client.request('GET', API + '/devices', [('uid', 'pytest-device-1')])
    assert found['data'][0]['hid'] == registered['hid']
    # Every request of this test is in the journal, accepted.
    entries = sigkit_mock.journal(path=API + '/devices', limit=2)
    assert [entry['verdict']['ok'] for entry in entries] == [True, True]


def test_a_fault_is_not_a_rejection(client, sigkit_mock):
    # The signature is right, so the mock's verdict is ok; only the answer is the injected 503.
    sigkit_mock.add_fault(method='GET', path=API + '/devices', respond={'status': 503}, times=1)
    with pytest.raises(Rejected) as raised:
        client.request('GET', API + '/devices')
    assert raised.value.status == 503
    assert client.request('GET', API + '/devices', [('_size', '1')])['size'] == 1


@pytest.mark.sigkit_allow_rejections
def test_a_skewed_clock_is_rejected(client, sigkit_mock):
    # A test that means to be rejected says so; the plugin then leaves the verdicts to the test.
    sigkit_mock.clock(offset_seconds=900)
    with pytest.raises(Rejected):
        client.request('GET', API + '/devices')
    [rejected] = sigkit_mock.rejections()
    assert rejected['verdict']['code'] == 'clock_skew'


def test_the_clock_is_back_after_the_test_that_moved_it(sigkit_mock):
    assert sigkit_mock.clock()['offsetMs'] == 0
