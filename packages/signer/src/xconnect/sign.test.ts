import { describe, expect, it } from 'vitest';
import { SigkitDateError, SigkitInputError } from '../errors.js';
import { GUIDE } from '../../test/guideVector.js';
import { signXConnectRequest, type XConnectSignInput } from './sign.js';

const guideInput: XConnectSignInput = {
  method: GUIDE.method, path: GUIDE.path, query: GUIDE.query, apiKey: GUIDE.apiKey, secretKey: GUIDE.secretKey, timestamp: GUIDE.timestamp,
};

describe('signXConnectRequest', () => {
  it("reproduces every value of the guide's documented example", () => {
    const signed = signXConnectRequest(guideInput);
    expect(signed.trace.payloadHash).toBe(GUIDE.emptyPayloadHash);
    expect(signed.trace.canonicalRequestHash).toBe(GUIDE.canonicalRequestHash);
    expect(signed.trace.stringToSign).toBe(GUIDE.stringToSign);
    expect(signed.trace.signingKey).toEqual(GUIDE.signingKey);
    expect(signed.headers).toEqual({
      'x-arrow-apikey': GUIDE.apiKey,
      'x-arrow-date': GUIDE.timestamp,
      'x-arrow-version': '1',
      'x-arrow-signature': GUIDE.signature,
    });
    expect(signed.target).toBe(`${GUIDE.path}?${GUIDE.query}`);
  });

  it('gives the same signature for the same parameters in any order', () => {
    const reordered = signXConnectRequest({ ...guideInput, query: 'Age=30&firstName=Jane&lastName=Doe' });
    expect(reordered.headers['x-arrow-signature']).toBe(GUIDE.signature);
  });

  it('encodes structured parameters into the target and signs them decoded', () => {
    const signed = signXConnectRequest({ ...guideInput, query: [['lastName', 'Doe'], ['firstName', 'Jane'], ['Age', '30']] });
    expect(signed.target).toBe(`${GUIDE.path}?lastName=Doe&firstName=Jane&Age=30`);
    expect(signed.headers['x-arrow-signature']).toBe(GUIDE.signature);
  });

  it('sends no version header for version 0 and signs without the body', () => {
    const a = signXConnectRequest({ ...guideInput, version: 0, body: '{"a":1}' });
    const b = signXConnectRequest({ ...guideInput, version: 0, body: '{"a":2}' });
    expect(a.headers['x-arrow-version']).toBeUndefined();
    expect(a.headers['x-arrow-signature']).toBe(b.headers['x-arrow-signature']);
    expect(a.trace.stringToSign).toBe(`POST\n${GUIDE.path}\nage=30\nfirstname=Jane\nlastname=Doe\nx-arrow-apikey=${GUIDE.apiKey}\nx-arrow-date=${GUIDE.timestamp}`);
  });

  it('ends the string to sign with "2" for version 2', () => {
    const signed = signXConnectRequest({ ...guideInput, version: 2 });
    expect(signed.headers['x-arrow-version']).toBe('2');
    expect(signed.trace.stringToSign.endsWith('\n2')).toBe(true);
    expect(signed.headers['x-arrow-signature']).not.toBe(GUIDE.signature);
  });

  it('signs a Date as its ISO text and defaults to now', () => {
    const at = new Date('2020-01-02T03:04:05.006Z');
    expect(signXConnectRequest({ ...guideInput, timestamp: at }).headers['x-arrow-date']).toBe('2020-01-02T03:04:05.006Z');
    const now = Date.parse(signXConnectRequest({ ...guideInput, timestamp: undefined }).headers['x-arrow-date']);
    expect(Math.abs(now - Date.now())).toBeLessThan(60_000);
  });

  it.each([
    [{ apiKey: '' }, 'EMPTY_API_KEY'],
    [{ secretKey: undefined }, 'EMPTY_SECRET_KEY'],
    [{ method: 'GE T' }, 'INVALID_METHOD'],
    [{ path: 'api/v1' }, 'INVALID_PATH'],
    [{ path: '/a b' }, 'INVALID_PATH'],
    [{ path: '/a?b=1' }, 'INVALID_PATH'],
    [{ query: 'a=%zz' }, 'MALFORMED_QUERY'],
    [{ query: 'a=b c' }, 'INVALID_QUERY'],
    [{ query: [['a', 1]] }, 'INVALID_QUERY'],
    [{ body: { a: 1 } }, 'INVALID_BODY'],
    [{ version: 3 }, 'INVALID_VERSION'],
    [{ timestamp: new Date('nope') }, 'INVALID_TIMESTAMP'],
  ])('rejects %j with %s', (patch, code) => {
    const call = () => signXConnectRequest({ ...guideInput, ...(patch as object) } as XConnectSignInput);
    expect(call).toThrow(SigkitInputError);
    expect(call).toThrow(expect.objectContaining({ code }));
  });

  it.each(['2016-04-12 14:28:36Z', '2016-04-12T14:28:36.218', '2016-13-12T14:28:36Z', '2016-02-30T00:00:00Z', 'yesterday'])(
    'rejects the timestamp %s as not ISO-8601 with a zone',
    (timestamp) => {
      expect(() => signXConnectRequest({ ...guideInput, timestamp })).toThrow(SigkitDateError);
    },
  );
});
