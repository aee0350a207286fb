/** The api keys the mock accepts, each with its flags (docs/spec/xconnect.md §3 and §3b: expired, company, application disabled, signing required). */
import { createHash } from 'node:crypto';
import { MockInputError, readObject, readOptionalBoolean, readOptionalString, rejectUnknownKeys } from '../input/readInput.js';
import { GUIDE_API_KEY, GUIDE_SECRET_KEY } from './guideCredentials.js';
import { Listeners } from '../listeners.js';

/** One api key as the mock knows it. */
export interface MockCredential {
  apiKey: string;
  secretKey: string;
  /** Requests must carry an HMAC signature (default true). When false only the key is checked. */
  signingRequired: boolean;
  /** The key has expired: answered `apiKey is disabled`. */
  expired: boolean;
  /** The key's application is disabled: answered `application is disabled`. */
  disabled: boolean;
  /** The key's company is not active: the platform's `company not active` check (docs/spec/xconnect.md §3b). */
  companyDisabled: boolean;
  /** The key names a company the platform no longer has: its `company not found` check (docs/spec/xconnect.md §3b). */
  companyMissing: boolean;
  /** The company's id, which the platform's company messages name (`company not found <id>`); null prints as `null`, as Java did. */
  companyId: string | null;
  /** The company's name, which `company not active: <id> / <name>` names. */
  companyName: string | null;
  /** An `x-auth-token` that identifies this key (accepted by the `moonstone` profile), or null. */
  authToken: string | null;
  /** A free-form name shown in the admin API. */
  label: string | null;
}

/**
 * A credential as the admin API and the inspector show it: the api key, flags and label, and of
 * each secret only a fingerprint (see {@link secretFingerprint}). The secret key itself is shown
 * once, in the answer to the `POST /__sigkit/credentials` that created it (issue #18). Every other
 * field of {@link MockCredential} is shown as it is: the type makes a flag added there appear here.
 */
export type MockCredentialView = Omit<MockCredential, 'secretKey' | 'authToken'> & {
  /** {@link secretFingerprint} of the secret key: tells keys apart, and a key from the one you hold, without showing it. */
  secretFingerprint: string;
  /** {@link secretFingerprint} of the `x-auth-token`, a credential too, or null when the key has none. */
  authTokenFingerprint: string | null;
};

/**
 * A fingerprint of a secret: `sha256:` and the first 16 hex characters (64 bits) of the SHA-256 of
 * its UTF-8 text. Enough to tell keys apart and to check which one a client holds
 * (`printf %s "$SECRET" | sha256sum | cut -c1-16`); too short, and one-way, to sign with. A
 * secret that can be guessed (a word, the guide's example key) can be found from it by trying
 * guesses, as from any hash: real keys are random.
 *
 * @example
 * ```ts
 * secretFingerprint('hunter2'); // 'sha256:f52fbd32b2b3b86f'
 * ```
 */
export function secretFingerprint(secret: string): string {
  return `sha256:${createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, 16)}`;
}

/**
 * What the admin API lists of a credential: no secret key or auth token, their fingerprints instead.
 *
 * @example
 * ```ts
 * credentialView(store.get(GUIDE_API_KEY)!).secretFingerprint; // 'sha256:…'
 * ```
 */
export function credentialView(credential: MockCredential): MockCredentialView {
  return {
    apiKey: credential.apiKey,
    secretFingerprint: secretFingerprint(credential.secretKey),
    signingRequired: credential.signingRequired,
    expired: credential.expired,
    disabled: credential.disabled,
    companyDisabled: credential.companyDisabled,
    companyMissing: credential.companyMissing,
    companyId: credential.companyId,
    companyName: credential.companyName,
    authTokenFingerprint: credential.authToken === null ? null : secretFingerprint(credential.authToken),
    label: credential.label,
  };
}

/** What a caller gives to add a credential; keys are generated when omitted. */
export interface MockCredentialInput {
  apiKey?: string;
  secretKey?: string;
  signingRequired?: boolean;
  expired?: boolean;
  disabled?: boolean;
  companyDisabled?: boolean;
  companyMissing?: boolean;
  companyId?: string | null;
  companyName?: string | null;
  authToken?: string | null;
  label?: string | null;
}

/** A change to an existing credential's flags. */
export type MockCredentialPatch = Omit<MockCredentialInput, 'apiKey'>;

/** The mock's credential store. */
export interface CredentialStore {
  /** Every credential, in the order added. */
  list(): MockCredential[];
  get(apiKey: string): MockCredential | undefined;
  findByAuthToken(token: string): MockCredential | undefined;
  /** Adds a credential, replacing one with the same api key; generates missing keys. */
  add(input: MockCredentialInput): MockCredential;
  /** Changes flags of an existing credential; `undefined` when the key is unknown. Throws a `MockInputError` when the result would set both company flags. */
  update(apiKey: string, patch: MockCredentialPatch): MockCredential | undefined;
  /** Removes a credential; false when it was unknown. */
  remove(apiKey: string): boolean;
  /** Back to the credentials given at creation. */
  reset(): void;
  /**
   * Calls `listener` before every change (`add`, `update`, `remove`, `reset`); returns the function
   * that stops it. A reader that judges requests later than they arrived (the proxy, in batches)
   * judges the waiting ones there, so that each is judged with the credentials of its moment. A
   * listener that throws is dropped, never the change.
   */
  beforeChange(listener: () => void): () => void;
}

const FIELDS = ['apiKey', 'secretKey', 'signingRequired', 'expired', 'disabled', 'companyDisabled', 'companyMissing', 'companyId', 'companyName', 'authToken', 'label'] as const;

function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
}

function randomBase64(bytes: number): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(bytes))));
}

function readNullableString(object: Record<string, unknown>, key: string, where: string): string | null | undefined {
  if (object[key] === null) return null;
  return readOptionalString(object, key, where, { nonEmpty: true });
}

/**
 * Validates an untrusted credential object (admin API body or config entry) and returns it typed.
 * With `patch`, `apiKey` is not allowed (it names the credential in the URL).
 */
export function parseCredentialInput(value: unknown, where: string, options: { patch?: boolean } = {}): MockCredentialInput {
  const object = readObject(value, where);
  const known = options.patch ? FIELDS.filter((f) => f !== 'apiKey') : FIELDS;
  rejectUnknownKeys(object, known, where);
  const input: MockCredentialInput = {};
  const apiKey = options.patch ? undefined : readOptionalString(object, 'apiKey', where, { nonEmpty: true });
  const secretKey = readOptionalString(object, 'secretKey', where, { nonEmpty: true });
  const signingRequired = readOptionalBoolean(object, 'signingRequired', where);
  const expired = readOptionalBoolean(object, 'expired', where);
  const disabled = readOptionalBoolean(object, 'disabled', where);
  const companyDisabled = readOptionalBoolean(object, 'companyDisabled', where);
  const companyMissing = readOptionalBoolean(object, 'companyMissing', where);
  if (companyDisabled === true && companyMissing === true) {
    // The platform looks the company up first: a company it cannot find has no status to be disabled.
    throw new MockInputError(`${where} sets both companyDisabled and companyMissing: a missing company has no status; set one of them`);
  }
  const companyId = readNullableString(object, 'companyId', where);
  const companyName = readNullableString(object, 'companyName', where);
  const authToken = readNullableString(object, 'authToken', where);
  const label = readNullableString(object, 'label', where);
  if (apiKey !== undefined) {
    if (/[\s,]/.test(apiKey) || apiKey.length > 512) throw new MockInputError(`${where}.apiKey must be at most 512 characters without spaces or commas`);
    input.apiKey = apiKey;
  }
  if (secretKey !== undefined) input.secretKey = secretKey;
  if (signingRequired !== undefined) input.signingRequired = signingRequired;
  if (expired !== undefined) input.expired = expired;
  if (disabled !== undefined) input.disabled = disabled;
  if (companyDisabled !== undefined) input.companyDisabled = companyDisabled;
  if (companyMissing !== undefined) input.companyMissing = companyMissing;
  if (companyId !== undefined) input.companyId = companyId;
  if (companyName !== undefined) input.companyName = companyName;
  if (authToken !== undefined) input.authToken = authToken;
  if (label !== undefined) input.label = label;
  return input;
}

function toCredential(input: MockCredentialInput): MockCredential {
  return {
    // The platform's keys are 64 hex characters and base64 text (docs/spec/xconnect.md §5).
    apiKey: input.apiKey ?? randomHex(32),
    secretKey: input.secretKey ?? randomBase64(64),
    signingRequired: input.signingRequired ?? true,
    expired: input.expired ?? false,
    disabled: input.disabled ?? false,
    companyDisabled: input.companyDisabled ?? false,
    companyMissing: input.companyMissing ?? false,
    companyId: input.companyId ?? null,
    companyName: input.companyName ?? null,
    authToken: input.authToken ?? null,
    label: input.label ?? null,
  };
}

/** The credential the mock accepts unless told otherwise: the guide's example keys. */
export const GUIDE_CREDENTIAL: Readonly<MockCredentialInput> = { apiKey: GUIDE_API_KEY, secretKey: GUIDE_SECRET_KEY, label: 'signing guide example' };

/**
 * Creates the credential store with its initial credentials.
 *
 * @example
 * ```ts
 * const store = createCredentialStore([GUIDE_CREDENTIAL]);
 * store.add({ label: 'unsigned app', signingRequired: false }); // generated apiKey and secretKey
 * ```
 */
export function createCredentialStore(initial: readonly MockCredentialInput[]): CredentialStore {
  const byKey = new Map<string, MockCredential>();
  const load = () => {
    byKey.clear();
    for (const input of initial) {
      const credential = toCredential(input);
      byKey.set(credential.apiKey, credential);
    }
  };
  load();
  const listeners = new Listeners();
  const changing = () => listeners.call();
  return {
    list: () => [...byKey.values()].map((c) => ({ ...c })),
    get: (apiKey) => byKey.get(apiKey),
    findByAuthToken: (token) => [...byKey.values()].find((c) => c.authToken !== null && c.authToken === token),
    add(input) {
      const credential = toCredential(input);
      changing();
      byKey.delete(credential.apiKey);
      byKey.set(credential.apiKey, credential);
      return { ...credential };
    },
    update(apiKey, patch) {
      const existing = byKey.get(apiKey);
      if (!existing) return undefined;
      const updated = toCredential({ ...existing, ...patch, apiKey });
      if (updated.companyDisabled && updated.companyMissing) {
        throw new MockInputError(`credential "${apiKey}" would have both companyDisabled and companyMissing: a missing company has no status; set the other one to false`);
      }
      changing();
      byKey.set(apiKey, updated);
      return { ...updated };
    },
    remove(apiKey) {
      if (!byKey.has(apiKey)) return false;
      changing();
      return byKey.delete(apiKey);
    },
    reset() {
      changing();
      load();
    },
    beforeChange: (listener) => listeners.add(listener),
  };
}
