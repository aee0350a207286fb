import { describe, expect, it } from 'vitest';
import { MockInputError } from '../input/readInput.js';
import { resolveMockCoreOptions } from './coreOptions.js';
import { parseMockConfig } from './mockConfig.js';

describe('parseMockConfig', () => {
  it('accepts every documented key', () => {
    const config = parseMockConfig(
      {
        seed: 7, profile: 'moonstone', port: 0, host: '0.0.0.0', tls: { cert: 'c.pem', key: 'k.pem' },
        clockWindowSeconds: 30, clockOffsetSeconds: -120, journalSize: 50, journalBodyLimit: 100, bodyLimit: 2048,
        includeGuideCredentials: false, credentials: [{ apiKey: 'k', secretKey: 's', signingRequired: false }],
        faults: [{ path: '/api/**', latencyMs: 10 }], dataset: { gateways: 2, devicesPerGateway: 3 }, limits: { maxRegistered: 5 },
      },
      'sigkit.config.json',
    );
    expect(config).toMatchObject({ seed: 7, profile: 'moonstone', port: 0, tls: { cert: 'c.pem', key: 'k.pem' }, dataset: { gateways: 2 } });
  });

  it('fails with one line naming the file and the field', () => {
    const cases: Array<[unknown, string]> = [
      [[], 'sigkit.config.json must be a JSON object, got an array'],
      [{ profile: 'lax' }, 'sigkit.config.json.profile must be one of strict, moonstone, got "lax"'],
      [{ port: 70000 }, 'sigkit.config.json.port must be an integer from 0 to 65535, got 70000'],
      [{ sed: 1 }, 'sigkit.config.json has an unknown field "sed"'],
      [{ credentials: [{ apiKey: '' }] }, 'sigkit.config.json.credentials[0].apiKey must not be empty'],
      [{ faults: [{ path: '/x' }] }, 'sigkit.config.json.faults[0] does nothing'],
      [{ tls: 'yes' }, 'sigkit.config.json.tls must be'],
      [{ clockWindowSeconds: 0 }, 'sigkit.config.json.clockWindowSeconds must be a number greater than 0'],
    ];
    for (const [value, message] of cases) {
      let error: unknown;
      try {
        parseMockConfig(value, 'sigkit.config.json');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(MockInputError);
      expect((error as Error).message.startsWith(message)).toBe(true);
      expect((error as Error).message).not.toContain('\n');
    }
  });
});

describe('resolveMockCoreOptions', () => {
  it('fills in the documented defaults', () => {
    const resolved = resolveMockCoreOptions();
    expect(resolved).toMatchObject({
      seed: 42, profile: 'strict', clockWindowSeconds: 600, clockOffsetSeconds: 0, journalSize: 10_000, bodyLimit: 1_048_576,
      dataset: { gateways: 8, devicesPerGateway: 30 },
    });
    expect(resolved.credentials.map((c) => c.apiKey)).toEqual(['5501f50fdc62aee5d04dbd6a58b68b781ee2aaade8ad1eb24b1e4e77cb282ae2']);
  });

  it('can leave out the guide credentials', () => {
    expect(resolveMockCoreOptions({ includeGuideCredentials: false, credentials: [{ apiKey: 'a', secretKey: 'b' }] }).credentials).toEqual([{ apiKey: 'a', secretKey: 'b' }]);
  });
});
