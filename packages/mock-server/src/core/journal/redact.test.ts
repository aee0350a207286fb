import { describe, expect, it } from 'vitest';
import { recordBody } from './recordBody.js';
import { isSecretHeader, REDACTED_FIRST_LINK, redactDiagnosis, redactHeaders, redactTarget, redactText } from './redact.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('redaction', () => {
  it('hides password-like JSON fields whatever their case, and form fields', () => {
    expect(redactText('{"Password": "p\\"w", "secretKey":"abc", "name":"n"}').text).toBe('{"Password": "[redacted]", "secretKey":"[redacted]", "name":"n"}');
    expect(redactText('grant=x&password=hunter2&b=1').text).toBe('grant=x&password=[redacted]&b=1');
    expect(redactText('{"name":"password"}')).toEqual({ text: '{"name":"password"}', redacted: false });
    expect(redactText('{"user":"a","password":"unterminated').text).toBe('{"user":"a","password":"[redacted]"');
  });

  it('hides a password sent as a bare number or literal, as a KX login may', () => {
    expect(redactText('{"msg":[{"username":"kxSupport","password":12345678}]}')).toEqual({ text: '{"msg":[{"username":"kxSupport","password":"[redacted]"}]}', redacted: true });
    expect(redactText('{"pwd": -1.5e3, "secret":true,"n":12345678}').text).toBe('{"pwd": "[redacted]", "secret":"[redacted]","n":12345678}');
  });

  it('hides credential headers and keeps signature headers', () => {
    expect(redactHeaders({ Authorization: ['Bearer x'], 'x-auth-token': 't', 'x-arrow-signature': ['sig'], accept: ['a', 'b'] })).toEqual({
      authorization: '[redacted]', 'x-auth-token': '[redacted]', 'x-arrow-signature': 'sig', accept: ['a', 'b'],
    });
  });
});

describe('recordBody', () => {
  it('keeps small text bodies whole and redacted', () => {
    expect(recordBody(bytes('{"password":"x"}'), 1024)).toEqual({ size: 16, truncated: false, encoding: 'utf8', data: '{"password":"[redacted]"}', redacted: true });
  });

  it('redacts before cutting, so a secret at the limit does not leak', () => {
    const body = `{"a":"${'x'.repeat(20)}","password":"topsecretvalue"}`;
    const recorded = recordBody(bytes(body), body.indexOf('topsecret') + 5);
    expect(recorded.truncated).toBe(true);
    expect(recorded.data).not.toContain('topse');
    expect(recorded.size).toBe(body.length);
  });

  it('cuts long text at the limit without splitting a character', () => {
    const recorded = recordBody(bytes('é'.repeat(10)), 5);
    expect(recorded).toMatchObject({ truncated: true, encoding: 'utf8', data: 'éé', size: 20 });
  });

  it('keeps binary bodies as base64', () => {
    expect(recordBody(Uint8Array.from([0xff, 0x00, 0xfe]), 2)).toEqual({ size: 3, truncated: true, encoding: 'base64', data: '/wA=', redacted: false });
  });
});

describe('KX session ids', () => {
  const id = '9e114bae0c2b4d6f8a1e3c5b7d97fb5e';

  it('masks a sessionId field and every other occurrence of its value, keeping the last five characters', () => {
    const text = JSON.stringify({ expected: { sessionId: id, stringToSign: `POST\n/connect/api/monPublic/getMem\n${id}` } });
    const { text: clean, redacted } = redactText(text);
    expect(redacted).toBe(true);
    expect(clean).not.toContain(id);
    expect(clean).not.toContain(id.slice(0, 20));
    expect(JSON.parse(clean)).toEqual({ expected: { sessionId: '[redacted sessionId …7fb5e]', stringToSign: 'POST\n/connect/api/monPublic/getMem\n[redacted sessionId …7fb5e]' } });
  });

  it('masks an id cut short by the journal limit, in a field or at the end of a string to sign', () => {
    expect(redactText(`{"msg":[{"sessionId":"${id.slice(0, 12)}`).text).toBe('{"msg":[{"sessionId":"[redacted sessionId]"');
    expect(redactText(`{"sessionId":"${id}","stringToSign":"POST\\n${id.slice(0, 10)}`).text).toBe('{"sessionId":"[redacted sessionId …7fb5e]","stringToSign":"POST\\n[redacted sessionId …7fb5e]');
    expect(recordBody(bytes(`{"sessionId":"${id}"}`), 20).data).not.toContain(id.slice(0, 6));
  });

  it('leaves texts without a sessionId alone', () => {
    expect(redactText('{"username":"kxSupport","id":"9e114bae0c2b4d6f"}')).toEqual({ text: '{"username":"kxSupport","id":"9e114bae0c2b4d6f"}', redacted: false });
  });
});

describe('a password in a body that is not JSON', () => {
  it('is redacted when written as a bare word', () => {
    expect(redactText('{"msg":[{"username":"kxSupport","password":hunter2}]}').text).toBe('{"msg":[{"username":"kxSupport","password":"[redacted]"}]}');
  });
});

describe('one redaction pass beyond bodies (issue #18)', () => {
  it('hides headers named as secrets are, in any case, with or without x-', () => {
    expect(redactHeaders({ PaSsWoRd: 'hunter2', 'X-Secret-Key': 's', 'x-client-secret': 'c', 'x-request-id': 'r' })).toEqual({
      password: '[redacted]', 'x-secret-key': '[redacted]', 'x-client-secret': '[redacted]', 'x-request-id': 'r',
    });
    expect(isSecretHeader('x-arrow-signature')).toBe(false);
    expect(isSecretHeader('x-arrow-apikey')).toBe(false);
  });

  it('redacts secret query parameters of a request-target by their decoded names', () => {
    expect(redactTarget('/login?user=a&p%61ssword=hunter2&b=1')).toBe('/login?user=a&p%61ssword=%5Bredacted%5D&b=1');
    expect(redactTarget('/devices?size=2')).toBe('/devices?size=2');
    expect(redactTarget('/devices')).toBe('/devices');
  });

  it('redacts a diagnosis: query lines of a canonical request, the first link of a key chain, names and session ids', () => {
    const diagnosis = {
      expected: { canonicalRequest: 'GET\n/devices\nPassword=hunter2\nsize=2\n', signingKey: ['k1-link', 'k2-link', 'k3-link'], sessionId: '9e114bae0c2b4d6f8a1e3c5b7d97fb5e' },
      provided: { secret: 'x', chain: { k1: 'k1-link', k2: 'k2-link' } },
    };
    const before = JSON.stringify(diagnosis);
    const clean = redactDiagnosis(diagnosis);
    expect(JSON.stringify(diagnosis)).toBe(before);
    expect(clean).toEqual({
      expected: { canonicalRequest: 'GET\n/devices\nPassword=[redacted]\nsize=2\n', signingKey: [REDACTED_FIRST_LINK, 'k2-link', 'k3-link'], sessionId: '[redacted sessionId …7fb5e]' },
      provided: { secret: '[redacted]', chain: { k1: REDACTED_FIRST_LINK, k2: 'k2-link' } },
    });
    expect(redactDiagnosis(null)).toBeNull();
  });
});
