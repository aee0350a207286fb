import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { kxProfile } from '@sigkit/signer';
import { createRequestBodyTap } from './requestBodyTap.js';

const bytes = (text: string) => Buffer.from(text);

describe('createRequestBodyTap', () => {
  it('holds a body within the limit whole and digests nothing', () => {
    const tap = createRequestBodyTap(10, { scheme: 'xconnect', platform: 'kit' });
    tap.add(bytes('01234'));
    tap.add(bytes('56789'));
    expect(tap.whole).toBe(true);
    expect(Buffer.from(tap.held()).toString()).toBe('0123456789');
    expect(tap.streamed()).toBeUndefined();
  });

  it('keeps only the first bytes of a longer body, and its hash from the first byte', () => {
    const tap = createRequestBodyTap(10, { scheme: 'xconnect', platform: 'kit' });
    const body = 'abcdefgh|ijklmnopqrstuvwxyz'.repeat(100);
    for (let i = 0; i < body.length; i += 7) tap.add(bytes(body.slice(i, i + 7)));
    expect(tap.whole).toBe(false);
    expect(tap.size).toBe(body.length);
    expect(Buffer.from(tap.held()).toString()).toBe(body.slice(0, 10));
    expect(tap.streamed()).toEqual({ size: body.length, payloadHash: createHash('sha256').update(body).digest('hex') });
  });

  it('digests a KX body and reads its fields; none under the profile that needs the whole body', () => {
    const body = JSON.stringify({ type: 'getMemReq', msg: [{ pad: 'x'.repeat(100) }], id: '1', date: 'Fri, 26 Jul 2019 16:59:00 GMT' });
    const tap = createRequestBodyTap(16, { scheme: 'kx', profile: kxProfile() });
    tap.add(bytes(body.slice(0, 20)));
    tap.add(bytes(body.slice(20)));
    expect(tap.streamed()).toEqual({ size: body.length, kxBodyDigest: createHash('md5').update(body).digest('hex'), kxStandIn: JSON.stringify({ type: 'getMemReq', id: '1', date: 'Fri, 26 Jul 2019 16:59:00 GMT' }) });
    const whole = createRequestBodyTap(16, { scheme: 'kx', profile: kxProfile({ bodyDigest: 'md5OfReserializedJson' }) });
    whole.add(bytes(body));
    expect(whole.streamed()).toMatchObject({ size: body.length, kxStandIn: expect.any(String) });
    expect(whole.streamed()?.kxBodyDigest).toBeUndefined();
  });

  it('keeps a prefix and computes nothing for a path of neither scheme', () => {
    const tap = createRequestBodyTap(4, { scheme: null });
    tap.add(bytes('0123456789'));
    expect(Buffer.from(tap.held()).toString()).toBe('0123');
    expect(tap.streamed()).toEqual({ size: 10 });
  });
});
