/** Glob patterns over request paths, shared by faults and journal filters: `*` is one segment's text, `**` is anything. */

/**
 * Compiles a path pattern to a predicate. `*` matches any characters except `/`, `**` matches any
 * characters including `/`, everything else matches itself.
 *
 * @example
 * ```ts
 * const matches = compilePathPattern('/api/v1/kronos/devices/*');
 * matches('/api/v1/kronos/devices/abc');        // true
 * matches('/api/v1/kronos/devices/abc/latest'); // false
 * compilePathPattern('/api/**')('/api/v1/kronos/gateways'); // true
 * ```
 */
export function compilePathPattern(pattern: string): (path: string) => boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const ch = pattern[i]!;
    if (ch === '*' && pattern[i + 1] === '*') {
      source += '.*';
      i += 1;
    } else if (ch === '*') source += '[^/]*';
    else source += ch.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  const regex = new RegExp(`^${source}$`, 's');
  return (path) => regex.test(path);
}
