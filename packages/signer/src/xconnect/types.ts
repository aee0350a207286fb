/** Types shared by the xConnect signing steps, signer, verifier and explainer. */

/** Signature versions the xConnect platform knew (docs/spec/xconnect.md §1–§2). Absent header = 0. */
export type XConnectVersion = 0 | 1 | 2;

/**
 * Whose reading of a request a verifier reproduces: `'kit'` (the default) follows this kit's rules
 * (docs/spec/xconnect.md §1–§3); `'moonstone'` follows the published platform exactly, edges included
 * (docs/spec/xconnect.md §3b).
 */
export type XConnectPlatform = 'kit' | 'moonstone';

/** One query parameter as `[name, value]`, in the order the client sends it. */
export type QueryParam = readonly [name: string, value: string];

/** The key pair an application is given by the portal. */
export interface XConnectCredentials {
  /** 64 hex characters on the real platform; any non-empty string is signed. */
  apiKey: string;
  /** Base64 text on the real platform; used as UTF-8 text, never decoded. */
  secretKey: string;
}

/** The four `x-arrow-*` headers a signed request carries (no version header for version 0). */
export type XConnectHeaders = {
  'x-arrow-apikey': string;
  'x-arrow-date': string;
  'x-arrow-version'?: string;
  'x-arrow-signature': string;
};

/**
 * Every intermediate value of one signature, in the order they are computed. The field names
 * are the ones used in the published vectors.
 */
export interface XConnectTrace {
  /** The version signed (header `x-arrow-version`; absent = 0). */
  version: XConnectVersion;
  /** `METHOD` line: upper-cased method. */
  method: string;
  /** `PATH` line: the raw path as sent. */
  path: string;
  /** The canonical query lines, sorted (docs/spec/xconnect.md §1.1), without line endings. */
  queryLines: string[];
  /** Lowercase hex SHA-256 of the body (versions 1 and 2); `null` for version 0, which signs no body. */
  payloadHash: string | null;
  /** The canonical request (version 0: the whole string that is signed). */
  canonicalRequest: string;
  /** Lowercase hex SHA-256 of the canonical request (versions 1 and 2); `null` for version 0. */
  canonicalRequestHash: string | null;
  /** The string to sign (version 0: equal to the canonical request). */
  stringToSign: string;
  /** The signing-key chain `[k1, k2, k3]` (versions 1 and 2); version 0 signs with the secret key itself: `[]`. */
  signingKey: string[];
  /** Lowercase hex HMAC-SHA256 signature. */
  signature: string;
}
