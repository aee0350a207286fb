/** The moonstone profile's answers before any signature check: the platform's container, firewall, logout route and method lookup (docs/spec/xconnect.md §3b). */
import { findXConnectPlatformMistakes, headerValue, moonstoneFrontRejection, XCONNECT_DEVIATIONS, moonstoneRequestPath, verifyXConnectRequest, type XConnectFrontRejection, type XConnectVerdict } from '@sigkit/signer';
import { emptyResponse } from '../http/responses.js';
import type { MockHttpResponse } from '../http/types.js';
import { lazyJournalVerdict, type JournalVerdict } from '../journal/journal.js';
import type { PlatformServices, ScreenedRequest } from '../platform/platformModule.js';
import { springExceptionResponse, undertowBadRequest } from './errors.js';
import { diagnosisJson, reproductionNote, type XConnectDiagnosis } from './verifyRequest.js';

/** Why a request the adapter's parser refused is the container's 400 when no front rule names it. */
const UNPARSED_REASON =
  "the request is not valid HTTP, and the platform's container (Undertow) answered such requests 400 with an empty body before any check: send a request line `METHOD SP /path?query SP HTTP/1.1` with a percent-encoded target, and well-formed headers";

/** What a front answer needs of a request (a screened one, or one the verifier refused in front of its filter). */
export type FrontRequest = Pick<ScreenedRequest, 'journalId' | 'rawMethod' | 'wireTarget' | 'headers' | 'scheme'>;

const FORM_TYPE = /^application\/x-www-form-urlencoded/i;

/**
 * What the platform answered before its filter, for a request the moonstone profile serves, or
 * `undefined` when the request reaches the filter — or when the answer depends on its body. A
 * request the adapter's HTTP parser refused (`unparsed`) is the container's 400 unless a front rule
 * answers it first (a lower-case method is the method lookup's 500 even though Node cannot parse it).
 * The container's answers come first whatever the body; after them the platform's servlet filters
 * read a form body (which can fail with a 500, or change the method by `_method`), so for a form
 * the rest is left to the verifier, which reads the body in that order.
 */
export function moonstoneFrontRefusal(request: ScreenedRequest): XConnectFrontRejection | undefined {
  const line = request.unparsed === undefined || request.unparsed.requestLine;
  const front = line ? moonstoneFrontRejection(request.rawMethod, request.wireTarget) : null;
  if (front && (front.layer === 'container' || request.unparsed !== undefined || !isForm(request))) return front;
  if (request.unparsed === undefined || front) return undefined;
  return { status: 400, layer: 'container', rule: 'forbidden_character', reason: `${UNPARSED_REASON} (Node's parser said ${request.unparsed.code})`, serverMessage: '' };
}

/**
 * The answer to a front refusal in the platform's own shapes: the container's 400 (empty body,
 * connection closed) and 404 (empty body), the logout route's 302 to `/login?logout` (made absolute
 * from the Host header, as the container's `sendRedirect` did), and Spring Boot's error JSON for the
 * 500s, whose `message` is the exception's text.
 */
export function frontResponse(front: XConnectFrontRejection, request: FrontRequest, now: number): MockHttpResponse {
  switch (front.status) {
    case 400:
      return undertowBadRequest();
    case 404:
      return emptyResponse(404);
    case 302: {
      const host = headerValue(request.headers, 'host') ?? 'localhost';
      return emptyResponse(302, { location: `${request.scheme}://${host}${front.location ?? '/login?logout'}` });
    }
    default:
      // Spring's `path` is the servlet's request URI: an absolute-form target without a path keeps it whole.
      return springExceptionResponse(front.serverMessage, moonstoneRequestPath(request.wireTarget), now);
  }
}

/** Whether the request carries a form body the platform's servlet filters would read before its security layer. */
function isForm(request: ScreenedRequest): boolean {
  const type = headerValue(request.headers, 'content-type');
  return type !== undefined && FORM_TYPE.test(type);
}

/**
 * The journal's verdict for a front answer, with a diagnosis naming the layer, the rule, why, and
 * what to send instead; a 500 is marked as the deliberate reproduction it is. `verdict` is the
 * verifier's, when it gave the front answer (one that depends on the body).
 */
export function frontJournalVerdict(front: XConnectFrontRejection, request: FrontRequest, services: PlatformServices, verdict = frontVerdictOf(front, request)): JournalVerdict {
  const now = services.clock.now();
  const diagnosis: XConnectDiagnosis = {
    code: verdict.code,
    message: front.reason,
    expected: null,
    provided: verdict.provided,
    deviation: frontDeviation(request),
    serverTime: new Date(now).toISOString(),
    clockWindowSeconds: services.clock.windowSeconds,
    profile: services.profile,
    journalId: request.journalId,
    front: { status: front.status, layer: front.layer, rule: front.rule, reason: front.reason, serverMessage: front.serverMessage },
    platformWouldDiffer: null,
  };
  if (front.status >= 500) diagnosis.reproduction = reproductionNote(front.status, `its ${front.layer === 'firewall' ? 'firewall' : 'method lookup'} threw before any check`);
  const json = diagnosisJson(diagnosis);
  return lazyJournalVerdict('xconnect', false, verdict.code, front.reason, front.serverMessage, { build: () => json });
}

/** The client mistake a front answer comes from, when it is one of docs/spec/xconnect.md §4 (a firewall path, a lower-case method). */
function frontDeviation(request: FrontRequest): XConnectDiagnosis['deviation'] {
  const [mistake] = findXConnectPlatformMistakes({ method: request.rawMethod, target: request.wireTarget, headers: request.headers });
  if (!mistake) return null;
  const { step } = XCONNECT_DEVIATIONS[mistake.flag];
  return { flags: [mistake.flag], steps: [step], summary: mistake.message };
}

/** The signer's verdict for a front refusal: its code and what the client sent, as the platform read it. */
function frontVerdictOf(front: XConnectFrontRejection, request: FrontRequest): XConnectVerdict {
  const verdict = verifyXConnectRequest(
    { method: request.rawMethod, target: request.wireTarget, headers: request.headers },
    { platform: 'moonstone', lookupCredentials: () => undefined },
  );
  // A parser refusal that no front rule names has no verdict of the signer's: it is the container's.
  return verdict.front ? verdict : { ...verdict, code: 'container_rejected', status: front.status, front };
}
