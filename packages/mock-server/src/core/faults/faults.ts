/** Injected failures: rules matched by method and path that add latency, answer a canned response, or drop the connection. */
import type { JsonValue } from '../http/types.js';
import {
  checkNumber,
  MockInputError,
  readObject,
  readOptionalBoolean,
  readOptionalNumber,
  readOptionalString,
  rejectUnknownKeys,
} from '../input/readInput.js';
import { createSeededRandom } from '../random/deterministic.js';
import { compilePathPattern } from './pathPattern.js';

/** A fault as a caller describes it. At least one of `latencyMs`, `respond`, `destroy` is required. */
export interface FaultInput {
  /** Method to match, case-insensitive; absent or `*` matches every method. */
  method?: string;
  /** Path glob (see {@link compilePathPattern}); absent matches every path. */
  path?: string;
  /** Delay before answering, in ms (0–120000). */
  latencyMs?: number;
  /** Answer this instead of the real response. */
  respond?: { status: number; body?: JsonValue; headers?: Record<string, string> };
  /** Close the connection without answering. */
  destroy?: boolean;
  /** Apply to this fraction of matching requests (0 < f ≤ 1, default 1), drawn from a seeded generator. */
  fraction?: number;
  /** Apply to the next N matching requests only, then retire. */
  times?: number;
  /** Free-form name shown in the admin API and journal. */
  label?: string;
}

/** A fault rule as stored. */
export interface FaultRule extends FaultInput {
  id: string;
  /** How many requests it has been applied to. */
  applied: number;
  /** Applications left when `times` was given; otherwise null. */
  remaining: number | null;
}

/** What a matching rule does to one request. */
export interface AppliedFault {
  id: string;
  label: string | null;
  latencyMs: number;
  /** The answer to give; `body` is null for a status without a body (204, 205, 304), which is sent empty. */
  respond: { status: number; body: JsonValue; headers: Record<string, string> } | null;
  destroy: boolean;
}

/** The mock's fault rules. */
export interface FaultStore {
  list(): FaultRule[];
  /** Adds a rule (validated) and returns it with its id. */
  add(input: FaultInput): FaultRule;
  /** Replaces every rule. */
  replace(inputs: readonly FaultInput[]): FaultRule[];
  remove(id: string): boolean;
  clear(): void;
  /**
   * Finds the first rule that applies to this request, counts the application and returns its
   * effects; `undefined` when none applies.
   */
  take(method: string, path: string): AppliedFault | undefined;
  /** Back to the rules and random sequence given at creation. */
  reset(): void;
}

const FIELDS = ['method', 'path', 'latencyMs', 'respond', 'destroy', 'fraction', 'times', 'label'] as const;
const RESPOND_FIELDS = ['status', 'body', 'headers'] as const;
const MAX_LATENCY_MS = 120_000;
/** Statuses whose answers carry no body (RFC 9110): a fault gives them none. */
const BODILESS_STATUSES: ReadonlySet<number> = new Set([204, 205, 304]);
/** Headers that frame the message or the connection: the adapter sets them, a fault may not. */
const FRAMING_HEADERS: ReadonlySet<string> = new Set([
  'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer', 'proxy-connection', 'http2-settings',
]);

/** Validates an untrusted fault description (admin API body or config entry). */
export function parseFaultInput(value: unknown, where: string): FaultInput {
  const object = readObject(value, where);
  rejectUnknownKeys(object, FIELDS, where);
  const input: FaultInput = {};
  const method = readOptionalString(object, 'method', where, { nonEmpty: true });
  if (method !== undefined) {
    if (!/^(\*|[A-Za-z]+)$/.test(method)) throw new MockInputError(`${where}.method must be an HTTP method or "*", got "${method}"`);
    input.method = method.toUpperCase();
  }
  const path = readOptionalString(object, 'path', where, { nonEmpty: true });
  if (path !== undefined) {
    if (!path.startsWith('/') && !path.startsWith('*')) throw new MockInputError(`${where}.path must be a path glob starting with "/", got "${path}"`);
    input.path = path;
  }
  const latencyMs = readOptionalNumber(object, 'latencyMs', where, { min: 0, max: MAX_LATENCY_MS, integer: true });
  if (latencyMs !== undefined) input.latencyMs = latencyMs;
  if (object.respond !== undefined) {
    const respond = readObject(object.respond, `${where}.respond`);
    rejectUnknownKeys(respond, RESPOND_FIELDS, `${where}.respond`);
    const status = checkNumber(respond.status, `${where}.respond.status`, { min: 200, max: 599, integer: true });
    const parsed: NonNullable<FaultInput['respond']> = { status };
    if (respond.body !== undefined) {
      // Node sends no body with these, so a declared one would leave a length the bytes never follow.
      if (BODILESS_STATUSES.has(status)) throw new MockInputError(`${where}.respond.body cannot be given with status ${status}, which has no body`);
      parsed.body = respond.body as JsonValue;
    }
    if (respond.headers !== undefined) {
      const headers = readObject(respond.headers, `${where}.respond.headers`);
      parsed.headers = {};
      for (const [name, headerValue] of Object.entries(headers)) {
        // RFC 9110 token; Node would refuse anything else when answering, after the journal said 200.
        if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new MockInputError(`${where}.respond.headers has an invalid header name "${name}"`);
        if (FRAMING_HEADERS.has(name.toLowerCase())) {
          throw new MockInputError(`${where}.respond.headers cannot set "${name}": the mock frames its answers itself (${[...FRAMING_HEADERS].join(', ')} are refused)`);
        }
        // RFC 9110 field-value: visible ASCII, Latin-1 beyond it, spaces and tabs inside (Node refuses the rest).
        if (typeof headerValue !== 'string' || !/^(?:[\x21-\x7e\x80-\xff](?:[\t\x20-\x7e\x80-\xff]*[\x21-\x7e\x80-\xff])?)?$/.test(headerValue)) {
          throw new MockInputError(
            `${where}.respond.headers.${name} must be a string of visible ASCII or Latin-1 characters (spaces and tabs inside only), without line breaks or control characters`,
          );
        }
        parsed.headers[name.toLowerCase()] = headerValue;
      }
    }
    input.respond = parsed;
  }
  const destroy = readOptionalBoolean(object, 'destroy', where);
  if (destroy !== undefined) input.destroy = destroy;
  const fraction = readOptionalNumber(object, 'fraction', where, { min: 0, max: 1, minExclusive: true });
  if (fraction !== undefined) input.fraction = fraction;
  const times = readOptionalNumber(object, 'times', where, { min: 1, max: Number.MAX_SAFE_INTEGER, integer: true });
  if (times !== undefined) input.times = times;
  const label = readOptionalString(object, 'label', where);
  if (label !== undefined) input.label = label;
  if (input.respond && input.destroy) throw new MockInputError(`${where} cannot both respond and destroy the connection; choose one`);
  if (input.latencyMs === undefined && !input.respond && !input.destroy) {
    throw new MockInputError(`${where} does nothing: give latencyMs, respond or destroy`);
  }
  return input;
}

/**
 * Creates the fault store. Fractions are drawn from a generator seeded with `seed`, so a run with
 * the same seed and requests faults the same requests.
 *
 * @example
 * ```ts
 * const faults = createFaultStore({ seed: 42 });
 * faults.add({ method: 'GET', path: '/api/v1/kronos/devices', respond: { status: 503 }, times: 2 });
 * faults.take('GET', '/api/v1/kronos/devices')?.respond?.status; // 503
 * ```
 */
export function createFaultStore(options: { seed: number; initial?: readonly FaultInput[] }): FaultStore {
  let rules: Array<FaultRule & { matches: (path: string) => boolean }> = [];
  let nextId = 1;
  let random = createSeededRandom(options.seed);

  const toRule = (input: FaultInput) => {
    const checked = parseFaultInput(input, 'fault');
    const rule: FaultRule = { id: `fault-${nextId}`, ...checked, applied: 0, remaining: checked.times ?? null };
    nextId += 1;
    return { ...rule, matches: compilePathPattern(checked.path ?? '**') };
  };
  const publicRule = ({ matches: _matches, ...rule }: FaultRule & { matches: unknown }): FaultRule => ({ ...rule });

  const store: FaultStore = {
    list: () => rules.map(publicRule),
    add(input) {
      const rule = toRule(input);
      rules.push(rule);
      return publicRule(rule);
    },
    replace(inputs) {
      const replaced = inputs.map(toRule);
      rules = replaced;
      return rules.map(publicRule);
    },
    remove(id) {
      const before = rules.length;
      rules = rules.filter((r) => r.id !== id);
      return rules.length !== before;
    },
    clear() {
      rules = [];
    },
    take(method, path) {
      const upper = method.toUpperCase();
      for (const rule of rules) {
        if (rule.method !== undefined && rule.method !== '*' && rule.method !== upper) continue;
        if (!rule.matches(path)) continue;
        if (rule.remaining === 0) continue;
        if (rule.fraction !== undefined && random() >= rule.fraction) continue;
        rule.applied += 1;
        if (rule.remaining !== null) rule.remaining -= 1;
        return {
          id: rule.id,
          label: rule.label ?? null,
          latencyMs: rule.latencyMs ?? 0,
          respond: rule.respond
            ? {
                status: rule.respond.status,
                body: rule.respond.body ?? (BODILESS_STATUSES.has(rule.respond.status) ? null : { status: rule.respond.status, message: `fault ${rule.id} injected by sigkit` }),
                headers: rule.respond.headers ?? {},
              }
            : null,
          destroy: rule.destroy ?? false,
        };
      }
      return undefined;
    },
    reset() {
      nextId = 1;
      random = createSeededRandom(options.seed);
      rules = [];
      for (const input of options.initial ?? []) rules.push(toRule(input));
    },
  };
  store.reset();
  return store;
}
