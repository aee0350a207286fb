import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordBody, recordText, repeatedBodyRecorder } from './recordBody.js';

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

describe('recordText', () => {
  it('cuts by UTF-8 bytes, never inside a character, and copies only the head', () => {
    // 'a' 1 byte, 'é' 2, '😀' 4 (a surrogate pair in UTF-16): 7 bytes; a limit of 6 falls inside the emoji.
    expect(recordText('aé😀', 6)).toEqual({ size: 7, truncated: true, encoding: 'utf8', data: 'aé', redacted: false });
    expect(recordText('aé😀', 7)).toEqual({ size: 7, truncated: false, encoding: 'utf8', data: 'aé😀', redacted: false });
    // 3 characters, but 9 bytes: the character count alone would keep all of it.
    expect(recordText('€€€', 4)).toMatchObject({ size: 9, truncated: true, data: '€' });
  });

  it('redacts secrets as recordBody does', () => {
    expect(recordText('{"password":"x"}', 1024)).toEqual({ size: 16, truncated: false, encoding: 'utf8', data: '{"password":"[redacted]"}', redacted: true });
  });

  it('records any well-formed text exactly as recordBody records its UTF-8 bytes', () => {
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fc.json({ maxDepth: 2 }), fc.constantFrom('{"secret":"abcdef"}', 'pwd=12345678&a=b'));
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 80 }), (value, limit) => {
        expect(recordText(value, limit)).toEqual(recordBody(new TextEncoder().encode(value), limit));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('repeatedBodyRecorder', () => {
  it('records as recordBody does, and shares one frozen record for the same bytes again', () => {
    const record = repeatedBodyRecorder();
    const first = record(bytes('{"password":"x","a":1}'), 1024);
    expect(first).toEqual(recordBody(bytes('{"password":"x","a":1}'), 1024));
    expect(Object.isFrozen(first)).toBe(true);
    expect(record(bytes('{"password":"x","a":1}'), 1024)).toBe(first);
    // Other bytes, or another limit, are recorded afresh.
    expect(record(bytes('{"password":"y","a":1}'), 1024)).not.toBe(first);
    expect(record(bytes('{"password":"y","a":1}'), 4)).toEqual(recordBody(bytes('{"password":"y","a":1}'), 4));
  });

  it("compares with a copy: the caller's buffer may be reused for other bytes", () => {
    const record = repeatedBodyRecorder();
    const buffer = Buffer.from('first answer');
    const first = record(buffer, 1024);
    buffer.write('other answer');
    expect(record(buffer, 1024).data).toBe('other answer');
    expect(first.data).toBe('first answer');
  });

  it('keeps the recorders apart: requests and answers recorded alternately each share their own', () => {
    const requests = repeatedBodyRecorder();
    const answers = repeatedBodyRecorder();
    const request = requests(bytes('a=1'), 100);
    const answer = answers(bytes('{"ok":true}'), 100);
    expect(requests(bytes('a=1'), 100)).toBe(request);
    expect(answers(bytes('{"ok":true}'), 100)).toBe(answer);
  });
});
