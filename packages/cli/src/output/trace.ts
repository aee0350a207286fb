/** What `--trace` prints for a signed request: one JSON line on stderr, with the field names of the published vectors. */
import type { KxSignedRequest, SignedXConnectRequest } from '@sigkit/signer';

/**
 * One xConnect signing as a JSON line: the request (`method`, `target`, `timestamp`, `version`)
 * and every step under the names of `vectors/xconnect/*.json` `expected`: `queryLines`,
 * `payloadHash`, `canonicalRequest`, `canonicalRequestHash`, `stringToSign`, `signingKey`, `signature`.
 *
 * @example
 * ```ts
 * const client = createXConnectClient({ ...options, onSigned: (signed) => process.stderr.write(xconnectTraceLine(signed)) });
 * ```
 */
export function xconnectTraceLine(signed: SignedXConnectRequest): string {
  const { trace } = signed;
  return (
    JSON.stringify({
      method: signed.method,
      target: signed.target,
      timestamp: signed.headers['x-arrow-date'],
      version: trace.version,
      queryLines: trace.queryLines,
      payloadHash: trace.payloadHash,
      canonicalRequest: trace.canonicalRequest,
      canonicalRequestHash: trace.canonicalRequestHash,
      stringToSign: trace.stringToSign,
      signingKey: trace.signingKey,
      signature: trace.signature,
    }) + '\n'
  );
}

/**
 * One KX Connect signing as a JSON line: the call (`method`, `path`, `username`, `sessionId`) and
 * every step under the names of `vectors/kx/*.json` `expected`: `bodyDigest`, `contentType`,
 * `date`, `stringToSign`, `signature`, `authorization`, plus the `profile` they were computed under.
 */
export function kxTraceLine(signed: KxSignedRequest): string {
  const { trace } = signed;
  return (
    JSON.stringify({
      method: trace.method,
      path: trace.authPath,
      username: trace.username,
      sessionId: trace.sessionId,
      bodyDigest: trace.bodyDigest,
      contentType: trace.contentType,
      date: trace.date,
      stringToSign: trace.stringToSign,
      signature: trace.signature,
      authorization: trace.authorization,
      profile: trace.profile,
    }) + '\n'
  );
}
