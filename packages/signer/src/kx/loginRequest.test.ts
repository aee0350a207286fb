import { describe, expect, it } from 'vitest';
import { SigkitInputError } from '../errors.js';
import { kxLoginRequest } from './loginRequest.js';

describe('kxLoginRequest', () => {
  it("builds the guide's login request exactly", () => {
    const login = kxLoginRequest('kxSupport', '12345678', { id: 'e133598e-7b9e-429a-b3e5-bda881c47024', date: 'Fri, 26 Jul 2019 15:59:00 GMT' });
    expect(login).toEqual({
      method: 'POST',
      path: '/connect/api/auth/login',
      headers: { 'Content-Type': 'application/json' },
      // docs/spec/kx-connect.md §1, compacted by hand.
      body: '{"msg":[{"username":"kxSupport","password":"12345678"}],"type":"LoginReq","id":"e133598e-7b9e-429a-b3e5-bda881c47024","date":"Fri, 26 Jul 2019 15:59:00 GMT"}',
      id: 'e133598e-7b9e-429a-b3e5-bda881c47024',
      date: 'Fri, 26 Jul 2019 15:59:00 GMT',
    });
  });

  it('accepts a Date and escapes credentials as JSON', () => {
    const login = kxLoginRequest('ana "ops"', 'pä\\ss', { id: 'e133598e-7b9e-429a-b3e5-bda881c47024', date: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)) });
    expect(login.date).toBe('Tue, 02 Jan 2024 03:04:05 GMT');
    expect(login.body).toBe(
      '{"msg":[{"username":"ana \\"ops\\"","password":"pä\\\\ss"}],"type":"LoginReq","id":"e133598e-7b9e-429a-b3e5-bda881c47024","date":"Tue, 02 Jan 2024 03:04:05 GMT"}',
    );
  });

  it('makes an id and a date when none are given', () => {
    const login = kxLoginRequest('kxSupport', '12345678');
    expect(login.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(JSON.parse(login.body)).toMatchObject({ id: login.id, date: login.date, type: 'LoginReq' });
  });

  it.each([
    ['EMPTY_USERNAME', () => kxLoginRequest('', 'pw')],
    ['EMPTY_USERNAME', () => kxLoginRequest(undefined as unknown as string, 'pw')],
    ['EMPTY_PASSWORD', () => kxLoginRequest('kxSupport', '')],
    ['EMPTY_PASSWORD', () => kxLoginRequest('kxSupport', 12345678 as unknown as string)],
    ['INVALID_REQUEST_ID', () => kxLoginRequest('kxSupport', 'pw', { id: 'login-1' })],
    ['INVALID_RFC1123_DATE', () => kxLoginRequest('kxSupport', 'pw', { date: 'Fri, 26 Jul 2019 15:59:00' })],
    ['INVALID_DATE', () => kxLoginRequest('kxSupport', 'pw', { date: new Date('nope') })],
  ])('refuses bad input with %s', (code, call) => {
    expect(call).toThrow(SigkitInputError);
    expect(call).toThrow(expect.objectContaining({ code }));
  });
});
