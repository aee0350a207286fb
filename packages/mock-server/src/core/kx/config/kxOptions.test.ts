import { kxProfile } from '@sigkit/signer';
import { describe, expect, it } from 'vitest';
import { parseKxOptions, resolveKxOptions } from './kxOptions.js';
import { kxProfileName, resolveKxProfileOption } from './profileOption.js';

describe('KX options', () => {
  it('fills in the defaults: the kit profile, the guides\' users, 30-minute sessions, 10 per user, 10,000 rows', () => {
    const resolved = resolveKxOptions(undefined, 'kx');
    expect(resolved).toMatchObject({ sessionIdleMinutes: 30, maxSessionsPerUser: 10, maxRows: 10_000, analytics: [] });
    expect(resolved.profile).toEqual(kxProfile());
    expect(resolved.users.map((u) => [u.username, u.password])).toEqual([['kxSupport', '12345678'], ['Administrator', 'password']]);
    expect(resolved.servers).toHaveLength(5);
    expect(resolveKxOptions({ includeGuideUsers: false, users: [{ username: 'a', password: 'b' }] }, 'kx').users).toEqual([{ username: 'a', password: 'b' }]);
  });

  it('refuses unusable values with one line naming the key', () => {
    const cases: Array<[unknown, string]> = [
      [{ colour: 1 }, 'cfg.kx has an unknown field "colour"'],
      [{ profile: 'Loose' }, 'cfg.kx.profile must be one of default, NoSeparator'],
      [{ profile: { joiner: 'tab' } }, 'cfg.kx.profile: profile joiner cannot be "tab"'],
      [{ sessionIdleMinutes: 0 }, 'cfg.kx.sessionIdleMinutes must be a number greater than 0'],
      [{ maxSessionsPerUser: 0 }, 'cfg.kx.maxSessionsPerUser must be an integer from 1 to 10000, got 0'],
      [{ servers: [] }, 'cfg.kx.servers must be a list of 1 to 1000 server names'],
      [{ servers: ['a', 'a'] }, 'cfg.kx.servers lists a server twice'],
      [{ maxRows: 1.5 }, 'cfg.kx.maxRows must be an integer'],
      [{ users: {} }, 'cfg.kx.users must be an array'],
      [{ analytics: [{ group: 'g', method: 'm' }] }, 'cfg.kx.analytics[0].rows must be an array of row objects'],
    ];
    for (const [value, message] of cases) expect(() => parseKxOptions(value, 'cfg.kx')).toThrow(message);
  });

  it('names profiles: default, a single variant, or custom', () => {
    expect(kxProfileName(resolveKxProfileOption('default', 'p'))).toBe('default');
    expect(kxProfileName(resolveKxProfileOption({ clockWindowSeconds: 10 }, 'p'))).toBe('default');
    expect(kxProfileName(resolveKxProfileOption('DocLiteralContentType', 'p'))).toBe('DocLiteralContentType');
    expect(kxProfileName(resolveKxProfileOption({ signatureEncoding: 'hex' }, 'p'))).toBe('HexSignature');
    expect(kxProfileName(resolveKxProfileOption({ joiner: 'none', bodyDigest: 'md5Base64' }, 'p'))).toBe('custom');
  });
});
