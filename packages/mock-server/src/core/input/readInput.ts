/** Small readers for untrusted option objects (admin API bodies, the config file): each failure is one sentence naming the field. */

/** An option, admin body or config value that cannot be used; `message` is one line saying which field and why. */
export class MockInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MockInputError';
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `"${value.length > 40 ? value.slice(0, 40) + '…' : value}"`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** Throws unless `value` is a plain object; returns it typed as a record. */
export function readObject(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MockInputError(`${where} must be a JSON object, got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

/** Throws when `object` has a key outside `known`, naming the key and the known ones. */
export function rejectUnknownKeys(object: Record<string, unknown>, known: readonly string[], where: string): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) throw new MockInputError(`${where} has an unknown field "${key}" (known: ${known.join(', ')})`);
  }
}

/** An optional string field; `undefined` when absent. */
export function readOptionalString(object: Record<string, unknown>, key: string, where: string, options: { nonEmpty?: boolean } = {}): string | undefined {
  const value = object[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new MockInputError(`${where}.${key} must be a string, got ${describe(value)}`);
  if (options.nonEmpty && value === '') throw new MockInputError(`${where}.${key} must not be empty`);
  return value;
}

/** An optional boolean field. */
export function readOptionalBoolean(object: Record<string, unknown>, key: string, where: string): boolean | undefined {
  const value = object[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new MockInputError(`${where}.${key} must be true or false, got ${describe(value)}`);
  return value;
}

/** An optional number field within `[min, max]`; `integer` rejects fractions. */
export function readOptionalNumber(
  object: Record<string, unknown>,
  key: string,
  where: string,
  range: { min: number; max: number; integer?: boolean; minExclusive?: boolean },
): number | undefined {
  const value = object[key];
  if (value === undefined) return undefined;
  return checkNumber(value, `${where}.${key}`, range);
}

/** Throws unless `value` is a finite number within the range. */
export function checkNumber(value: unknown, name: string, range: { min: number; max: number; integer?: boolean; minExclusive?: boolean }): number {
  const kind = range.integer ? 'an integer' : 'a number';
  const bounds = `${range.minExclusive ? 'greater than' : 'from'} ${range.min} ${range.minExclusive ? 'and at most' : 'to'} ${range.max}`;
  if (typeof value !== 'number' || !Number.isFinite(value) || (range.integer && !Number.isInteger(value))) {
    throw new MockInputError(`${name} must be ${kind} ${bounds}, got ${describe(value)}`);
  }
  if (value > range.max || (range.minExclusive ? value <= range.min : value < range.min)) {
    throw new MockInputError(`${name} must be ${kind} ${bounds}, got ${value}`);
  }
  return value;
}
