import { formatRfc1123, KX_VARIANT_NAMES, KX_VARIANTS, type KxVariantName } from '@sigkit/signer';
import { describe, expect, it } from 'vitest';
import { kxAdmin, kxServer, login, NOW, sendSigned, signCall, type Session } from './kxHelpers.js';

const ID = 'e133598e-7b9e-429a-b3e5-bda881c47024';
// Spaced like Python's json.dumps, and dated 10 s before the Date header a DateHeader client sends,
// so that every variant signs something different from the default profile.
const BODY = `{"type": "getMemReq", "msg": [{"syms": ["ds_rdb_ops_a"]}], "id": "${ID}", "date": "${formatRfc1123(new Date(NOW - 10_000))}"}`;

/** A call signed by a client that follows the default profile except for `variants`. */
function deviantCall(session: Session, variants: readonly KxVariantName[]) {
  const usesDateHeader = variants.some((v) => KX_VARIANTS[v].knob === 'datePart');
  return signCall(session, { body: BODY, ...(usesDateHeader ? { date: new Date(NOW) } : {}) }, variants);
}

describe('KX profiles: the mock verifies under the configured variant', () => {
  it('accepts a client signing per variant X when the mock runs X, and a default client only when it runs the default', async () => {
    for (const variant of KX_VARIANT_NAMES) {
      const server = kxServer({ kx: { profile: variant } });
      const session = await login(server);
      const response = await sendSigned(server, deviantCall(session, [variant]));
      expect({ variant, status: response.status, code: response.body.sigkit?.code }).toEqual({ variant, status: 200, code: undefined });
      const index = (await kxAdmin(server, 'get', '/profile')).body;
      expect(index.profileName).toBe(variant);
      expect(index.profile[KX_VARIANTS[variant].knob]).toBe(KX_VARIANTS[variant].value);
    }
  });

  it('rejects a client signing per variant X on a default mock, naming X as the deviation', async () => {
    const server = kxServer();
    const session = await login(server);
    expect((await sendSigned(server, deviantCall(session, []))).status).toBe(200);
    for (const variant of KX_VARIANT_NAMES) {
      const response = await sendSigned(server, deviantCall(session, [variant]));
      expect({ variant, status: response.status, code: response.body.sigkit.code }).toEqual({ variant, status: 401, code: 'signature_mismatch' });
      expect(response.body.sigkit.deviation).toMatchObject({ flags: [variant], steps: [KX_VARIANTS[variant].knob], relativeTo: 'mock profile' });
      expect(response.body.sigkit.message).toContain(`(${variant})`);
    }
  });

  it('names the client\'s variant against a mock running another one, relative to the profile that explains it', async () => {
    const mockVariant: KxVariantName = 'HexSignature';
    const server = kxServer({ kx: { profile: mockVariant } });
    const session = await login(server);
    const plain = await sendSigned(server, deviantCall(session, []));
    expect(plain.status).toBe(401);
    expect(plain.body.sigkit.deviation).toMatchObject({ flags: [], relativeTo: 'default profile' });
    expect(plain.body.sigkit.message).toContain("the kit's default profile, while this mock runs the HexSignature profile");
    for (const variant of KX_VARIANT_NAMES.filter((v) => v !== mockVariant)) {
      const sameKnob = KX_VARIANTS[variant].knob === KX_VARIANTS[mockVariant].knob;
      const response = await sendSigned(server, deviantCall(session, [variant]));
      expect(response.status).toBe(401);
      expect({ variant, deviation: response.body.sigkit.deviation }).toMatchObject({ variant, deviation: { flags: [variant], relativeTo: sameKnob ? 'mock profile' : 'default profile' } });
    }
  });

  it('explains a client that deviates twice', async () => {
    const server = kxServer();
    const session = await login(server);
    const response = await sendSigned(server, deviantCall(session, ['NoSeparator', 'Md5UpperHex']));
    expect(response.body.sigkit.deviation.flags.sort()).toEqual(['Md5UpperHex', 'NoSeparator']);
  });

  it('switches profile through the admin API until reset', async () => {
    const server = kxServer();
    const session = await login(server);
    const call = deviantCall(session, ['TrailingNewline']);
    expect((await sendSigned(server, call)).status).toBe(401);
    expect((await kxAdmin(server, 'put', '/profile', 'TrailingNewline')).body).toMatchObject({ profileName: 'TrailingNewline', profile: { joiner: 'trailingNewline' } });
    expect((await sendSigned(server, call)).status).toBe(200);
    expect((await kxAdmin(server, 'put', '/profile', { joiner: 'none', signatureEncoding: 'hex' })).body.profileName).toBe('custom');
    expect((await kxAdmin(server, 'put', '/profile', 'Sloppy')).status).toBe(400);
    await kxAdmin(server, 'put', '/profile', 'TrailingNewline').expect(200);
    await server.core.reset();
    const again = await login(server);
    expect((await sendSigned(server, deviantCall(again, ['TrailingNewline']))).status).toBe(401);
    expect((await kxAdmin(server, 'get', '/profile')).body.profileName).toBe('default');
  });

  it('refuses an unknown profile in the options with one line', () => {
    expect(() => kxServer({ kx: { profile: 'Sloppy' as never } })).toThrow('options.kx.profile must be one of default, NoSeparator,');
    expect(() => kxServer({ kx: { profile: { joiner: 'comma' } as never } })).toThrow(/^options\.kx\.profile: profile joiner cannot be "comma"/);
  });
});
