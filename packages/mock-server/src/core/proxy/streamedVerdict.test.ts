import { createPayloadHasher, signXConnectRequest, signXConnectRequestWithDeviations, type XConnectSignInput } from '@sigkit/signer';
import { describe, expect, it } from 'vitest';
import { createMockCore } from '../createMockCore.js';
import { createLocalVerifier, type PassingRequest } from './localVerdict.js';

const NOW = Date.UTC(2025, 2, 14, 15, 9, 26, 535);
const keys = { apiKey: 'streamed-key', secretKey: 'streamed secret' };
const credentials = [
  keys,
  { apiKey: 'disabled-key', secretKey: 'x', disabled: true },
  { apiKey: 'token-key', secretKey: 'y', signingRequired: false, authToken: 'token-1' },
];
const body = Buffer.from(JSON.stringify({ name: 'Gerät ☃', pad: 'x'.repeat(100_000) }));
const HELD = 1024;

type Case = [name: string, wire: { method: string; target: string; headers: Record<string, string> }];

function signed(input: Partial<XConnectSignInput> = {}, deviations?: Parameters<typeof signXConnectRequestWithDeviations>[1]): Case[1] {
  const full: XConnectSignInput = { method: 'POST', path: '/api/v1/kronos/gateways', query: 'a=1', body, ...keys, timestamp: new Date(NOW), ...input };
  const request = deviations ? signXConnectRequestWithDeviations(full, deviations) : signXConnectRequest(full);
  return { method: request.method, target: request.target, headers: { ...(request.headers as Record<string, string>), 'content-type': 'application/json' } };
}

const cases: Case[] = [
  ['a correct request', signed()],
  ['another secret', signed({ secretKey: 'wrong' })],
  ['a known client mistake', signed({}, ['CrlfQueryLines'])],
  ['a date out of the window', signed({ timestamp: new Date(NOW - 3_600_000) })],
  ['a disabled key', signed({ apiKey: 'disabled-key', secretKey: 'x' })],
  ['version 0', { ...signed(), headers: { ...signed().headers, 'x-arrow-version': '' } }],
  ['an x-auth-token alone', { method: 'POST', target: '/api/v1/kronos/gateways', headers: { 'x-auth-token': 'token-1' } }],
];

/** The verdict on the whole body, and on its first bytes with the hash computed as it streamed. */
function bothWays(profile: 'strict' | 'moonstone', wire: Case[1]) {
  const verifier = createLocalVerifier(createMockCore({ now: () => NOW, profile, includeGuideCredentials: false, credentials }));
  const request: PassingRequest = { journalId: 1, ...wire, body, scheme: 'http' };
  const hasher = createPayloadHasher({ platform: profile === 'moonstone' ? 'moonstone' : 'kit' });
  for (let i = 0; i < body.length; i += 16_384) hasher.update(body.subarray(i, i + 16_384));
  const whole = verifier.verify(request);
  const streamed = verifier.verify({ ...request, body: body.subarray(0, HELD), streamed: { size: body.length, payloadHash: hasher.digest() } });
  // The diagnosis is built when the journal entry is read (settled), as the admin API reads it.
  const json = (verdict: typeof whole.verdict) => {
    (verdict as { settle?: () => void } | null)?.settle?.();
    return JSON.parse(JSON.stringify(verdict)) as { ok: boolean; code: string; message: string; diagnosis: Record<string, unknown> } | null;
  };
  return { whole: json(whole.verdict), streamed: json(streamed.verdict) };
}

describe('verifyStreamedXConnect (through the proxy\'s verifier)', () => {
  for (const profile of ['strict', 'moonstone'] as const) {
    it.each(cases)(`gives the ${profile} verdict on the whole body for %s, explained with less`, (_name, wire) => {
      const { whole, streamed } = bothWays(profile, wire);
      expect(whole).not.toBeNull();
      expect(streamed).toMatchObject({ ok: whole!.ok, code: whole!.code });
      // The same check decided, with the same expectation and reading of what was sent.
      expect(streamed!.diagnosis.expected).toEqual(whole!.diagnosis.expected);
      expect(streamed!.diagnosis.provided).toEqual(whole!.diagnosis.provided);
      expect(streamed!.diagnosis.bodyNotHeld).toMatch(new RegExp(`the body \\(${body.length} bytes\\) was forwarded as it arrived and not held whole \\(the proxy keeps its first ${HELD} bytes\\)`));
      // A rejection says what could not be done; the mistake search is the whole body's alone.
      if (!whole!.ok) expect(streamed!.message).toContain('the search for a known client mistake, which needs the whole body, was not run');
      expect(streamed!.diagnosis.deviation).toBeNull();
    });
  }

  it('names the mistake on the whole body, which the streamed verdict cannot', () => {
    const { whole, streamed } = bothWays('strict', signed({}, ['CrlfQueryLines']));
    expect(whole!.diagnosis.deviation).toMatchObject({ flags: ['CrlfQueryLines'] });
    expect(streamed!.diagnosis.deviation).toBeNull();
  });

  it('leaves a moonstone form body unjudged: the platform read it as parameters', () => {
    const verifier = createLocalVerifier(createMockCore({ now: () => NOW, profile: 'moonstone', includeGuideCredentials: false, credentials }));
    const wire = signed();
    const verdict = verifier.verify({ journalId: 1, ...wire, headers: { ...wire.headers, 'content-type': 'application/x-www-form-urlencoded' }, body: body.subarray(0, HELD), scheme: 'http', streamed: { size: body.length, payloadHash: 'a'.repeat(64) } });
    expect(verdict).toMatchObject({ platform: 'xconnect', verdict: null, unverifiedBecause: expect.stringMatching(/form body as parameters/) });
  });
});
