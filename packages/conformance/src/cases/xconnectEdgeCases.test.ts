import { decodeQuery } from '@sigkit/signer';
import { isUtf8 } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { bodyBytesOf } from '../protocol/bodyEncoding.js';
import { edgeBodyBytes, edgeJson, edgeText } from './edgeBodies.js';
import { xconnectCaseRemovals, xconnectEdgeCases } from './xconnectEdgeCases.js';

describe('xConnect edge cases', () => {
  const cases = xconnectEdgeCases([1]);
  const byId = new Map(cases.map((c) => [c.caseId, c]));

  it('have unique, stable ids, in category edge, with a version suffix only when several versions are checked', () => {
    expect(byId.size).toBe(cases.length);
    expect(cases.every((c) => c.category === 'edge' && c.caseId.startsWith('edge#'))).toBe(true);
    expect(byId.get('edge#path-double-slash')?.request.path).toBe('/api/v1//kronos/devices');
    const all = xconnectEdgeCases([0, 1, 2]);
    expect(all).toHaveLength(3 * cases.length);
    expect(new Set(all.map((c) => c.caseId)).size).toBe(all.length);
    expect(all.find((c) => c.caseId === 'edge#path-double-slash@v2')?.request.version).toBe(2);
  });

  it('reach every path shape of the spec: empty segments, trailing slash, dot segments, escapes of either case', () => {
    const paths = cases.map((c) => c.request.path);
    for (const path of ['/', '/api/v1/kronos/devices/', '/api/v1/./kronos/devices', '/api/v1/kronos/../kronos/devices', '/api/v1/kronos/caf%c3%a9', '/api/v1/kronos/a%2Fb']) {
      expect(paths).toContain(path);
    }
    expect(paths.some((p) => p.includes('//'))).toBe(true);
  });

  it('reach every query shape: bare flag, empty value, repeated names, names differing in case, "+", "=" in values', () => {
    expect(byId.get('edge#query-bare-flag')?.request.rawQuery).toBe('flag');
    expect(byId.get('edge#query-empty-value')?.request.rawQuery).toBe('flag=');
    expect(byId.get('edge#query-plus-as-space')?.request.query).toEqual([['a b', 'c d']]);
    expect(byId.get('edge#query-equals-in-value')?.request.query).toEqual([['a', 'b=c'], ['d', '=']]);
    expect(byId.get('edge#query-names-differing-in-case')?.request.query.map(([n]) => n)).toEqual(['Name', 'name', 'NAME']);
    // UTF-16 order puts U+1F600 (a surrogate pair, 0xD83D…) before U+E000; code point order after.
    expect(byId.get('edge#query-private-use-vs-astral-values')?.request.query).toEqual([['a', '\ue000'], ['a', '\u{1f600}']]);
  });

  it('send every query as text the server decodes to the pairs asked for', () => {
    for (const { request } of cases) expect(request.query).toEqual(decodeQuery(request.rawQuery ?? undefined).map((p) => [p.name, p.value]));
  });

  it('spell timestamps with 0 to 9 fraction digits, without seconds, and with offsets', () => {
    const stamps = cases.filter((c) => c.caseId.startsWith('edge#timestamp-')).map((c) => c.request.timestamp);
    expect(stamps).toEqual(expect.arrayContaining(['2016-04-12T14:28Z', '2016-04-12T14:28:36Z', '2016-04-12T14:28:36.2Z', '2016-04-12T14:28:36.218000000Z', '2016-04-12T14:28:36.218+00:00']));
  });

  it('send text, JSON and binary bodies of 1 byte, 64 KiB ± 1, 256 KiB and 1 MiB, carried to the judge as sent', () => {
    for (const kind of ['text', 'binary'] as const) {
      for (const size of [1, 65_535, 65_536, 65_537, 262_144, 1_048_576]) {
        const testCase = byId.get(`edge#body-${kind}-${size}`)!;
        const bytes = bodyBytesOf(testCase.request);
        expect(bytes).toHaveLength(size);
        expect(Buffer.from(bytes).equals(testCase.expect.body!)).toBe(true);
        expect(isUtf8(bytes)).toBe(kind === 'text');
      }
    }
    for (const size of [65_535, 65_536, 65_537, 262_144, 1_048_576]) expect(bodyBytesOf(byId.get(`edge#body-json-${size}`)!.request)).toHaveLength(size);
    expect(bodyBytesOf(byId.get('edge#body-text-0')!.request)).toHaveLength(0);
  });

  it('cover every method', () => {
    expect(new Set(cases.map((c) => c.request.method))).toEqual(new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']));
  });
});

describe('edge bodies', () => {
  it('are exactly the size asked for, text and JSON valid, multi-byte characters included', () => {
    for (const size of [1, 2, 7, 8, 9, 1000]) {
      expect(Buffer.byteLength(edgeText(size))).toBe(size);
      expect(edgeBodyBytes('binary', size)).toHaveLength(size);
    }
    expect(edgeText(64)).toMatch(/é😀/);
    expect(Buffer.byteLength(edgeJson(300))).toBe(300);
    expect(JSON.parse(edgeJson(300))).toEqual({ data: expect.stringContaining('😀') });
    expect(edgeJson(2)).toBe('{}');
  });
});

describe('xconnectCaseRemovals', () => {
  const [testCase] = xconnectEdgeCases([1]).filter((c) => c.caseId === 'edge#method-post');

  it('gives the edge request without its body, without each query piece or its value, and without each path segment', () => {
    // POST /api/v1/kronos/devices?a=1 with a 9-byte body.
    const removals = xconnectCaseRemovals(testCase!);
    expect(removals.map((c) => [c.request.path, c.request.rawQuery, bodyBytesOf(c.request).length])).toEqual([
      ['/api/v1/kronos/devices', 'a=1', 0],
      ['/api/v1/kronos/devices', null, 9],
      ['/api/v1/kronos/devices', 'a=', 9],
      ['/v1/kronos/devices', 'a=1', 9],
      ['/api/kronos/devices', 'a=1', 9],
      ['/api/v1/devices', 'a=1', 9],
      ['/api/v1/kronos', 'a=1', 9],
    ]);
    for (const c of removals) expect(Buffer.from(bodyBytesOf(c.request)).equals(c.expect.body!)).toBe(true);
  });

  it('removes empty segments one by one and stops at the root path', () => {
    const [slashes] = xconnectEdgeCases([1]).filter((c) => c.caseId === 'edge#path-only-slashes');
    expect(xconnectCaseRemovals(slashes!).map((c) => c.request.path)).toEqual(['//', '//', '//']);
    const [root] = xconnectEdgeCases([1]).filter((c) => c.caseId === 'edge#path-root');
    expect(xconnectCaseRemovals(root!)).toEqual([]);
  });
});
