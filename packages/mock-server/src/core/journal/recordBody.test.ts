import { describe, expect, it } from 'vitest';
import { recordBody } from './recordBody.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('recordBody', () => {
  it('keeps a short text body whole and says so', () => {
    expect(recordBody(bytes('{"a":1}'), 100)).toEqual({ size: 7, truncated: false, encoding: 'utf8', data: '{"a":1}', redacted: false });
  });

  it('never keeps a secret whose value straddles the limit, in JSON or form bodies', () => {
    const json = '{"user":"a","password":"hunter2-is-long"}';
    for (let limit = 1; limit < json.length; limit += 1) {
      const record = recordBody(bytes(json), limit);
      expect(record.data, `limit ${limit}`).not.toMatch(/hunt|unter|ter2/);
      expect(Buffer.byteLength(record.data), `limit ${limit}`).toBeLessThanOrEqual(limit);
    }
    const form = 'user=a&password=hunter2-is-long&x=1';
    for (let limit = 1; limit < form.length; limit += 1) expect(recordBody(bytes(form), limit).data).not.toMatch(/hunt|unter|ter2/);
  });

  it('does not split a multi-byte character at the limit', () => {
    const record = recordBody(bytes('ééé'), 3); // 6 bytes, the limit falls inside the second é
    expect(record).toMatchObject({ size: 6, truncated: true, data: 'é' });
  });

  it('keeps bodies that are not UTF-8 as base64 of their first bytes', () => {
    expect(recordBody(Uint8Array.from([0xff, 0x00, 0x01, 0x02]), 2)).toEqual({ size: 4, truncated: true, encoding: 'base64', data: '/wA=', redacted: false });
  });
});
