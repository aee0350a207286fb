import { createHash, createHmac } from 'node:crypto';
import { explainKxMismatch, kxProfile } from '../index.js';
import { describe, expect, it } from 'vitest';
import { diagnoseKx } from './diagnoseKx.js';
import { signKxFamilyMember, type KxFamilyMember } from './kxFamilies.js';

// A call signed by docs/spec/kx-connect.md §2 (default profile: parts joined by "\n", standard padded
// Base64 of the HMAC-SHA1), computed here from the spec with the one mistake under test.
const username = 'kxSupport';
const sessionIds = ['7f3c9a1e5b2d4c8f9e0a1b2c3d4e5f60', '0123456789abcdef0123456789abcdef', 'fedcba9876543210fedcba9876543210', '11112222333344445555666677778888'];
let sessionId = sessionIds[0]!;
const date = 'Fri, 26 Jul 2019 16:59:00 GMT';
const body = JSON.stringify({ type: 'getMemReq', msg: [{ syms: ['gw-1'] }], id: 'e133598e-7b9e-429a-b3e5-bda881c47024', date });

function call(spell: (mac: Buffer) => string, joiner = '\n') {
  const digest = createHash('md5').update(body, 'utf8').digest('hex');
  const toSign = ['POST', '/connect/api/monPublic/getMem', username, digest, 'application/json', date, sessionId].join(joiner);
  const mac = createHmac('sha1', sessionId).update(toSign, 'utf8').digest();
  return {
    method: 'POST', target: '/connect/api/monPublic/getMem', body,
    headers: { 'Content-Type': 'application/json', Authorization: `${username}${sessionId.slice(-5)}:${spell(mac)}` },
  };
}

const diagnose = (spell: (mac: Buffer) => string, joiner?: string) => diagnoseKx(call(spell, joiner), { username, sessionId, profile: kxProfile() });
const names = (spell: (mac: Buffer) => string, joiner?: string) => diagnose(spell, joiner).deviations.map((d) => d.flags.join('+')).sort();
const base64 = (mac: Buffer) => mac.toString('base64');

describe('KX families, each proved by replay on the call sent', () => {
  it('the control: the right signature names nothing', () => {
    expect(names(base64)).toEqual([]);
  });

  it('names Base64Url for Base64url with its padding kept', () => {
    const padded = (mac: Buffer) => mac.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
    // A session whose signature has a "+" or "/", so that the alphabets differ.
    sessionId = sessionIds.find((id) => {
      sessionId = id;
      return /[+/]/.test(call(base64).headers.Authorization.split(':')[1]!);
    })!;
    expect(sessionId).toBeDefined();
    expect(names(padded)).toEqual(['Base64Url']);
    expect(names(padded)).not.toContain('UnpaddedBase64');
  });

  it('names UnpaddedBase64 for standard Base64 without "=" (and Base64Url too when no "+" or "/" tells them apart)', () => {
    const unpadded = (mac: Buffer) => mac.toString('base64').replace(/=+$/, '');
    expect(names(unpadded)).toContain('UnpaddedBase64');
  });

  it('names WrongSeparator for parts joined by "\\r\\n", at the joiner, not at the method', () => {
    const d = diagnose(base64, '\r\n');
    expect(d.deviations.map((m) => m.flags)).toEqual([['WrongSeparator']]);
    expect(d.firstDifferingStep).toBe('joiner');
  });

  it('names nothing for a signature made with another session id', () => {
    const other = (_mac: Buffer) => createHmac('sha1', 'another').update('x').digest('base64');
    expect(names(other)).toEqual([]);
  });
});

describe('signKxFamilyMember, the replay of a member proved on one call', () => {
  it('gives the Authorization signature the search proved, and nothing where the member is the reference', () => {
    const padded = (mac: Buffer) => `${mac.toString('base64url')}${'='.repeat((4 - (mac.toString('base64url').length % 4)) % 4)}`;
    for (const [spell, joiner] of [[padded, undefined], [base64, '\r\n']] as const) {
      const d = diagnose(spell, joiner);
      const member = d.deviations[0]?.member as KxFamilyMember;
      expect(member.family).toBe('kx');
      const { expected } = explainKxMismatch(call(spell, joiner), { username, sessionId }, { profile: kxProfile() });
      const sent = call(spell, joiner).headers.Authorization.split(':').pop();
      expect(signKxFamilyMember(expected, sessionId, member)).toBe(sent);
      expect(signKxFamilyMember(expected, sessionId, { family: 'kx', spelling: 'base64' })).toBeUndefined();
    }
  });
});
