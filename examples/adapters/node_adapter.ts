/**
 * A sigkit adapter around @sigkit/signer, for both schemes and both roles (PROTOCOL.md): it reads
 * JSON request lines on stdin and writes one JSON answer line per request on stdout.
 *
 *   sigkit check --scheme xconnect --adapter "node --conditions=@sigkit/source --import tsx examples/adapters/node_adapter.ts"
 *   sigkit check --scheme kx --role verifier --adapter "node --conditions=@sigkit/source --import tsx examples/adapters/node_adapter.ts"
 *
 * Copy it as the starting point of an adapter for your own JavaScript client: replace the calls
 * to signXConnectRequest / signKxRequest with your client's signer.
 */
import { createInterface } from 'node:readline';
import {
  kxIdentity,
  signKxRequest,
  signXConnectRequest,
  verifyKxRequest,
  verifyXConnectRequest,
  type KxSignInput,
} from '@sigkit/signer';
import { bodyBytesOf, bodyFields, type ProtocolRequest } from '@sigkit/conformance';

/** The answer to one request line. */
function answer(request: ProtocolRequest): Record<string, unknown> {
  if (request.role === 'verifier') {
    const wire = { ...request.wire, body: bodyBytesOf(request.wire) };
    if (request.scheme === 'xconnect') {
      const verdict = verifyXConnectRequest(wire, {
        lookupCredentials: (apiKey) => request.credentials.find((c) => c.apiKey === apiKey),
        lookupAuthToken: (token) => request.credentials.find((c) => c.apiKey === request.authTokens[token]),
        now: Date.parse(request.now),
        clockWindowSeconds: request.clockWindowSeconds,
        acceptedVersions: request.acceptedVersions,
      });
      return { id: request.id, valid: verdict.ok, reason: verdict.code };
    }
    const verdict = verifyKxRequest(wire, {
      lookupSession: (identity) => request.sessions.find((s) => kxIdentity(s.username, s.sessionId) === identity),
      now: Date.parse(request.now),
      profile: request.profile,
    });
    return { id: request.id, valid: verdict.ok, reason: verdict.code };
  }
  if (request.scheme === 'xconnect') {
    const signed = signXConnectRequest({
      method: request.method,
      path: request.path,
      query: request.query,
      body: bodyBytesOf(request),
      apiKey: request.apiKey,
      secretKey: request.secretKey,
      timestamp: request.timestamp,
      version: request.version,
    });
    const body = typeof signed.body === 'string' ? new Uint8Array(Buffer.from(signed.body)) : signed.body;
    return { id: request.id, method: signed.method, target: signed.target, headers: signed.headers, ...bodyFields(body), intermediates: signed.trace };
  }
  const input: KxSignInput =
    request.body !== undefined
      ? { group: request.group, method: request.method, username: request.username, sessionId: request.sessionId, contentType: request.contentType, body: request.body, profile: request.profile }
      : { group: request.group, method: request.method, username: request.username, sessionId: request.sessionId, contentType: request.contentType, params: request.params, type: request.type, id: request.requestId, profile: request.profile };
  // The date signed is the body's, unless the profile signs a Date header (docs/spec/kx-connect.md §2).
  if (request.body === undefined || request.profile.datePart === 'dateHeader') input.date = request.date;
  const signed = signKxRequest(input);
  const { bodyDigest, contentType, date, stringToSign, signature } = signed.trace;
  return { id: request.id, method: signed.method, target: signed.path, headers: signed.headers, body: signed.body, intermediates: { bodyDigest, contentType, date, stringToSign, signature } };
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
let pending: string[] = [];
let scheduled = false;
lines.on('line', (line) => {
  if (line.trim() === '') return;
  const request = JSON.parse(line) as ProtocolRequest;
  let reply: Record<string, unknown>;
  try {
    reply = answer(request);
  } catch (error) {
    reply = { id: request.id, error: { message: (error as Error).message, code: (error as { code?: string }).code } };
  }
  // Answers are batched into one write per burst of input lines: fewer system calls, same protocol.
  pending.push(JSON.stringify(reply));
  if (!scheduled) {
    scheduled = true;
    setImmediate(() => {
      process.stdout.write(pending.join('\n') + '\n');
      pending = [];
      scheduled = false;
    });
  }
});
