import { describe, expect, it } from 'vitest';
import { bodyBytesOf, bodyFields } from './bodyEncoding.js';
import { readAnswer } from './readAnswer.js';

describe('readAnswer', () => {
  it('reads a signed request, with its body as text or Base64 and its intermediates', () => {
    const reply = readAnswer({ id: 'a', method: 'GET', target: '/x?y=1', headers: { h: 'v' }, bodyBase64: '/w==', intermediates: { stringToSign: 's' } }, 'signer');
    expect(reply).toEqual({ kind: 'signed', wire: { method: 'GET', target: '/x?y=1', headers: { h: 'v' }, body: Uint8Array.of(0xff) }, intermediates: { stringToSign: 's' } });
  });

  it('reads errors given as a string or as an object with a code', () => {
    expect(readAnswer({ id: 'a', error: 'nope' }, 'signer')).toEqual({ kind: 'error', message: 'nope' });
    expect(readAnswer({ id: 'a', error: { message: 'nope', code: 'X' } }, 'verifier')).toEqual({ kind: 'error', message: 'nope', code: 'X' });
  });

  it('reads verdicts', () => {
    expect(readAnswer({ id: 'a', valid: false, reason: 'clock_skew' }, 'verifier')).toEqual({ kind: 'verdict', valid: false, reason: 'clock_skew' });
  });

  it.each([
    [{ id: 'a', target: '/x', headers: {} }, 'signer', /non-empty string "method"/],
    [{ id: 'a', method: 'GET', target: 'x', headers: {} }, 'signer', /starting with "\/"/],
    [{ id: 'a', method: 'GET', target: '/x', headers: { h: 1 } }, 'signer', /header "h" must be a string/],
    [{ id: 'a', method: 'GET', target: '/x', headers: {}, body: 'a', bodyBase64: 'YQ==' }, 'signer', /both body and bodyBase64/],
    [{ id: 'a', method: 'GET', target: '/x', headers: {}, bodyBase64: 'not base64!' }, 'signer', /not standard padded Base64/],
    [{ id: 'a', valid: 'yes' }, 'verifier', /boolean "valid"/],
    [[1], 'signer', /an array, not an object/],
  ] as const)('names what breaks the protocol in %j', (answer, role, message) => {
    const reply = readAnswer(answer, role);
    expect(reply.kind).toBe('problem');
    expect(reply.kind === 'problem' && reply.message).toMatch(message);
  });
});

describe('body fields', () => {
  it('carries UTF-8 as text and anything else as Base64, and reads both back', () => {
    const text = new Uint8Array(Buffer.from('{"ä":1}'));
    expect(bodyFields(text)).toEqual({ body: '{"ä":1}' });
    expect(bodyFields(Uint8Array.of(0xc3))).toEqual({ bodyBase64: 'ww==' });
    expect(bodyBytesOf(bodyFields(Uint8Array.of(0xc3)))).toEqual(Uint8Array.of(0xc3));
    expect(bodyBytesOf({})).toEqual(new Uint8Array(0));
  });
});
