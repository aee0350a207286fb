import { describe, expect, it } from 'vitest';
import type { WireRequest } from '../shared/wire.js';
import { kxProfile } from './profile.js';
import { kxDatePart, readKxWire } from './readWire.js';

const body = '{"type":"getMemReq","msg":[{}],"id":"e133598e-7b9e-429a-b3e5-bda881c47024","date":"Fri, 26 Jul 2019 16:59:00 GMT"}';

describe('readKxWire', () => {
  it('reads headers case-insensitively and strips the query from the authPath', () => {
    const parts = readKxWire({
      method: 'post',
      target: '/connect/api/monPublic/getMem?x=1',
      headers: { authorization: 'kxSupporta6b7c:sig', 'CONTENT-TYPE': 'application/json', date: ['Fri, 26 Jul 2019 16:59:01 GMT', 'ignored'] },
      body,
    });
    expect(parts).toMatchObject({
      method: 'post',
      authPath: '/connect/api/monPublic/getMem',
      authorization: 'kxSupporta6b7c:sig',
      contentType: 'application/json',
      dateHeader: 'Fri, 26 Jul 2019 16:59:01 GMT',
      bodyDate: 'Fri, 26 Jul 2019 16:59:00 GMT',
      requestType: 'getMemReq',
      id: 'e133598e-7b9e-429a-b3e5-bda881c47024',
      jsonProblem: undefined,
    });
    expect(kxDatePart(parts, kxProfile())).toBe('Fri, 26 Jul 2019 16:59:00 GMT');
    expect(kxDatePart(parts, kxProfile('DateHeader'))).toBe('Fri, 26 Jul 2019 16:59:01 GMT');
  });

  it('treats a missing Content-Type as empty and bytes like the same string', () => {
    const parts = readKxWire({ method: 'POST', target: '/p', headers: {}, body: new TextEncoder().encode(body) });
    expect(parts.contentType).toBe('');
    expect(parts.authorization).toBeUndefined();
    expect(parts.bodyDate).toBe('Fri, 26 Jul 2019 16:59:00 GMT');
  });

  it.each([
    ['not JSON', 'type=getMemReq', 'the body is not JSON'],
    ['a JSON array', '[1,2]', 'the body is JSON an array, not an object'],
    ['JSON null', 'null', 'the body is JSON null, not an object'],
    ['empty', undefined, 'the body is not JSON'],
    ['invalid UTF-8', new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), 'the body is not JSON'],
  ])('says why a body that is %s is no JSON object', (_, wireBody, problem) => {
    const parts = readKxWire({ method: 'POST', target: '/p', headers: {}, body: wireBody });
    expect(parts.json).toBeUndefined();
    expect(parts.jsonProblem).toBe(problem);
    expect(parts.bodyDate).toBeUndefined();
  });

  it('ignores type, id and date fields that are not strings', () => {
    const parts = readKxWire({ method: 'POST', target: '/p', headers: {}, body: '{"type":1,"id":null,"date":1564160340}' });
    expect(parts.json).toBeDefined();
    expect([parts.requestType, parts.id, parts.bodyDate]).toEqual([undefined, undefined, undefined]);
  });

  it.each([null, {}, { method: 'POST', target: '', headers: {} }, { method: '', target: '/p', headers: {} }, { method: 'POST', target: '/p' }])(
    'refuses %j as a wire request',
    (wire) => {
      expect(() => readKxWire(wire as unknown as WireRequest)).toThrow(expect.objectContaining({ code: 'INVALID_WIRE_REQUEST' }));
    },
  );

  it('refuses a body of another type', () => {
    expect(() => readKxWire({ method: 'POST', target: '/p', headers: {}, body: { a: 1 } as unknown as string })).toThrow(expect.objectContaining({ code: 'INVALID_BODY' }));
  });
});
