/** One journal entry opened in the inspector: the failed check, expected beside sent, key chain, signatures, the named mistake, curl and the explanation text. */
import {
  KX_DEFAULT_PROFILE,
  KX_VARIANTS,
  XCONNECT_DEVIATIONS,
  applyKxVariants,
  kxStringToSign,
  signXConnectRequestWithDeviations,
  type KxProfile,
  type KxVariantName,
  type XConnectDeviationFlag,
  type XConnectVersion,
} from '@sigkit/signer';
import type { JsonObject, JsonValue } from '../http/types.js';
import type { JournalEntry } from '../journal/journal.js';
import { REDACTED } from '../journal/redact.js';
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

/** `\r`, `\n`, tabs and other invisible characters as the CLI prints them. */
export function showInvisible(value: string): string {
  return value.replace(/[\x00-\x1f\x7f\u00a0\u200b\ufeff]/g, (c) =>
    c === '\n' ? '\\n\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  ).replace(/ +$/gm, (spaces) => '·'.repeat(spaces.length));
}

/** Two texts line by line as `sigkit explain` shows a canonical diff: equal lines indented, differing ones `-` expected, `+` sent. */
function lineDiff(expected: string, sent: string): string[] {
  const a = expected.split('\n');
  const b = sent.split('\n');
  if (a.length !== b.length) return [...a.map((line) => `  - ${showInvisible(line)}`), ...b.map((line) => `  + ${showInvisible(line)}`)];
  const out: string[] = [];
  a.forEach((line, i) => {
    if (line === b[i]) out.push(`    ${showInvisible(line)}`);
    else out.push(`  - ${showInvisible(line)}`, `  + ${showInvisible(b[i]!)}`);
  });
  return out;
}

/**
 * The explanation as text, laid out as `sigkit explain` prints one: the request, the ruling, the
 * mistake that reproduces the signature, the first differing step, and the canonical diff. It is the
 * mock's own diagnosis (see the README's Inspector section for how it differs from the CLI's).
 */
function explainText(entry: JournalEntry, view: Omit<EntryView, 'explain' | 'entry' | 'curl'>, firstStep: string | null): string {
  const scheme = entry.verdict?.scheme ?? entry.platform ?? 'none';
  const lines = [`sigkit explain · ${scheme} · journal entry ${entry.id}`, `${entry.method} ${showInvisible(entry.target)}`];
  for (const [name, value] of Object.entries(entry.headers)) lines.push(`  ${name}: ${showInvisible(Array.isArray(value) ? value.join(', ') : value)}`);
  lines.push(`  (${entry.body.size}-byte body)`, '');
  const check = view.check;
  if (!check) {
    lines.push('nothing was verified: no signing scheme judged this request');
    return lines.join('\n') + '\n';
  }
  const matches = view.signatures.expected !== null && view.signatures.expected === view.signatures.sent;
  if (check.ok || matches) lines.push('✓ the signature matches the reference: nothing to explain');
  else if (check.code === 'signature_mismatch') lines.push('✗ the signature differs from the reference');
  else lines.push(`✗ refused before the signature: ${check.code}`);
  lines.push(`mock verdict: ${check.code}: ${check.message}`);
  for (const mistake of view.mistakes) lines.push(`reproduced by ${mistake.name} [${mistake.bugType}]: ${mistake.description}`, `  fix: ${mistake.fix}`);
  if (firstStep) lines.push(`first differing step: ${firstStep}`);
  if (view.signatures.expected !== null || view.signatures.sent !== null) {
    lines.push(`  expected signature  ${view.signatures.expected ?? '—'}`, `  sent signature      ${view.signatures.sent ?? '—'}`);
  }
  for (const compared of view.compared) {
    if (compared.sent === null) lines.push(`expected ${compared.label}:`, ...compared.expected.split('\n').map((line) => `    ${showInvisible(line)}`));
    else if (compared.sent !== compared.expected) lines.push(`${compared.label} (- expected, + sent):`, ...lineDiff(compared.expected, compared.sent));
  }
  if (!check.ok && !matches && view.mistakes.length === 0 && check.code === 'signature_mismatch') {
    lines.push("no known deviation reproduces the signature: check the keys, or compare the client's own canonical request with the expected one above");
  }
  return lines.join('\n') + '\n';
}

const indent = (value: string) => value.split('\n').map((line) => `    ${line}`).join('\n');

/**
 * Builds the opened view of a journal entry from its verdict's diagnosis and the signer's catalogues.
 *
 * @example
 * ```ts
 * const view = entryView(core.journal.get(12)!, 'http://127.0.0.1:8080');
 * view.mistakes[0]?.name; // 'CrlfQueryLines'
 * ```
 */
export function entryView(entry: JournalEntry, origin: string): EntryView {
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
  if (verdict?.ok || (expectedSignature !== null && expectedSignature === signature(provided.signature))) {
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
  const deviation = isObject(diagnosis.deviation) ? diagnosis.deviation : {};
  const steps = Array.isArray(deviation.steps) ? deviation.steps.filter((step): step is string => typeof step === 'string') : [];
  const firstStep = text(diagnosis.firstDifference) ?? (steps.length > 0 ? steps.join(', ') : null);
  return { entry: JSON.parse(JSON.stringify(entry)) as JsonValue, ...partial, curl: curlCommand(entry, origin), explain: explainText(entry, partial, firstStep) };
}
