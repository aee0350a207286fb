import { kxProfile } from '@sigkit/signer';
import { describe, expect, it } from 'vitest';
import { kxCaseRemovals, kxEdgeCases } from './kxEdgeCases.js';

describe('KX edge cases', () => {
  const cases = kxEdgeCases(kxProfile());
  const byId = new Map(cases.map((c) => [c.caseId, c]));

  it('have unique, stable ids in category edge, under the profile asked for', () => {
    expect(byId.size).toBe(cases.length);
    expect(cases.every((c) => c.category === 'edge' && c.caseId.startsWith('edge#'))).toBe(true);
    const variant = kxEdgeCases(kxProfile({ joiner: 'none' }));
    expect(variant.every((c) => c.request.profile.joiner === 'none')).toBe(true);
  });

  it('ask for content types with parameters and of other media types (signed as sent, docs/spec/kx-connect.md §2)', () => {
    const types = cases.map((c) => c.request.contentType);
    expect(types).toEqual(expect.arrayContaining(['application/json', 'application/json; charset=utf-8', 'application/json;charset=UTF-8', 'text/plain']));
  });

  it('put non-ASCII text in the username, the parameter names and values and the type', () => {
    const nonAscii = (text: string) => /[^\u0000-\u007f]/.test(text);
    expect(cases.some((c) => nonAscii(c.request.username))).toBe(true);
    expect(cases.some((c) => Object.keys(c.request.params).some(nonAscii))).toBe(true);
    expect(cases.some((c) => nonAscii(JSON.stringify(Object.values(c.request.params)).replace(/\\u[0-9a-f]{4}/g, '')))).toBe(true);
    expect(cases.some((c) => nonAscii(c.request.type))).toBe(true);
    expect(byId.get('edge#username-turkish')?.request.username).toBe('İsmail.ışık');
  });

  it('reach bodies of 64 KiB and 1 MiB as the kit builds them', () => {
    const built = (id: string) => {
      const r = byId.get(id)!.request;
      return Buffer.byteLength(JSON.stringify({ type: r.type, msg: [r.params], id: r.requestId, date: r.date }));
    };
    expect(built('edge#body-size-65536')).toBe(65_536);
    expect(built('edge#body-size-1048576')).toBe(1_048_576);
  });
});

describe('kxCaseRemovals', () => {
  it('drops each parameter of a call the client builds, and the verbatim body of one given whole', () => {
    const cases = kxEdgeCases(kxProfile());
    const nested = cases.find((c) => c.caseId === 'edge#params-booleans-and-null')!;
    expect(kxCaseRemovals(nested).map((c) => Object.keys(c.request.params))).toEqual([['f', 'n'], ['t', 'n'], ['t', 'f']]);
    const verbatim = cases.find((c) => c.caseId === 'edge#body-spaced')!;
    expect(verbatim.request.body).toBeDefined();
    const [built] = kxCaseRemovals(verbatim);
    expect(built!.request.body).toBeUndefined();
    expect(built!.request.params).toEqual(verbatim.request.params);
  });
});
