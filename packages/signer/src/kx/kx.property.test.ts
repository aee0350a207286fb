import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WireRequest } from '../shared/wire.js';
import { kxIdentity } from './authorization.js';
import { KX_VARIANT_NAMES, kxProfile, type KxVariantName } from './profile.js';
import { formatRfc1123, parseRfc1123 } from './rfc1123.js';
import { signKxRequest, type KxSignedRequest, type KxSignInput } from './sign.js';
import { verifyKxRequest, type KxSessionRecord, type KxVerdict } from './verify.js';

const RUNS = { numRuns: 1000 };
const CONTROL = /[\u0000-\u001f\u007f]/;

// Usernames: ASCII and any Unicode, minus what no header can carry (control characters) or keep
// (leading whitespace, which HTTP strips).
const username = fc
  .oneof(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 16 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 16 }))
  .filter((s) => !CONTROL.test(s) && !/^\s/.test(s));
// Session ids: the kit's 32 hex characters, or anything of five or more code points.
const sessionId = fc.oneof(
  fc.stringMatching(/^[0-9a-f]{32}$/),
  fc.string({ unit: 'binary', minLength: 5, maxLength: 40 }).filter((s) => !CONTROL.test(s)),
);
const segment = fc.stringMatching(/^[A-Za-z0-9\-._~!$&'()*+,;=:@]{1,16}$/).filter((s) => s !== '.' && s !== '..');
const params = fc.dictionary(
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.jsonValue({ maxDepth: 3 })),
  { maxKeys: 5 },
);
const profileName = fc.constantFrom<KxVariantName | undefined>(undefined, ...KX_VARIANT_NAMES);
// Seconds resolution, as RFC 1123 carries; the server clock anywhere within the 900-second window.
const instant = fc.integer({ min: Date.UTC(1990, 0, 1) / 1000, max: Date.UTC(2100, 0, 1) / 1000 }).map((s) => s * 1000);
const skew = fc.integer({ min: -900_000, max: 900_000 });

interface Case {
  input: KxSignInput;
  nowMs: number;
  profile: KxVariantName | undefined;
}

const signedCase = fc
  .record({
    username,
    sessionId,
    group: segment,
    method: segment,
    params,
    id: fc.uuid(),
    at: instant,
    skew,
    profile: profileName,
    contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8'),
  })
  .map(({ at, skew: offset, profile, ...rest }): Case => ({
    input: { ...rest, date: new Date(at), ...(profile === undefined ? {} : { profile }) },
    nowMs: at + offset,
    profile,
  }));

const toWire = (request: KxSignedRequest): WireRequest => ({ method: request.method, target: request.path, headers: { ...request.headers }, body: request.body });

function verifyAgainst(wire: WireRequest, sessions: KxSessionRecord[], c: Case): KxVerdict {
  const byIdentity = new Map(sessions.map((s) => [kxIdentity(s.username, s.sessionId), s]));
  return verifyKxRequest(wire, { lookupSession: (identity) => byIdentity.get(identity), now: c.nowMs, profile: c.profile });
}

const session = (c: Case): KxSessionRecord => ({ username: c.input.username, sessionId: c.input.sessionId });

describe('KX Connect sign → verify (properties)', () => {
  it('verify accepts whatever sign produces, under every profile', () => {
    fc.assert(
      fc.property(signedCase, (c) => {
        const verdict = verifyAgainst(toWire(signKxRequest(c.input)), [session(c)], c);
        expect(verdict.code).toBe('ok');
        expect(verdict.ok).toBe(true);
      }),
      RUNS,
    );
  });

  it('refuses the request once one parameter value changes (body still valid JSON)', () => {
    fc.assert(
      fc.property(signedCase, fc.nat(), (c, pick) => {
        const wire = toWire(signKxRequest(c.input));
        const body = JSON.parse(wire.body as string) as { msg: Record<string, unknown>[] };
        const msg = body.msg[0]!;
        const keys = Object.keys(msg).filter((k) => k !== '__proto__');
        const key = keys.length > 0 ? keys[pick % keys.length]! : 'added';
        // Wrapping the old value always yields a different one, whatever it was.
        Object.defineProperty(msg, key, { value: { was: msg[key] ?? null }, enumerable: true, writable: true, configurable: true });
        const tampered = { ...wire, body: JSON.stringify(body) };
        expect(tampered.body).not.toBe(wire.body);
        expect(verifyAgainst(tampered, [session(c)], c).code).toBe('signature_mismatch');
      }),
      RUNS,
    );
  });

  it('refuses the request once the signed date moves', () => {
    fc.assert(
      fc.property(signedCase, fc.integer({ min: 1, max: 900 }), fc.boolean(), (c, seconds, later) => {
        const request = signKxRequest(c.input);
        const wire = toWire(request);
        const date = request.trace.date;
        const moved = formatRfc1123(new Date(parseRfc1123(date).getTime() + (later ? seconds : -seconds) * 1000));
        let tampered: WireRequest;
        if (kxProfile(c.profile).datePart === 'dateHeader') {
          tampered = { ...wire, headers: { ...wire.headers, Date: moved } };
        } else {
          const body = wire.body as string;
          const tail = `"date":"${date}"}`;
          expect(body.endsWith(tail)).toBe(true);
          tampered = { ...wire, body: `${body.slice(0, -tail.length)}"date":"${moved}"}` };
        }
        // Within the window the signature gives it away; beyond it, the clock does first.
        expect(['signature_mismatch', 'clock_skew']).toContain(verifyAgainst(tampered, [session(c)], c).code);
      }),
      RUNS,
    );
  });

  it('refuses a sessionId that differs from the live one in a single character', () => {
    fc.assert(
      fc.property(signedCase, fc.nat(), (c, pick) => {
        const chars = Array.from(c.input.sessionId);
        const at = pick % chars.length;
        chars[at] = chars[at] === 'x' ? 'y' : 'x';
        const live: KxSessionRecord = { username: c.input.username, sessionId: chars.join('') };
        const verdict = verifyAgainst(toWire(signKxRequest(c.input)), [live], c);
        // A change in the last five characters changes the identity itself.
        expect(verdict.code).toBe(at >= chars.length - 5 ? 'unknown_session' : 'signature_mismatch');
      }),
      RUNS,
    );
  });

  it("refuses one user's session presented under another username", () => {
    fc.assert(
      fc.property(signedCase, username, (c, other) => {
        fc.pre(other !== c.input.username);
        const wire = toWire(signKxRequest({ ...c.input, username: other }));
        expect(verifyAgainst(wire, [session(c)], c).code).toBe('unknown_session');
      }),
      RUNS,
    );
  });

  it('refuses the request once one character of the signature changes', () => {
    fc.assert(
      fc.property(signedCase, fc.nat(), fc.nat(), (c, pickIndex, pickChar) => {
        const request = signKxRequest(c.input);
        const { signature } = request.trace;
        const at = pickIndex % signature.length;
        const alphabet = 'ABCabc012+/-_=';
        const replacement = [...alphabet].filter((ch) => ch !== signature[at])[pickChar % (alphabet.length - 1)]!;
        const forged = signature.slice(0, at) + replacement + signature.slice(at + 1);
        const authorization = `${kxIdentity(c.input.username, c.input.sessionId)}:${forged}`;
        const wire = { ...toWire(request), headers: { ...request.headers, Authorization: authorization } };
        expect(verifyAgainst(wire, [session(c)], c).code).toBe('signature_mismatch');
      }),
      RUNS,
    );
  });
});
