/** The query parameters and body as the platform's container handed them to the filter (docs/spec/xconnect.md §3b). */
import { isUtf8 } from 'node:buffer';
import { sha256Hex } from '../shared/crypto.js';
import { EMPTY_PAYLOAD_HASH } from './payloadHash.js';
import { decodeUtf8LikeJava } from './javaUtf8.js';
import { queryComponentBytes, splitQuery, type DecodedQueryParam } from './decodeQuery.js';

/**
 * Decodes one query component as the platform's container did: `+` is a space, `%XX` are bytes, and
 * the bytes are read as UTF-8 the Java way ({@link decodeUtf8LikeJava}). Throws `MALFORMED_QUERY` on a
 * `%` not followed by two hex digits (the container answered 400 before that).
 *
 * @example
 * ```ts
 * decodeMoonstoneQueryComponent('caf%C3%A9+au+lait'); // 'café au lait'
 * decodeMoonstoneQueryComponent('%ED%A0%80'); // '\uFFFD' (one, where TextDecoder gives three)
 * ```
 */
export function decodeMoonstoneQueryComponent(raw: string): string {
  if (!raw.includes('%') && !raw.includes('+')) return raw;
  return decodeUtf8LikeJava(queryComponentBytes(raw));
}

/**
 * Splits a raw query (without `?`) into parameters as the platform's container did: pieces between
 * `&`, each split at its first `=`; an empty piece (`a=1&&b=2`) is skipped, a piece without `=` is a
 * parameter with the value `''`, and — unlike {@link decodeQuery} — a piece with an empty name
 * (`=v`, or a lone `=`) is kept with the name `''`, which the platform's signer then refuses.
 *
 * @example
 * ```ts
 * decodeMoonstoneQuery('=v&a=1').map((p) => [p.name, p.value]); // [['', 'v'], ['a', '1']]
 * ```
 */
export function decodeMoonstoneQuery(rawQuery: string | undefined): DecodedQueryParam[] {
  return splitQuery(rawQuery, decodeMoonstoneQueryComponent, true);
}

/**
 * The payload hash the platform computed: the body read as UTF-8 text (malformed bytes replaced the
 * Java way) and hashed after re-encoding, so a body that is not valid UTF-8 is hashed as its lossy
 * re-encoding, not as the bytes sent. For valid UTF-8 it equals `payloadHash(body)`.
 *
 * @example
 * ```ts
 * moonstonePayloadHash(Uint8Array.of(0xff)) === payloadHash('\uFFFD'); // true
 * ```
 */
export function moonstonePayloadHash(body: string | Uint8Array | null | undefined): string {
  if (body === undefined || body === null || body.length === 0) return EMPTY_PAYLOAD_HASH;
  if (typeof body === 'string') return sha256Hex(Buffer.from(body, 'utf8'));
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  // Valid UTF-8 round-trips unchanged: hash the bytes themselves, without decoding a large body.
  if (isUtf8(bytes)) return sha256Hex(bytes);
  return sha256Hex(Buffer.from(decodeUtf8LikeJava(bytes), 'utf8'));
}
