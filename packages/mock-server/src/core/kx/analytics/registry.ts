/** The analytics a KX mock serves, by `<group>.<method>`: built-in, registered from code or config, or added through the admin API. */
import { checkKxAnalyticName } from './staticTable.js';
import type { KxAnalytic, KxAnalyticHandler, KxAnalyticInfo, KxAnalyticSource } from './analyticTypes.js';

/** An analytic as listed (no handler). */
export type KxAnalyticListing = Omit<KxAnalytic, 'handler'>;

/** The registry. */
export interface KxAnalyticRegistry {
  /** Adds an analytic, replacing one of the same name. Throws `MockInputError` on an unusable name. */
  register(group: string, method: string, handler: KxAnalyticHandler, source: KxAnalyticSource, info?: KxAnalyticInfo): KxAnalyticListing;
  get(group: string, method: string): KxAnalytic | undefined;
  /** Withdraws an analytic until {@link KxAnalyticRegistry.reset} (an admin removal); false when unknown. */
  remove(group: string, method: string): boolean;
  list(): KxAnalyticListing[];
  /** Forgets what the admin API added (what code and config registered stays: it is part of the setup). */
  reset(): void;
}

const key = (group: string, method: string) => `${group}.${method}`;

function listing({ handler: _handler, ...rest }: KxAnalytic): KxAnalyticListing {
  return { ...rest };
}

/**
 * Creates an empty registry.
 *
 * @example
 * ```ts
 * const registry = createKxAnalyticRegistry();
 * registry.register('ops', 'ping', () => [{ ok: true }], 'code');
 * ```
 */
export function createKxAnalyticRegistry(): KxAnalyticRegistry {
  const setup = new Map<string, KxAnalytic>();
  const added = new Map<string, KxAnalytic>();
  // Setup analytics withdrawn through the admin API; reset brings them back.
  const withdrawn = new Set<string>();
  const find = (name: string) => added.get(name) ?? (withdrawn.has(name) ? undefined : setup.get(name));
  return {
    register(group, method, handler, source, info = {}) {
      checkKxAnalyticName(group, method, 'analytic');
      if (typeof handler !== 'function') throw new TypeError(`the handler of analytic ${key(group, method)} must be a function`);
      const analytic: KxAnalytic = { group, method, source, handler };
      if (info.description !== undefined) analytic.description = info.description;
      if (info.params !== undefined) analytic.params = [...info.params];
      if (info.columns !== undefined) analytic.columns = [...info.columns];
      // An admin addition shadows the setup until reset; a setup registration replaces for good.
      const name = key(group, method);
      if (source === 'admin') added.set(name, analytic);
      else {
        setup.set(name, analytic);
        added.delete(name);
        withdrawn.delete(name);
      }
      return listing(analytic);
    },
    get: (group, method) => find(key(group, method)),
    remove(group, method) {
      const name = key(group, method);
      const existed = find(name) !== undefined;
      added.delete(name);
      if (setup.has(name)) withdrawn.add(name);
      return existed;
    },
    list() {
      const names = [...new Set([...setup.keys(), ...added.keys()])].sort();
      return names.flatMap((name) => {
        const analytic = find(name);
        return analytic ? [listing(analytic)] : [];
      });
    },
    reset() {
      added.clear();
      withdrawn.clear();
    },
  };
}
