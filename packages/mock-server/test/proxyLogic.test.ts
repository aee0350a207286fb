/** The proxy's and the replay's transport-free logic: the comparison with the target, match keys, reading a recording. */
import { describe, expect, it } from 'vitest';
import { canonicalQuery, compareWithTarget, MockInputError, readReplaySource, replayMatchKey, type LocalVerdict } from '../src/core/index.js';

const verdict = (ok: boolean): LocalVerdict => ({
  platform: 'xconnect',
  verdict: { scheme: 'xconnect', ok, code: ok ? 'ok' : 'signature_mismatch', message: ok ? 'verified' : 'the signature differs (CrlfQueryLines)', serverMessage: ok ? '' : 'Not Authorized', diagnosis: null },
  unverifiedBecause: null,
});
const request = { journalId: 4, method: 'GET', target: '/api/v1/kronos/devices' };

describe('compareWithTarget', () => {
  it('names each combination of the local verdict and the target\'s answer', () => {
    expect(compareWithTarget(verdict(true), 200, request)).toMatchObject({ finding: 'agree', line: null });
    const both = compareWithTarget(verdict(false), 401, request);
    expect(both.finding).toBe('agree');
    expect(both.line).toBe('#4 GET /api/v1/kronos/devices → 401 from the target; signature_mismatch: the signature differs (CrlfQueryLines) (journal /__sigkit/journal/4)');
    const platform = compareWithTarget(verdict(true), 403, request);
    expect(platform.finding).toBe('platform');
    expect(platform.line).toMatch(/403 from the target, but the request verifies locally \(ok\): a finding about the platform/);
    expect(compareWithTarget(verdict(false), 200, request)).toMatchObject({ finding: 'local-only', line: expect.stringMatching(/200 from the target, yet rejected locally/) });
    const unverified: LocalVerdict = { platform: 'kx', verdict: null, unverifiedBecause: 'no password was given' };
    expect(compareWithTarget(unverified, 200, request)).toMatchObject({ finding: 'unverified', line: null });
    expect(compareWithTarget(unverified, 401, request).line).toMatch(/not verified locally: no password was given/);
    expect(compareWithTarget(verdict(true), null, { ...request, failure: 'the target refused the connection' }).line).toMatch(/no answer from the target: the target refused the connection/);
  });
});

describe('replay match keys', () => {
  it('matches a query in any order and any percent-encoding of the same values, never another path or method', () => {
    expect(canonicalQuery('_size=5&_page=0')).toBe('_page=0&_size=5');
    expect(replayMatchKey('get', '/api/v1/kronos/devices?_size=5&_page=0')).toBe(replayMatchKey('GET', '/api/v1/kronos/devices?_page=%30&_size=5'));
    expect(replayMatchKey('GET', '/a?x=1+2')).toBe(replayMatchKey('GET', '/a?x=1%202'));
    expect(replayMatchKey('GET', '/a?x=1&x=2')).toBe(replayMatchKey('GET', '/a?x=2&x=1'));
    expect(replayMatchKey('GET', '/a?x=1')).not.toBe(replayMatchKey('GET', '/a?x=2'));
    expect(replayMatchKey('GET', '/a')).not.toBe(replayMatchKey('POST', '/a'));
    expect(replayMatchKey('GET', '/a')).not.toBe(replayMatchKey('GET', '/b'));
    // A malformed escape is kept as sent, and still finds itself.
    expect(replayMatchKey('GET', '/a?x=%zz')).toBe(replayMatchKey('GET', '/a?x=%zz'));
  });
});

const entry = (url: string, status: number, text: string, extra: Record<string, unknown> = {}) => ({
  request: { method: 'GET', url },
  response: { status, headers: [{ name: 'Content-Type', value: 'application/json' }, { name: 'Content-Length', value: String(text.length) }, { name: 'Set-Cookie', value: '[redacted]' }], content: { text, ...extra } },
});

describe('readReplaySource', () => {
  it('serves answers in the order recorded, then the last again, and leaves out redacted, cut and unanswered ones', () => {
    const source = readReplaySource({
      log: {
        entries: [
          entry('https://platform.example/api/v1/kronos/devices?_size=2', 200, '{"n":1}'),
          entry('https://platform.example/api/v1/kronos/devices?_size=2', 200, '{"n":2}'),
          entry('https://platform.example/connect/api/auth/login', 200, '{"sessionId":"[redacted sessionId …7fb5e]"}', { comment: 'secrets in it were replaced by "[redacted]"' }),
          entry('https://platform.example/api/v1/kronos/gateways', 200, '{"data', { comment: 'only the first bytes of the 9000-byte body were kept by the journal' }),
          entry('https://platform.example/api/v1/kronos/telemetries', 0, ''),
        ],
      },
    });
    expect(source.stats).toEqual({ answers: 2, skipped: 3 });
    const first = source.next('GET', '/api/v1/kronos/devices?_size=2')!;
    expect(new TextDecoder().decode(first.body)).toBe('{"n":1}');
    // Framing and redacted headers are the serving server's business, not the recording's.
    expect(first.headers).toEqual({ 'content-type': 'application/json' });
    expect(new TextDecoder().decode(source.next('GET', '/api/v1/kronos/devices?_size=2')!.body)).toBe('{"n":2}');
    expect(source.next('GET', '/api/v1/kronos/devices?_size=2')!.entryIndex).toBe(1);
    expect(source.next('POST', '/connect/api/auth/login')).toBeUndefined();
    const binary = readReplaySource({ log: { entries: [entry('http://h/bin', 200, 'AP8BAg==', { encoding: 'base64' })] } });
    expect([...binary.next('GET', '/bin')!.body]).toEqual([0, 255, 1, 2]);
    expect(source.next('GET', '/api/v1/kronos/gateways')).toBeUndefined();
  });

  it('refuses what is no HAR with a message naming the field', () => {
    expect(() => readReplaySource([], 'x.har')).toThrow(MockInputError);
    expect(() => readReplaySource({ log: {} }, 'x.har')).toThrow('x.har: not a HAR log: expected { "log": { "entries": [...] } }');
    expect(() => readReplaySource({ log: { entries: [{ request: { method: 'GET' }, response: { status: 200 } }] } }, 'x.har')).toThrow('x.har: log.entries[0]: request.method and request.url must be strings');
    expect(() => readReplaySource({ log: { entries: [{ request: { method: 'GET', url: '/' }, response: { status: '200' } }] } }, 'x.har')).toThrow('x.har: log.entries[0]: response.status must be a number');
  });
});
