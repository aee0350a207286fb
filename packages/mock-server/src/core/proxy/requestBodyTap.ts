/** What the proxy keeps of a request body it forwards as it arrives: a bounded prefix, and, once the body outgrows it, what verification needs computed on the way. */
import { createKxBodyDigester, createPayloadHasher, type KxBodyDigester, type KxProfile, type PayloadHasher } from '@sigkit/signer';
import { createKxBodyFieldReader, type KxBodyFieldReader } from './kxBodyFields.js';

/** What verification needs of a body that was not held whole. */
export interface StreamedBody {
  /** The whole body's size in bytes. */
  size: number;
  /** xConnect: the payload hash under the profile's reading (docs/spec/xconnect.md §1.1, §3b). */
  payloadHash?: string;
  /** KX: the body digest under the profile, absent when the profile's digest needs the whole body. */
  kxBodyDigest?: string;
  /** KX: a small JSON text the verifier reads as it would the whole body (see `createKxBodyFieldReader`). */
  kxStandIn?: string;
}

/** Which digests a body needs, by the scheme its path belongs to. */
export type BodyTapScheme = { scheme: 'xconnect'; platform: 'kit' | 'moonstone' } | { scheme: 'kx'; profile: KxProfile } | { scheme: null };

/** Copies what passes; see {@link createRequestBodyTap}. */
export interface RequestBodyTap {
  /** Adds the next chunk, as it is forwarded. */
  add(chunk: Uint8Array): void;
  /** Bytes seen so far. */
  readonly size: number;
  /** True while every byte seen is held. */
  readonly whole: boolean;
  /** The bytes held: the whole body while `whole`, else its first `heldLimit` bytes. */
  held(): Uint8Array;
  /** Once the body has ended and was not held whole: what verification needs; else undefined. */
  streamed(): StreamedBody | undefined;
}

/**
 * Creates a tap over a request body. Up to `heldLimit` bytes are held (enough for the journal's
 * copy, and for verifying and explaining a small body exactly as the mock does); past that only
 * the prefix stays, and the digests the scheme needs are computed as the rest passes, starting
 * from the prefix held. A body that never outgrows the limit is not digested here at all: the
 * verifier hashes it whole, as the mock does.
 *
 * @example
 * ```ts
 * const tap = createRequestBodyTap(64 * 1024, { scheme: 'xconnect', platform: 'kit' });
 * request.on('data', (chunk) => { tap.add(chunk); upstream.write(chunk); });
 * request.on('end', () => tap.whole ? verify(tap.held()) : verifyStreamed(tap.held(), tap.streamed()!));
 * ```
 */
export function createRequestBodyTap(heldLimit: number, scheme: BodyTapScheme): RequestBodyTap {
  const chunks: Uint8Array[] = [];
  let kept = 0;
  let size = 0;
  let hasher: PayloadHasher | undefined;
  let digester: KxBodyDigester | undefined;
  let fields: KxBodyFieldReader | undefined;
  let digesting = false;
  let result: StreamedBody | undefined;

  const digest = (chunk: Uint8Array) => {
    hasher?.update(chunk);
    digester?.update(chunk);
    fields?.update(chunk);
  };
  const startDigesting = () => {
    digesting = true;
    if (scheme.scheme === 'xconnect') hasher = createPayloadHasher({ platform: scheme.platform });
    if (scheme.scheme === 'kx') {
      digester = createKxBodyDigester(scheme.profile);
      fields = createKxBodyFieldReader();
    }
    for (const chunk of chunks) digest(chunk);
  };

  return {
    get size() {
      return size;
    },
    get whole() {
      return size === kept;
    },
    add(chunk) {
      size += chunk.length;
      if (digesting) {
        digest(chunk);
        return;
      }
      if (size <= heldLimit) {
        chunks.push(chunk);
        kept += chunk.length;
        return;
      }
      // The body outgrows the limit: keep its prefix, and digest from the start.
      startDigesting();
      const part = chunk.subarray(0, heldLimit - kept);
      if (part.length > 0) chunks.push(part);
      kept += part.length;
      digest(chunk);
    },
    held() {
      return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, kept);
    },
    streamed() {
      if (!digesting) return undefined;
      if (result !== undefined) return result;
      const out: StreamedBody = { size };
      if (hasher) out.payloadHash = hasher.digest();
      if (digester) out.kxBodyDigest = digester.digest();
      if (fields) out.kxStandIn = fields.standIn();
      result = out;
      return out;
    },
  };
}
