import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planMockCommand } from './mock.js';

// Every config file of this file goes in one folder, removed when the file's tests end.
const dir = mkdtempSync(join(tmpdir(), 'sigkit-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configFile(content: unknown): string {
  // Messages name the file, so each keeps the usual name in a folder of its own.
  const path = join(mkdtempSync(join(dir, 'config-')), 'sigkit.config.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('planMockCommand', () => {
  it('defaults to 127.0.0.1:8080 with no TLS', async () => {
    expect(await planMockCommand({})).toEqual({ server: {}, port: 8080, host: '127.0.0.1' });
  });

  it('takes the config file, and lets flags win over it', async () => {
    const config = configFile({ seed: 5, profile: 'moonstone', port: 9001, host: '0.0.0.0', journalSize: 7, credentials: [{ apiKey: 'k', secretKey: 's' }] });
    const fromFile = await planMockCommand({ config });
    expect(fromFile).toMatchObject({ port: 9001, host: '0.0.0.0', server: { seed: 5, profile: 'moonstone', journalSize: 7, credentials: [{ apiKey: 'k', secretKey: 's' }] } });
    const overridden = await planMockCommand({ config, seed: 6, profile: 'strict', port: 0, host: '127.0.0.1', clockOffset: -90, clockWindow: 30 });
    expect(overridden).toMatchObject({ port: 0, host: '127.0.0.1', server: { seed: 6, profile: 'strict', journalSize: 7, clockOffsetSeconds: -90, clockWindowSeconds: 30 } });
  });

  it('reads a relative --config from the given directory, the user\'s (INIT_CWD under pnpm sigkit)', async () => {
    const config = configFile({ seed: 9 });
    expect(await planMockCommand({ config: basename(config) }, dirname(config))).toMatchObject({ server: { seed: 9 } });
  });

  it('turns on self-signed TLS with --tls or "tls": true', async () => {
    expect((await planMockCommand({ tls: true })).server.tls).toEqual({ selfSigned: true });
    expect((await planMockCommand({ config: configFile({ tls: true }) })).server.tls).toEqual({ selfSigned: true });
  });

  it('fails with one line on a bad config file or half a TLS pair', async () => {
    await expect(planMockCommand({ config: '/nonexistent/sigkit.config.json' })).rejects.toThrow('config file /nonexistent/sigkit.config.json does not exist');
    await expect(planMockCommand({ config: 'sigkit.config.json' }, '/nonexistent')).rejects.toThrow('config file /nonexistent/sigkit.config.json does not exist');
    await expect(planMockCommand({ config: configFile('{ "seed": ') })).rejects.toThrow(/is not valid JSON/);
    await expect(planMockCommand({ config: configFile({ profile: 'lax' }) })).rejects.toThrow(/sigkit\.config\.json\.profile must be one of strict, moonstone, got "lax"$/);
    await expect(planMockCommand({ tlsCert: 'cert.pem' })).rejects.toThrow('--tls-cert and --tls-key go together: give both PEM files');
    await expect(planMockCommand({ tlsCert: '/nonexistent/c.pem', tlsKey: '/nonexistent/k.pem' })).rejects.toThrow('cannot read the TLS certificate "/nonexistent/c.pem": ENOENT');
  });

  it('takes KX options from the config file, --kx-profile replacing its profile and --kx-clock-window setting the window', async () => {
    const config = configFile({ kx: { profile: { clockWindowSeconds: 300 }, users: [{ username: 'ops', password: 'pw', groups: ['monPublic'] }], sessionIdleMinutes: 5 } });
    expect((await planMockCommand({ config })).server.kx).toEqual({ profile: { clockWindowSeconds: 300 }, users: [{ username: 'ops', password: 'pw', groups: ['monPublic'] }], sessionIdleMinutes: 5 });
    expect((await planMockCommand({ config, kxProfile: 'NoSeparator' })).server.kx).toMatchObject({ profile: 'NoSeparator', sessionIdleMinutes: 5 });
    const windowed = await planMockCommand({ config, kxProfile: 'HexSignature', kxClockWindow: 120, kxSessionIdle: 0.5 });
    expect(windowed.server.kx).toMatchObject({
      profile: { joiner: 'newline', bodyDigest: 'md5Hex', contentTypePart: 'header', datePart: 'bodyDate', signatureEncoding: 'hex', clockWindowSeconds: 120 },
      sessionIdleMinutes: 0.5,
    });
    // Without --kx-profile, --kx-clock-window applies to the file's profile.
    expect((await planMockCommand({ config, kxClockWindow: 60 })).server.kx?.profile).toMatchObject({ signatureEncoding: 'base64', clockWindowSeconds: 60 });
    expect((await planMockCommand({ kxProfile: 'default' })).server).toEqual({ kx: { profile: 'default' } });
  });

  it('fails with one line on bad KX settings in the config file', async () => {
    await expect(planMockCommand({ config: configFile({ kx: { profile: 'Sloppy' } }) })).rejects.toThrow(/sigkit\.config\.json\.kx\.profile must be one of default, NoSeparator, /);
    await expect(planMockCommand({ config: configFile({ kx: { users: [{ username: 'a' }] } }) })).rejects.toThrow(/sigkit\.config\.json\.kx\.users\[0\]\.password is required$/);
  });
});
