/** Glob patterns over request paths, shared by faults and journal filters: `*` is one segment's text, `**` is anything. */

// Tokens of a compiled pattern: a UTF-16 code unit matches itself; these two match runs.
const STAR = -1; // `*`: any run of code units but `/`
const GLOBSTAR = -2; // `**`: any run of code units

function tokenize(pattern: string): Int32Array {
  const tokens: number[] = [];
  for (let i = 0; i < pattern.length; i += 1) {
    if (pattern[i] === '*' && pattern[i + 1] === '*') {
      tokens.push(GLOBSTAR);
      i += 1;
    } else if (pattern[i] === '*') tokens.push(STAR);
    else tokens.push(pattern.charCodeAt(i));
  }
  return Int32Array.from(tokens);
}

/** Work done by {@link matchPathTokens}, for tests that bound it. */
export interface PathMatchStats {
  /** Pattern positions visited, summed over the path's code units. */
  steps: number;
}

/**
 * Whether `path` matches the tokens, by running every pattern position at once (a Thompson NFA):
 * each code unit of the path moves the set of positions reached forward, so the work is at most
 * (path length + 1) × (pattern length + 1) whatever the input. A regular expression with several
 * `[^/]*` tried by backtracking took seconds on `/x/*a*a*a*a*a*a*a*b` against 60 `a`s, blocking
 * every client of the mock (issue #18).
 */
function matchPathTokens(tokens: Int32Array, path: string, stats?: PathMatchStats): boolean {
  const size = tokens.length + 1;
  let current = new Uint8Array(size);
  let next = new Uint8Array(size);
  // Position i reached means tokens[0..i) matched what was read; a star may match nothing, so reaching it reaches the next.
  const close = (set: Uint8Array) => {
    for (let i = 0; i < tokens.length; i += 1) if (set[i] === 1 && tokens[i]! < 0) set[i + 1] = 1;
  };
  current[0] = 1;
  close(current);
  for (let at = 0; at < path.length; at += 1) {
    const unit = path.charCodeAt(at);
    next.fill(0);
    let any = false;
    for (let i = 0; i < tokens.length; i += 1) {
      if (current[i] !== 1) continue;
      const token = tokens[i]!;
      if (token === GLOBSTAR || (token === STAR && unit !== 0x2f)) {
        next[i] = 1;
        any = true;
      } else if (token === unit) {
        next[i + 1] = 1;
        any = true;
      }
    }
    if (stats) stats.steps += size;
    if (!any) return false;
    close(next);
    [current, next] = [next, current];
  }
  return current[tokens.length] === 1;
}

/**
 * Whether `path` matches `pattern` (see {@link compilePathPattern}), counting the work in `stats`.
 *
 * @example
 * ```ts
 * const stats = { steps: 0 };
 * matchPathPattern('/x/*a*b', '/x/aaab', stats); // true; stats.steps ≤ (7 + 1) × (7 + 1)
 * ```
 */
export function matchPathPattern(pattern: string, path: string, stats?: PathMatchStats): boolean {
  return matchPathTokens(tokenize(pattern), path, stats);
}

/**
 * Compiles a path pattern to a predicate. `*` matches any characters except `/`, `**` matches any
 * characters including `/`, everything else matches itself. Matching takes time linear in the
 * path for a given pattern (no backtracking): patterns come from clients (fault rules, the
 * journal's `?path=` filter) and must not be able to freeze the mock.
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
  // Most patterns are a plain path, or a prefix and `/**`: those need no automaton.
  if (!pattern.includes('*')) return (path) => path === pattern;
  const prefix = pattern.slice(0, -2);
  if (pattern.endsWith('**') && !prefix.includes('*')) return (path) => path.startsWith(prefix);
  const tokens = tokenize(pattern);
  return (path) => matchPathTokens(tokens, path);
}
