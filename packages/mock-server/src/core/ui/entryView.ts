/** One journal entry opened in the inspector: the failed check, expected beside sent, key chain, signatures, the named mistake, curl and the explanation text. */
import {
  KX_DEFAULT_PROFILE,
  KX_VARIANTS,
  XCONNECT_DEVIATIONS,
  applyKxVariants,
  constantTimeEqual,
  kxStringToSign,
  signXConnectRequestWithDeviations,
  type KxProfile,
  type KxVariantName,
  type XConnectDeviationFlag,
  type XConnectVersion,
} from '@sigkit/signer';
import type { JsonObject, JsonValue } from '../http/types.js';
import type { JournalEntry } from '../journal/journal.js';
import { explainJournalEntry } from '../journal/explainEntry.js';
import { REDACTED } from '../journal/redact.js';
import { AdminError } from '../admin/adminRoute.js';
import { mistakesOf } from './liveEvents.js';

/** A named mistake with what the client did and how to fix it, from the signer's catalogues. */
export interface NamedMistake {
  name: string;
  /** The class of mistake, Wycheproof-style (`CANONICALIZATION`, `ENCODING`…). */
  bugType: string;
  /** What the client did, in one sentence. */
  description: string;
  /** What it should do instead, in one sentence. */
  fix: string;
}

/** Expected beside sent for one step; `sent` is null when no known mistake reproduces the client's. */
export interface ComparedText {
  label: string;
  expected: string;
  sent: string | null;
}

/** What the inspector shows of an opened entry (`GET /__sigkit/ui/api/entries/{id}`). */
export interface EntryView {
  /** The journal entry as `GET /__sigkit/journal/{id}` answers it. */
  entry: JsonValue;
  /** The check that decided, with its sentence; null when nothing was verified. */
  check: { code: string; ok: boolean; message: string; serverMessage: string; firstDifference: string | null } | null;
  compared: ComparedText[];
  /** The derived signing keys (xConnect), never the secret key. */
  keyChain: string[];
  signatures: { expected: string | null; sent: string | null };
  mistakes: NamedMistake[];
  /** The request as a curl command (redacted headers stay redacted). */
  curl: string;
  /** The same explanation as text, for the page's "explain" button. */
  explain: string;
}

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The named mistake of a flag of either scheme; undefined when neither catalogue knows it. */
export function namedMistake(name: string): NamedMistake | undefined {
  const xconnect = (XCONNECT_DEVIATIONS as Record<string, { bugType: string; description: string; fix: string } | undefined>)[name];
  if (xconnect) return { name, bugType: xconnect.bugType, description: xconnect.description, fix: xconnect.fix };
  const kx = (KX_VARIANTS as Record<string, { knob: string; value: unknown; bugType: string; description: string } | undefined>)[name];
  if (kx) {
    const wanted = (KX_DEFAULT_PROFILE as Record<string, unknown>)[kx.knob];
    return { name, bugType: kx.bugType, description: kx.description, fix: `Sign with the server's profile: ${kx.knob} ${JSON.stringify(wanted)}, not ${JSON.stringify(kx.value)} (or run the mock with --kx-profile ${name} if your server really signs so).` };
  }
  return undefined;
}

function bodyBytes(entry: JournalEntry): Uint8Array | undefined {
  if (entry.body.truncated || entry.body.redacted) return undefined;
  return entry.body.encoding === 'base64' ? Uint8Array.from(atob(entry.body.data), (c) => c.charCodeAt(0)) : new TextEncoder().encode(entry.body.data);
}

/** What an xConnect client deviating by `flags` signed, recomputed by the signer (the secret is not needed for these two strings). */
function xconnectSent(entry: JournalEntry, provided: JsonObject, flags: string[]): { canonicalRequest: string; stringToSign: string } | null {
  const body = bodyBytes(entry);
  const apiKey = text(provided.apiKey);
  const date = text(provided.date);
  if (flags.length === 0 || body === undefined || apiKey === null || date === null) return null;
  const version = Number(text(provided.version) ?? '0');
  const query = entry.target.includes('?') ? entry.target.slice(entry.target.indexOf('?') + 1) : undefined;
  try {
    const signed = signXConnectRequestWithDeviations(
      { method: entry.method, path: entry.path, ...(query !== undefined && { query }), body, apiKey, secretKey: 'unused', timestamp: date, version: version as XConnectVersion },
      flags as XConnectDeviationFlag[],
    );
    return { canonicalRequest: signed.trace.canonicalRequest, stringToSign: signed.trace.stringToSign };
  } catch {
    // A mistake that changes the request itself has no canonical request of its own to show.
    return null;
  }
}

/** What a KX client deviating by `flags` signed: the expected parts joined as its profile joins them. */
function kxSent(expected: JsonObject, flags: string[], serverProfile: unknown): string | null {
  if (flags.length === 0 || !isObject(serverProfile)) return null;
  try {
    const profile: KxProfile = applyKxVariants(serverProfile as unknown as KxProfile, flags as KxVariantName[]);
    const parts = ['method', 'authPath', 'username', 'bodyDigest', 'contentType', 'date', 'sessionId'].map((key) => text(expected[key]));
    if (parts.some((part) => part === null)) return null;
    const [method, authPath, username, bodyDigest, contentType, date, sessionId] = parts as string[];
    // Only the joiner changes how the parts are put together; a digest or date mistake changes a part, which the diagnosis shows as provided.
    return kxStringToSign({ method: method!, authPath: authPath!, username: username!, bodyDigest: bodyDigest!, contentType: contentType!, date: date!, sessionId: sessionId! }, profile);
  } catch {
    return null;
  }
}

/** `sigkit explain --journal {id}`'s text for the entry, or what it says when the entry cannot be explained. */
function explainTextOf(entry: JournalEntry, secretOf: (apiKey: string) => string | undefined): string {
  try {
    return explainJournalEntry(entry, secretOf).text;
  } catch (error) {
    if (error instanceof AdminError) return `sigkit explain: the mock cannot explain entry ${entry.id}: ${error.message}\n`;
    throw error;
  }
}

/** Shell-quotes one word for a POSIX shell. */
function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_./:=@%+-]+$/.test(word)) return word;
  if (!/[\x00-\x1f\x7f']/.test(word)) return `'${word}'`;
  // $'…' keeps CR, LF and other control characters exact.
  return `$'${word.replace(/[\\']/g, (c) => `\\${c}`).replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}'`;
}

/**
 * The entry as a curl command against `origin`: method, target as sent, headers, body. Headers the
 * journal redacted stay `[redacted]`; a body kept only in part is left out with a note.
 */
export function curlCommand(entry: JournalEntry, origin: string): string {
  const parts = ['curl', '-sS', '-X', entry.method, shellQuote(`${origin}${entry.target}`)];
  for (const [name, value] of Object.entries(entry.headers)) {
    if (['host', 'content-length', 'connection', 'accept-encoding'].includes(name)) continue;
    for (const one of Array.isArray(value) ? value : [value]) parts.push('-H', shellQuote(`${name}: ${one}`));
  }
  if (entry.body.size > 0) {
    if (entry.body.truncated) parts.push('# body not kept whole by the journal');
    else if (entry.body.encoding === 'base64') parts.push('--data-binary', `@<(printf %s ${shellQuote(entry.body.data)} | base64 -d)`);
    else parts.push('--data-binary', shellQuote(entry.body.data));
  }
  return parts.join(' ');
}

/**
 * Builds the opened view of a journal entry from its verdict's diagnosis and the signer's catalogues.
 * Its `explain` text is `sigkit explain --journal {id}`'s, from the same explainer
 * ({@link explainJournalEntry}) with the secret `secretOf` gives for the entry's api key.
 *
 * @example
 * ```ts
 * const view = entryView(core.journal.get(12)!, 'http://127.0.0.1:8080', (apiKey) => core.credentials.get(apiKey)?.secretKey);
 * view.mistakes[0]?.name; // 'CrlfQueryLines'
 * ```
 */
export function entryView(entry: JournalEntry, origin: string, secretOf: (apiKey: string) => string | undefined = () => undefined): EntryView {
  const verdict = entry.verdict;
  const diagnosis = isObject(verdict?.diagnosis) ? verdict.diagnosis : {};
  const expected = isObject(diagnosis.expected) ? diagnosis.expected : {};
  const provided = isObject(diagnosis.provided) ? diagnosis.provided : {};
  const flags = mistakesOf(entry);
  const compared: ComparedText[] = [];
  let keyChain: string[] = [];
  if (verdict?.scheme === 'xconnect') {
    const sent = xconnectSent(entry, provided, flags);
    const canonical = text(expected.canonicalRequest);
    const toSign = text(expected.stringToSign);
    if (canonical !== null) compared.push({ label: 'canonical request', expected: canonical, sent: sent?.canonicalRequest ?? null });
    if (toSign !== null) compared.push({ label: 'string to sign', expected: toSign, sent: sent?.stringToSign ?? null });
    if (Array.isArray(expected.signingKey)) keyChain = expected.signingKey.filter((k): k is string => typeof k === 'string');
  } else if (verdict?.scheme === 'kx') {
    const toSign = text(expected.stringToSign);
    if (toSign !== null) compared.push({ label: 'string to sign', expected: toSign, sent: kxSent(expected, flags, diagnosis.profile) });
  }
  const signature = (value: unknown) => {
    const found = text(value);
    return found === null || found === REDACTED ? null : found;
  };
  const expectedSignature = signature(expected.signature);
  const sentSignature = signature(provided.signature);
  // In constant time, as every signature comparison of the kit (issue #18).
  if (verdict?.ok || (expectedSignature !== null && sentSignature !== null && constantTimeEqual(expectedSignature, sentSignature))) {
    // The client signed what the server expected: its side is the expected one.
    for (const item of compared) item.sent = item.expected;
  }
  const partial = {
    check: verdict
      ? { code: verdict.code, ok: verdict.ok, message: verdict.message, serverMessage: verdict.serverMessage, firstDifference: text(diagnosis.firstDifference) }
      : null,
    compared,
    keyChain,
    signatures: { expected: expectedSignature, sent: signature(provided.signature) },
    mistakes: flags.map((flag) => namedMistake(flag) ?? { name: flag, bugType: 'UNKNOWN', description: 'a deviation the signer names but does not describe', fix: 'see docs/spec' }),
  };
  return { entry: JSON.parse(JSON.stringify(entry)) as JsonValue, ...partial, curl: curlCommand(entry, origin), explain: explainTextOf(entry, secretOf) };
}
