import { describe, expect, it } from 'vitest';
import { recordBody } from './recordBody.js';
import { redactHeaders, redactText } from './redact.js';

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
