/** What the real platform would have answered a request the strict profile judged: the `platformWouldDiffer` note (docs/spec/xconnect.md §3b). */
import { isUtf8 } from 'node:buffer';
import { headerValue, isMoonstoneExempt, moonstoneFrontRejection, moonstoneRequestPath, type XConnectFrontRejection, type XConnectVerdict } from '@sigkit/signer';
import type { PlatformWouldDiffer } from '../platform/platformWouldDiffer.js';

/** A request as the comparison needs it. */
export interface ComparedRequest {
  rawMethod: string;
  wireTarget: string;
  rawQuery: string | undefined;
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  body: Uint8Array;
}

/** Whether a verdict lets the request through to the API (checked and accepted, or not checked at all). */
export function passes(verdict: Pick<XConnectVerdict, 'code'>): boolean {
  return verdict.code === 'ok' || verdict.code === 'exempt' || verdict.code === 'unsigned_bypass';
}

// The x-arrow-date spelling both readings agree on, to the millisecond: `Date.toISOString()` and its
// shorter fractions. Any other spelling is read by each side its own way (docs/spec/xconnect.md §3b).
const PLAIN_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,3})?Z$/;
// In a query: a piece with an empty name, the hidden-method override, or an escape of a non-ASCII byte
// (Java and the kit replace malformed UTF-8 differently) — each read otherwise by the platform.
const QUERY_EDGE = /(?:^|&)=|(?:^|&)_method=|%[89a-fA-F]/;
const FORM_BODY = /^application\/x-www-form-urlencoded/i;

/**
 * Whether the platform may have let through a request the strict profile accepted, or refused with
 * `signature_mismatch`, otherwise than strict did. False only for the plain requests on which both
 * readings provably compute the same signature (a method the platform knows, a body that is valid
 * UTF-8 and not a form, a query without the edges above, a `toISOString()` date): then an accepted
 * request is accepted by both, and a wrong signature is wrong for both unless the platform does not
 * check the path at all (its exact exempt list). So the usual request, and the usual rejection (a
 * flood of wrong signatures, issue #18), costs no second verification; every other verdict gets one.
 */
export function mayDifferFromPlatform(request: ComparedRequest, strictVerdict: Pick<XConnectVerdict, 'code'>): boolean {
  if (strictVerdict.code === 'signature_mismatch') {
    return !isPlain(request) || isMoonstoneExempt(request.rawMethod, moonstoneRequestPath(request.wireTarget));
  }
  return strictVerdict.code !== 'ok' || !isPlain(request);
}

/** A request both readings compute the same canonical request and signature for (see {@link mayDifferFromPlatform}). */
function isPlain(request: ComparedRequest): boolean {
  if (request.rawQuery !== undefined && QUERY_EDGE.test(request.rawQuery)) return false;
  const date = headerValue(request.headers, 'x-arrow-date');
  if (date !== undefined && !PLAIN_DATE.test(date)) return false;
  if (request.body.length > 0) {
    const type = headerValue(request.headers, 'content-type');
    if (type !== undefined && FORM_BODY.test(type)) return false;
    // Checked without decoding: a body can be a megabyte, and this runs on every accepted request.
    if (!isUtf8(request.body)) return false;
  }
  return true;
}

/** The platform's front refusal of a request, if it had one (cheap: a scan of the method and target). */
export function platformFront(request: Pick<ComparedRequest, 'rawMethod' | 'wireTarget'>): XConnectFrontRejection | null {
  return moonstoneFrontRejection(request.rawMethod, request.wireTarget);
}

/** The note for a request the platform refused before its filter. */
export function frontNote(front: XConnectFrontRejection): PlatformWouldDiffer {
  const code = front.layer === 'container' ? 'container_rejected' : front.layer === 'firewall' ? 'firewall_rejected' : front.layer === 'method' ? 'unknown_method' : 'logout_redirect';
  const answer = front.status === 302 ? `a 302 to ${front.location ?? '/login?logout'}` : `${front.status}`;
  return { status: front.status, layer: front.layer, code, reason: `the platform would have answered ${answer}: ${front.reason}` };
}

/**
 * Compares the strict profile's verdict with the platform's (`verifyXConnectRequest` with
 * `platform: 'moonstone'`) and says how the platform's answer would differ: refused where strict lets
 * the request through, let through where strict refuses, or refused with another status. `undefined`
 * when both answer alike (both refuse with a 401, or both let the request through).
 */
export function filterNote(strictVerdict: Pick<XConnectVerdict, 'code'>, platformVerdict: XConnectVerdict): PlatformWouldDiffer | undefined {
  if (platformVerdict.front) return frontNote(platformVerdict.front);
  const strictPasses = passes(strictVerdict);
  const platformPasses = passes(platformVerdict);
  if (strictPasses === platformPasses) return undefined;
  if (platformPasses) {
    const how = platformVerdict.code === 'exempt' ? 'without checking it' : platformVerdict.code === 'unsigned_bypass' ? 'without a signature' : 'as signed';
    return { status: null, layer: 'filter', code: platformVerdict.code, reason: `the platform would have let this request through ${how}: ${platformVerdict.message}` };
  }
  const unchecked = strictVerdict.code === 'exempt' ? ' (the platform exempts only its exact list of paths, not every path ending in /status)' : '';
  return {
    status: platformVerdict.status,
    // A 500 without a front answer is a form body the container's parser (or Spring's) could not read.
    layer: platformVerdict.status >= 500 ? 'container' : 'filter',
    code: platformVerdict.code,
    reason: `the platform would have refused this request ${platformVerdict.status} "${platformVerdict.serverMessage}"${unchecked}: ${platformVerdict.message}`,
  };
}
