import * as mockServer from '@sigkit/mock-server';
import { describe, expect, it } from 'vitest';
import * as copies from './mockDefaults.js';

describe('the CLI copies of the mock constants', () => {
  it('equal the mock server\'s own', () => {
    expect(copies.MOCK_DEFAULT_PORT).toBe(mockServer.DEFAULT_PORT);
    expect(copies.MOCK_DEFAULT_HOST).toBe(mockServer.DEFAULT_HOST);
    expect([...copies.MOCK_PROFILE_NAMES]).toEqual([...mockServer.MOCK_PROFILES]);
    expect([...copies.MOCK_KX_PROFILE_NAMES]).toEqual([...mockServer.KX_PROFILE_NAMES]);
    expect(copies.GUIDE_API_KEY).toBe(mockServer.GUIDE_API_KEY);
    expect(copies.GUIDE_SECRET_KEY).toBe(mockServer.GUIDE_SECRET_KEY);
  });
});
