/** A hand-written KX Connect signer (docs/spec/kx-connect.md §2, default profile) that makes one chosen mistake: the in-process KX mutants of `pnpm mutants`. */
import { createHash, createHmac } from 'node:crypto';
import type { KxSignRequest, SignedWire } from '@sigkit/conformance';

/** The mistakes this client can make, one at a time (`none` signs right: the runner's control). */
export const KX_JS_MUTATIONS = [
  'none',
  // The profile variants of the catalogue (docs/spec/kx-connect.md §2).
  'no-separator', 'trailing-newline', 'md5-base64', 'md5-upper-hex', 'md5-of-reserialized-json', 'doc-literal-content-type', 'base64url', 'hex-signature',
  // Near variants, found by the parametric families.
  'base64url-padded', 'base64-unpadded', 'crlf-joiner',
  // Mistakes the catalogue does not know.
  'full-session-id-in-authorization', 'sha256-not-sha1', 'username-lowercased', 'md5-of-latin1-body', 'session-id-not-signed', 'path-without-group',
] as const;

/** One mistake of {@link KX_JS_MUTATIONS}. */
export type KxJsMutation = (typeof KX_JS_MUTATIONS)[number];

/**
 * Signs one KX call the way a client with mistake `mutation` would (the kit's default profile otherwise).
 *
 * @example
 * ```ts
 * const wire = signKxMutant(input, 'base64url-padded');
 * ```
 */
export function signKxMutant(input: KxSignRequest, mutation: KxJsMutation): SignedWire {
  const m = mutation;
  const path = `/connect/api/${input.group}/${input.method}`;
  const body = input.body ?? JSON.stringify({ type: input.type, msg: [input.params], id: input.requestId, date: input.date });
  const date = (JSON.parse(body) as { date: string }).date;
  const digestInput = m === 'md5-of-reserialized-json' ? JSON.stringify(JSON.parse(body)) : m === 'md5-of-latin1-body' ? Buffer.from(body, 'latin1') : Buffer.from(body, 'utf8');
  const md5 = createHash('md5').update(digestInput).digest();
  const digest = m === 'md5-base64' ? md5.toString('base64') : m === 'md5-upper-hex' ? md5.toString('hex').toUpperCase() : md5.toString('hex');
  const contentType = m === 'doc-literal-content-type' ? 'Application-json' : input.contentType;
  const username = m === 'username-lowercased' ? input.username.toLowerCase() : input.username;
  const signedPath = m === 'path-without-group' ? `/connect/api/${input.method}` : path;
  const parts = ['POST', signedPath, username, digest, contentType, date, m === 'session-id-not-signed' ? '' : input.sessionId];
  const toSign = m === 'no-separator' ? parts.join('') : m === 'trailing-newline' ? parts.map((p) => `${p}\n`).join('') : parts.join(m === 'crlf-joiner' ? '\r\n' : '\n');
  const mac = createHmac(m === 'sha256-not-sha1' ? 'sha256' : 'sha1', input.sessionId).update(toSign, 'utf8').digest();
  const base64 = mac.toString('base64');
  const signature =
    m === 'base64url' ? mac.toString('base64url')
    : m === 'base64url-padded' ? base64.replace(/\+/g, '-').replace(/\//g, '_')
    : m === 'base64-unpadded' ? base64.replace(/=+$/, '')
    : m === 'hex-signature' ? mac.toString('hex')
    : base64;
  const identity = m === 'full-session-id-in-authorization' ? input.username + input.sessionId : input.username + input.sessionId.slice(-5);
  return { method: 'POST', target: path, headers: { 'Content-Type': input.contentType, Authorization: `${identity}:${signature}` }, body };
}
