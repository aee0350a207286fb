import { describe, expect, it } from 'vitest';
import { createAnswerCache } from '../../http/answerCache.js';
import { responseBodyPayload } from '../../http/responses.js';
import type { JsonObject } from '../../http/types.js';
import { kxSuccess } from './envelope.js';

describe('kxSuccess', () => {
  const rows: JsonObject[] = [{ time: '2025-03-14T15:09:00.000Z', sym: 'rdb', used: 1.5, note: 'é "quoted" \\ \u2028' }, { time: 't', sym: 'hdb', used: 0 }];
  const now = Date.UTC(2025, 2, 14, 15, 9, 26);

  it('writes the same text around rows kept with their text as it serialises around plain rows', () => {
    const kept = createAnswerCache().set('rows', 0, structuredClone(rows)).body as JsonObject[];
    for (const echo of [{ type: 'getMemResp', id: 'e133598e-7b9e-429a-b3e5-bda881c47024' }, { type: null, id: null }, { type: 'x"y', id: '\u0000' }]) {
      const plain = kxSuccess(echo, rows, now);
      const fromKept = kxSuccess(echo, kept, now);
      if (plain.kind !== 'response' || fromKept.kind !== 'response') throw new Error('expected answers');
      expect(responseBodyPayload(fromKept)).toBe(JSON.stringify(plain.body));
      expect(responseBodyPayload(fromKept)).toBe(JSON.stringify(fromKept.body));
      expect(JSON.parse(responseBodyPayload(fromKept) as string)).toEqual({ ...echo, date: 'Fri, 14 Mar 2025 15:09:26 GMT', success: true, msg: rows });
    }
  });
});
