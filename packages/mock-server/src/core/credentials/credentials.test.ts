import { describe, expect, it } from 'vitest';
import { MockInputError } from '../input/readInput.js';
import { createCredentialStore, credentialView, GUIDE_CREDENTIAL, parseCredentialInput, secretFingerprint } from './credentials.js';
import { GUIDE_API_KEY } from './guideCredentials.js';

describe('credential store', () => {
  it('starts with the given credentials, flags defaulting to a signing, enabled key', () => {
    const store = createCredentialStore([GUIDE_CREDENTIAL]);
    expect(store.get(GUIDE_API_KEY)).toMatchObject({ signingRequired: true, expired: false, disabled: false, authToken: null });
  });

  it('generates keys shaped like the platform\'s when none are given', () => {
    const store = createCredentialStore([]);
    const added = store.add({ label: 'generated' });
    expect(added.apiKey).toMatch(/^[0-9a-f]{64}$/);
    expect(atob(added.secretKey)).toHaveLength(64);
    expect(store.get(added.apiKey)?.label).toBe('generated');
  });

  it('updates flags, finds by auth token, removes, and resets to the initial set', () => {
    const store = createCredentialStore([GUIDE_CREDENTIAL]);
    store.update(GUIDE_API_KEY, { expired: true, authToken: 'tok' });
    expect(store.get(GUIDE_API_KEY)?.expired).toBe(true);
    expect(store.findByAuthToken('tok')?.apiKey).toBe(GUIDE_API_KEY);
    expect(store.update('nope', { expired: true })).toBeUndefined();
    const extra = store.add({ apiKey: 'k2', secretKey: 's2' });
    expect(store.remove(extra.apiKey)).toBe(true);
    expect(store.remove(extra.apiKey)).toBe(false);
    store.reset();
    expect(store.get(GUIDE_API_KEY)?.expired).toBe(false);
  });

  it('rejects unusable input with one sentence naming the field', () => {
    expect(() => parseCredentialInput({ apiKey: 5 }, 'credential')).toThrow(new MockInputError('credential.apiKey must be a string, got number 5'));
    expect(() => parseCredentialInput({ colour: 'red' }, 'credential')).toThrow(/unknown field "colour"/);
    expect(() => parseCredentialInput({ apiKey: 'x' }, 'patch', { patch: true })).toThrow(/unknown field "apiKey"/);
    expect(() => parseCredentialInput([], 'credential')).toThrow(/must be a JSON object/);
  });

  it('views a credential with fingerprints of its secrets, never the secrets', () => {
    expect(secretFingerprint('hunter2')).toBe('sha256:f52fbd32b2b3b86f');
    const store = createCredentialStore([{ ...GUIDE_CREDENTIAL, authToken: 'tok-secret' }]);
    const view = credentialView(store.get(GUIDE_API_KEY)!);
    expect(view).toMatchObject({ apiKey: GUIDE_API_KEY, secretFingerprint: secretFingerprint(GUIDE_CREDENTIAL.secretKey!), authTokenFingerprint: secretFingerprint('tok-secret') });
    expect(JSON.stringify(view)).not.toContain(GUIDE_CREDENTIAL.secretKey!);
    expect(JSON.stringify(view)).not.toContain('tok-secret');
  });

  it('calls its beforeChange listeners before each change, and not for one that changes nothing', () => {
    const store = createCredentialStore([GUIDE_CREDENTIAL]);
    const seen: string[] = [];
    // The listener sees the store as it was: the change comes after it.
    const stop = store.beforeChange(() => seen.push(store.list().map((c) => `${c.apiKey.slice(0, 4)}:${c.disabled}`).join(',')));
    store.add({ apiKey: 'second', secretKey: 's' });
    store.update('second', { disabled: true });
    store.update('unknown', { disabled: true });
    expect(store.remove('unknown')).toBe(false);
    expect(store.remove('second')).toBe(true);
    store.reset();
    expect(seen).toEqual(['5501:false', '5501:false,seco:false', '5501:false,seco:true', '5501:false']);
    stop();
    store.add({ apiKey: 'third', secretKey: 's' });
    expect(seen).toHaveLength(4);
    // A listener that throws is dropped; the change is made.
    store.beforeChange(() => {
      throw new Error('broken reader');
    });
    expect(store.add({ apiKey: 'fourth', secretKey: 's' }).apiKey).toBe('fourth');
    expect(store.get('fourth')).toBeDefined();
  });
});

