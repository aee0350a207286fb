/** The adapter protocol's messages: one JSON object per line each way (see PROTOCOL.md). */
import type { KxProfile, KxSessionRecord, XConnectCredentialRecord, XConnectVersion } from '@sigkit/signer';

/** The two signing schemes the kit checks, and a body inside a JSON message (defined with the explainer, which carries them too). */
import type { BodyFields, Scheme } from '@sigkit/signer/explain';
export type { BodyFields, Scheme };

/** What the implementation under test does: sign requests (a client) or judge them (a server). */
export type Role = 'signer' | 'verifier';


/**
 * An xConnect request to sign (docs/spec/xconnect.md §1): what a client is asked to send.
 *
 * @example
 * ```json
 * {"id":"v1","scheme":"xconnect","role":"signer","method":"POST","path":"/api/v1/kronos/gateways",
 *  "query":[["lastName","Doe"],["firstName","Jane"],["Age","30"]],"rawQuery":"lastName=Doe&firstName=Jane&Age=30",
 *  "body":"","apiKey":"5501f5…","secretKey":"ARAzUz…","timestamp":"2016-04-12T14:28:36.218Z","version":1}
 * ```
 */
export interface XConnectSignRequest extends BodyFields {
  /** The case id, echoed in the answer. */
  id: string;
  scheme: 'xconnect';
  role: 'signer';
  /** HTTP method, upper case. */
  method: string;
  /** The path exactly as it must be sent (already percent-encoded), without `?`. */
  path: string;
  /** The query parameters, decoded, in request order; a bare flag (`?enabled`) has the value `""`. */
  query: [name: string, value: string][];
  /** One correct wire form of `query` (what the kit would send), or `null` when there is no query. */
  rawQuery: string | null;
  apiKey: string;
  secretKey: string;
  /** The `x-arrow-date` to send and sign, exactly as given. */
  timestamp: string;
  /** The signature version to use (`x-arrow-version`; 0 sends no version header). */
  version: XConnectVersion;
}

/**
 * A KX Connect analytic call to sign (docs/spec/kx-connect.md §2).
 *
 * @example
 * ```json
 * {"id":"g7","scheme":"kx","role":"signer","group":"monPublic","method":"getMem","params":{"syms":["gw-1"]},
 *  "type":"getMemReq","requestId":"e133598e-7b9e-429a-b3e5-bda881c47024","date":"Fri, 26 Jul 2019 16:59:00 GMT",
 *  "username":"kxSupport","sessionId":"7f3c9a1e5b2d4c8f9e0a1b2c3d4e5f60","contentType":"application/json",
 *  "profile":{"joiner":"newline","bodyDigest":"md5Hex","contentTypePart":"header","datePart":"bodyDate","signatureEncoding":"base64","clockWindowSeconds":900}}
 * ```
 */
export interface KxSignRequest {
  /** The case id, echoed in the answer (not the request's UUID: that is `requestId`). */
  id: string;
  scheme: 'kx';
  role: 'signer';
  /** Analytic group: the path segment after `/connect/api/`. */
  group: string;
  /** Analytic name: the last path segment. */
  method: string;
  /** The parameters dictionary, sent as `msg[0]`. */
  params: Record<string, unknown>;
  /** The body's `type`. */
  type: string;
  /** The body's `id` (a UUID). */
  requestId: string;
  /** The RFC 1123 date to sign: the body's `date`, or the `Date` header under the `DateHeader` variant. */
  date: string;
  username: string;
  sessionId: string;
  /** The `Content-Type` to send. */
  contentType: string;
  /** When present, the exact body to send (its digest is over these bytes); otherwise build `{"type","msg":[params],"id","date"}`. */
  body?: string;
  /** The profile the server runs (docs/spec/kx-connect.md §2); a single-profile adapter may ignore it. */
  profile: KxProfile;
}

/** An HTTP request as carried inside a protocol message. */
export interface WireMessage extends BodyFields {
  method: string;
  /** Path plus `?` and the query exactly as sent. */
  target: string;
  headers: Record<string, string>;
}

/** An xConnect request to judge, with the server's configuration (docs/spec/xconnect.md §3). */
export interface XConnectVerifyRequest {
  id: string;
  scheme: 'xconnect';
  role: 'verifier';
  wire: WireMessage;
  /** The server clock, ISO-8601. */
  now: string;
  /** The api keys the server knows. */
  credentials: XConnectCredentialRecord[];
  /** `x-auth-token` values the server knows, each to the api key it stands for. */
  authTokens: Record<string, string>;
  clockWindowSeconds: number;
  acceptedVersions: XConnectVersion[];
}

/** A KX Connect call to judge, with the server's sessions and profile (docs/spec/kx-connect.md §2). */
export interface KxVerifyRequest {
  id: string;
  scheme: 'kx';
  role: 'verifier';
  wire: WireMessage;
  /** The server clock, ISO-8601. */
  now: string;
  sessions: KxSessionRecord[];
  profile: KxProfile;
}

/** Any request line the checker sends. */
export type ProtocolRequest = XConnectSignRequest | KxSignRequest | XConnectVerifyRequest | KxVerifyRequest;

/** A signer's request line, either scheme. */
export type SignRequest = XConnectSignRequest | KxSignRequest;

/** A verifier's request line, either scheme. */
export type VerifyRequest = XConnectVerifyRequest | KxVerifyRequest;

/**
 * What an in-process signer returns (`checkClient`): the request it would send. Adapters send the
 * same fields, plus `id`, as one JSON line.
 */
export interface SignedWire {
  method: string;
  target: string;
  headers: Record<string, string>;
  /** Text (UTF-8) or bytes; in JSON answers only text, with `bodyBase64` for other bytes. */
  body?: string | Uint8Array;
  bodyBase64?: string;
  /**
   * Optional: the signer's own intermediate values, named as in the vectors' `expected`
   * (xConnect: `queryLines`, `payloadHash`, `canonicalRequest`, `canonicalRequestHash`,
   * `stringToSign`, `signingKey`, `signature`; KX: `bodyDigest`, `contentType`, `date`,
   * `stringToSign`, `signature`), for a step-by-step diff.
   */
  intermediates?: Record<string, unknown>;
}

/** What an in-process verifier returns (`checkVerifier`). */
export interface VerifierAnswer {
  valid: boolean;
  /** Optional: the verifier's reason, shown beside the expected one. */
  reason?: string;
}

/** A signer's answer, read and checked. */
export interface SignedReply {
  kind: 'signed';
  wire: { method: string; target: string; headers: Record<string, string>; body: Uint8Array };
  intermediates?: Record<string, unknown>;
}

/** A verifier's answer, read and checked. */
export interface VerdictReply {
  kind: 'verdict';
  valid: boolean;
  reason?: string;
}

/** The implementation declined the request (`{"id":…,"error":…}`, or an in-process throw). */
export interface ErrorReply {
  kind: 'error';
  message: string;
  code?: string;
}

/**
 * No usable answer: `timeout` (none in time), `crash` (the adapter died on it), `protocol` (the
 * answer broke the protocol), `unavailable` (the adapter can no longer be run).
 */
export interface ProblemReply {
  kind: 'problem';
  problem: 'timeout' | 'crash' | 'protocol' | 'unavailable';
  message: string;
}

/** Every outcome of sending one request. */
export type Reply = SignedReply | VerdictReply | ErrorReply | ProblemReply;

/** Sends one request to the implementation under test and resolves with its reply; never rejects. */
export type Exchange = (request: ProtocolRequest) => Promise<Reply>;
