/** Explains a KX Connect request from the sigkit mock's own record of it: the journal keeps the diagnosis the mock computed, never the sessionId. */
import { constantTimeEqual } from '../shared/crypto.js';
import { KX_VARIANTS, type KxVariantName } from '../index.js';
import type { DeviationMatch, Diagnosis, StepComparison } from './types.js';
import { SigkitInputError } from '../errors.js';
import { bodyFields, type CapturedRequest } from './capture.js';
import type { CaptureExplanation } from './explainCapture.js';

/** The parts of the mock's KX diagnosis that an explanation reads (its 401 `sigkit` object, as the journal keeps it). */
interface RecordedKxDiagnosis {
  code?: string;
  message?: string;
  expected?: Record<string, unknown> | null;
  provided?: Record<string, unknown> | null;
  deviation?: { flags?: string[]; steps?: string[]; relativeTo?: string; summary?: string } | null;
  firstDifference?: string | null;
  profileName?: string;
}

const LOGIN_CODES = new Set(['login', 'invalid_credentials', 'malformed_login']);

const STEP_OF_KNOB: Record<string, string> = { joiner: 'joiner', bodyDigest: 'body digest', contentTypePart: 'content type', datePart: 'date', signatureEncoding: 'signature' };

const RECORDED_NOTE =
  "explained from the mock's own diagnosis, made when it verified the request: its journal keeps neither the Authorization header nor the sessionId (only its last five characters). Give --session-id to recompute it here.";


const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function row(step: string, field: string, expected: unknown, provided: unknown): StepComparison {
  const e = str(expected) ?? '';
  const p = str(provided);
  return p === undefined ? { step, field, expected: e, same: false } : { step, field, expected: e, provided: p, same: e === p };
}

function loginSummary(code: string, message: string): string {
  if (code === 'login') return `The login succeeded (${message}).`;
  if (code === 'invalid_credentials') {
    return `The login was refused: ${message}. The journal never keeps the password; check it against the user's (GET /__sigkit/kx/users lists the users the mock knows).`;
  }
  return `The login body could not be read: ${message}.`;
}

/**
 * Explains a KX Connect login or call from the verdict the sigkit mock recorded (its journal, or
 * a HAR exported from it): the check that decided, the expected string to sign beside what the
 * client sent, and the named deviation the mock found. Needs no sessionId: the mock computed the
 * diagnosis when it still had the session. Throws `NOT_RECORDED` for a capture without one.
 *
 * @example
 * ```ts
 * const why = explainRecordedKx(await fetchJournalEntry(7));
 * why.diagnosis.deviations[0]?.flags; // ['NoSeparator']
 * ```
 */
export function explainRecordedKx(captured: CapturedRequest): CaptureExplanation {
  const verdict = captured.recorded?.verdict;
  if (!verdict || verdict.scheme !== 'kx') {
    throw new SigkitInputError('NOT_RECORDED', `${captured.source} carries no KX verdict of the sigkit mock`, { expected: 'a KX entry of the mock\'s journal, or of a HAR exported from it' });
  }
  const request = { method: captured.method, target: captured.target, headers: captured.headers, ...bodyFields(captured.body) };
  const base = { scheme: 'kx' as const, source: captured.source, request, verdict: { ok: verdict.ok, code: verdict.code, message: verdict.message }, note: RECORDED_NOTE };
  if (LOGIN_CODES.has(verdict.code)) {
    const diagnosis: Diagnosis = { verdict: { code: verdict.code, message: verdict.message }, source: 'wire', steps: [], deviations: [], summary: loginSummary(verdict.code, verdict.message) };
    return { ...base, signatureMatches: verdict.ok, diagnosis, note: 'a login is not signed: explained from the check the mock recorded (the journal never keeps the password).' };
  }
  const recorded = (verdict.diagnosis ?? {}) as RecordedKxDiagnosis;
  const expected = recorded.expected ?? undefined;
  const provided = recorded.provided ?? {};
  const identity = str(provided['identity']);
  const steps: StepComparison[] = [];
  if (expected) {
    const suffix = identity !== undefined && identity.length > 5 ? Array.from(identity).slice(-5).join('') : undefined;
    steps.push(
      row('method', 'method', expected['method'], captured.method),
      row('path', 'authPath', expected['authPath'], undefined),
      row('username', 'username', expected['username'], identity !== undefined ? Array.from(identity).slice(0, -5).join('') : undefined),
      row('body digest', 'bodyDigest', expected['bodyDigest'], provided['bodyDigest']),
      row('content type', 'contentType', expected['contentType'], provided['contentType']),
      row('date', 'date', expected['date'], provided['date']),
      // Both sides show the session by its last five characters, the only part the journal keeps.
      row('session id', 'sessionId', expected['sessionId'], suffix !== undefined ? `[redacted sessionId …${suffix}]` : undefined),
      row('joiner', 'stringToSign', expected['stringToSign'], undefined),
      row('signature', 'signature', expected['signature'], provided['signature']),
    );
  }
  const flags = (recorded.deviation?.flags ?? []).filter((f): f is KxVariantName => f in KX_VARIANTS);
  const deviations: DeviationMatch[] =
    recorded.deviation && flags.length > 0
      ? [{
          flags,
          steps: [...new Set(flags.map((f) => STEP_OF_KNOB[KX_VARIANTS[f].knob] ?? KX_VARIANTS[f].knob))],
          bugType: [...new Set(flags.map((f) => KX_VARIANTS[f].bugType))].join(' + '),
          description: flags.map((f) => KX_VARIANTS[f].description).join(' ') + (recorded.deviation.relativeTo === 'default profile' ? ` (relative to the kit's default profile; the mock runs ${recorded.profileName ?? 'another profile'})` : ''),
        }]
      : [];
  const signatureMatches = verdict.ok || (expected !== undefined && str(expected['signature']) !== undefined && constantTimeEqual(String(expected['signature']), String(provided['signature'] ?? '')));
  const firstDifferingStep = deviations[0]?.steps[0] ?? steps.find((s) => s.provided !== undefined && !s.same)?.step;
  const diagnosis: Diagnosis = {
    verdict: { code: verdict.code, message: verdict.message },
    source: 'wire',
    steps,
    deviations,
    summary: [recorded.firstDifference, verdict.ok ? undefined : verdict.message].filter((s): s is string => typeof s === 'string' && s !== '').join(' '),
  };
  if (firstDifferingStep !== undefined && !verdict.ok) diagnosis.firstDifferingStep = firstDifferingStep;
  return { ...base, signatureMatches, diagnosis };
}
