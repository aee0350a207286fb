import { describe, expect, it } from 'vitest';
import { kxErrorBody, kxResponseType } from './errorBody.js';
import { signKxRequest } from './sign.js';
import { verifyKxRequest } from './verify.js';

describe('kxResponseType', () => {
  it.each([
    ['LoginReq', 'LoginResp'],
    ['getMemReq', 'getMemResp'],
    ['getMem', 'getMemResp'],
    ['Req', 'Resp'],
  ])('%s → %s', (request, response) => {
    expect(kxResponseType(request)).toBe(response);
  });
});

describe('kxErrorBody', () => {
  it("is docs/spec/kx-connect.md §2's 401 body for a refused verdict", () => {
    const request = signKxRequest({ group: 'monPublic', method: 'getMem', username: 'alice', sessionId: '7c2e9a41b0d84f6a9e3c1b5d8f0a2c4e', id: 'e133598e-7b9e-429a-b3e5-bda881c47024' });
    const verdict = verifyKxRequest({ method: 'POST', target: request.path, headers: request.headers, body: request.body }, { lookupSession: () => undefined });
    expect(JSON.stringify(kxErrorBody(verdict))).toBe(
      '{"type":"getMemResp","id":"e133598e-7b9e-429a-b3e5-bda881c47024","success":false,"error":"unknown session","msg":[]}',
    );
  });

  it('writes null type and id when the body could not be read', () => {
    expect(kxErrorBody({ serverMessage: 'malformed request body' })).toEqual({ type: null, id: null, success: false, error: 'malformed request body', msg: [] });
  });
});
