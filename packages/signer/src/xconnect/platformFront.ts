/** What stood in front of the platform's signature filter: the container, the firewall, the logout route and the method lookup (docs/spec/xconnect.md §3b). */
import { decodeMoonstoneQuery, decodeMoonstoneQueryComponent } from './moonstoneQuery.js';

/** The layer of the platform that refused a request before its signature was read. */
export type XConnectFrontLayer = 'container' | 'firewall' | 'logout' | 'method';

/** Which rule of that layer refused it. */
export type XConnectFrontRule =
  /** A character HTTP forbids in a request-target (raw space, `"`, `<`, `>`, `\`, `^`, `` ` ``, `{`, `|`, `}`, `#`, controls, non-ASCII). */
  | 'forbidden_character'
  /** A `%` not followed by two hex digits. */
  | 'malformed_escape'
  /** 1,000 or more `&` in the query (the container's parameter limit). */
  | 'too_many_parameters'
  /** The method is not an HTTP token. */
  | 'invalid_method_token'
  /** The decoded path starts with `/WEB-INF/` or is `/META-INF/` (any case): the container's 404. */
  | 'forbidden_path'
  /** `GET`, `POST`, `PUT` or `DELETE` on the decoded path `/logout`: the security layer's logout, a 302 to `/login?logout`. */
  | 'logout'
  /** The path holds a string the firewall refuses (`;`, `%3B`, `%2F`, `%5C`, `%25`, `%2E`). */
  | 'forbidden_string'
  /** The path holds `//` or a `.` / `..` segment. */
  | 'not_normalized'
  /** The method is not one of the platform's method names, in upper case. */
  | 'unknown_method';

/** Why the platform would have answered before checking the signature. */
export interface XConnectFrontRejection {
  /**
   * 400 from the container (404 for its forbidden paths), 500 from the firewall or the method lookup
   * (both throw), 302 from the logout route.
   */
  status: 302 | 400 | 404 | 500;
  /** Which layer answered. */
  layer: XConnectFrontLayer;
  /** The rule, machine-readable. */
  rule: XConnectFrontRule;
  /** A sentence for a human: what in the request broke which rule, and what to send instead. */
  reason: string;
  /**
   * The message the platform put in its answer: the exception's text for the 500s (Spring Boot's error
   * JSON carries it in `message`), `''` for the container's 400 and 404 and the 302, which have no body.
   */
  serverMessage: string;
  /** For the 302: the `Location` header (`/login?logout`). */
  location?: string;
}

/** The method names the platform looked the request's method up in (an enum: exact, upper case). */
export const MOONSTONE_METHODS: readonly string[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE'];

// The firewall's forbidden strings, in the order it tries them (a hash set's iteration order), so the
// message names the one the platform named. The second list is tried on the decoded path; for a target
// that passed the container, everything it catches was caught by the first list already.
const FIREWALL_ENCODED = ['%5c', '%5C', '%3b', '%3B', '%25', '%2e', '%2E', '%2f', '%2F', ';', '\\'];

const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const PARAMETER_LIMIT = 1000;

/**
 * Answers whether the platform would have refused a request before its signature filter looked at it,
 * and how (docs/spec/xconnect.md §3b): the container's 400 for a request-target HTTP forbids, the
 * firewall's 500 for a path it distrusts, the 500 of an unknown or lower-case method. `null` when the
 * request reaches the filter. A pure function of the method and the raw request-target (path, `?`,
 * query, exactly as sent); the checks run in the platform's order. `effectiveMethod` is the method
 * after a `_method` override (see `moonstoneEffectiveMethod`, the default, which reads the query
 * only; `readMoonstoneForm` also reads a form body), used for the logout route.
 *
 * @example
 * ```ts
 * moonstoneFrontRejection('GET', '/api/v1/kronos/devices;jsessionid=1');
 * // { status: 500, layer: 'firewall', rule: 'forbidden_string', … }
 * moonstoneFrontRejection('get', '/api/v1/kronos/devices'); // { status: 500, layer: 'method', … }
 * moonstoneFrontRejection('GET', '/api/v1/kronos/devices?_size=20'); // null
 * ```
 */
export function moonstoneFrontRejection(method: string, target: string, effectiveMethod?: string): XConnectFrontRejection | null {
  const container = containerRejection(method, target);
  if (container) return container;
  const path = decodedPath(servletRequestUri(target));
  return forbiddenPath(path) ?? firewallRejection(target) ?? logout(effectiveMethod ?? moonstoneEffectiveMethod(method, target), path) ?? methodRejection(method);
}

/**
 * The path the platform's filters read from a request-target: the raw path before `?`, with the
 * scheme and host of an absolute-form target (`http://host/path`) removed.
 *
 * @example
 * ```ts
 * moonstoneRequestPath('http://example.com/api/v1/kronos/devices?x=1'); // '/api/v1/kronos/devices'
 * ```
 */
export function moonstoneRequestPath(target: string): string {
  return servletRequestUri(target.split('?', 1)[0]!);
}

function servletRequestUri(target: string): string {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(target)) return target;
  const slash = target.indexOf('/', target.indexOf('//') + 2);
  // Without a path the URI keeps the whole text, whose "//" the firewall refuses.
  return slash < 0 ? target : target.slice(slash);
}

/**
 * The method the platform's filter saw: a `POST` whose first `_method` query parameter is `put`,
 * `delete` or `patch` (any case) is seen, and must be signed, as that method in upper case (Spring's
 * hidden-method filter ran before the signature filter); any other request keeps its method. A
 * `_method` field of a form body counts too, but only the query is read here. Expects a target that
 * passed the container (`moonstoneFrontRejection` gave no 400).
 *
 * @example
 * ```ts
 * moonstoneEffectiveMethod('POST', '/api/v1/kronos/devices/1?_method=put'); // 'PUT'
 * ```
 */
export function moonstoneEffectiveMethod(method: string, target: string): string {
  if (method !== 'POST') return method;
  const q = target.indexOf('?');
  if (q < 0) return method;
  let params;
  try {
    params = decodeMoonstoneQuery(target.slice(q + 1));
  } catch {
    return method;
  }
  const override = params.find((p) => p.name === '_method')?.value;
  if (override === undefined || override === '') return method;
  const upper = override.toUpperCase();
  return upper === 'PUT' || upper === 'DELETE' || upper === 'PATCH' ? upper : method;
}

/** The path as the container decoded it for its own routing (encoded `/` and `\` stay encoded). */
function decodedPath(target: string): string {
  const q = target.indexOf('?');
  const raw = q < 0 ? target : target.slice(0, q);
  if (!raw.includes('%')) return raw;
  // Keep %2F and %5C as they are, as the container does in paths; '+' is not a space in a path.
  const parts = raw.split(/(%2[Ff]|%5[Cc])/);
  return parts.map((part, i) => (i % 2 === 1 ? part : decodeMoonstoneQueryComponent(part.replaceAll('+', '%2B')))).join('');
}

function forbiddenPath(path: string): XConnectFrontRejection | null {
  // Both forbidden paths are at least 9 characters long and start "/m" or "/w", in any case.
  const second = path.charCodeAt(1) | 0x20;
  if (path.length < 9 || (second !== 0x6d && second !== 0x77)) return null;
  const lower = path.toLowerCase();
  if (lower === '/meta-inf/' || lower.startsWith('/web-inf/')) {
    return { status: 404, layer: 'container', rule: 'forbidden_path', reason: `the container never serves ${JSON.stringify(path)} (a /WEB-INF/ or /META-INF/ path): a 404 before any check`, serverMessage: '' };
  }
  return null;
}

function logout(method: string, path: string): XConnectFrontRejection | null {
  if (path !== '/logout' || !['GET', 'POST', 'PUT', 'DELETE'].includes(method)) return null;
  return {
    status: 302, layer: 'logout', rule: 'logout', location: '/login?logout',
    reason: `${method} /logout is the security layer's logout route: a 302 to /login?logout before any check`, serverMessage: '',
  };
}

function containerRejection(method: string, target: string): XConnectFrontRejection | null {
  if (!HTTP_TOKEN.test(method)) {
    return container('invalid_method_token', `the method ${JSON.stringify(method)} is not an HTTP token`);
  }
  for (let i = 0; i < target.length; i += 1) {
    const code = target.charCodeAt(i);
    if (!isAllowedTargetCharacter(code)) {
      return container('forbidden_character', `the request-target holds ${describeCharacter(target, i)} at offset ${i}, which HTTP forbids there: percent-encode it`);
    }
    if (code === 0x25 && !(isHex(target.charCodeAt(i + 1)) && isHex(target.charCodeAt(i + 2)))) {
      return container('malformed_escape', `the request-target holds a "%" not followed by two hex digits (${JSON.stringify(target.slice(i, i + 3))} at offset ${i}): write a literal % as %25`);
    }
  }
  const q = target.indexOf('?');
  if (q >= 0) {
    let ampersands = 0;
    for (let i = q + 1; i < target.length; i += 1) if (target.charCodeAt(i) === 0x26) ampersands += 1;
    if (ampersands >= PARAMETER_LIMIT) {
      return container('too_many_parameters', `the query has ${ampersands + 1} parameters; the container refuses more than ${PARAMETER_LIMIT - 1} "&"`);
    }
  }
  return null;
}

function firewallRejection(target: string): XConnectFrontRejection | null {
  const path = moonstoneRequestPath(target);
  // Every forbidden string holds "%", ";" or "\\": a path with none of them is spared the eleven searches.
  const suspicious = path.includes('%') || path.includes(';') || path.includes('\\');
  return (suspicious ? firewallStringRejection(path) : null) ?? firewallNormalization(path);
}

function firewallStringRejection(path: string): XConnectFrontRejection | null {
  for (const forbidden of FIREWALL_ENCODED) {
    if (path.includes(forbidden)) {
      return {
        status: 500, layer: 'firewall', rule: 'forbidden_string',
        reason: `the path holds ${JSON.stringify(forbidden)}, which the platform's firewall refuses with a 500 before any check: keep ";" and encoded "/", "\\", "%" and "." out of paths`,
        serverMessage: `The request was rejected because the URL contained a potentially malicious String "${forbidden}"`,
      };
    }
  }
  return null;
}

function firewallNormalization(path: string): XConnectFrontRejection | null {
  if (!isNormalized(path)) {
    return {
      status: 500, layer: 'firewall', rule: 'not_normalized',
      reason: 'the path holds "//" or a "." or ".." segment, which the platform\'s firewall refuses with a 500 before any check: send the normalised path',
      serverMessage: 'The request was rejected because the URL was not normalized.',
    };
  }
  return null;
}

function methodRejection(method: string): XConnectFrontRejection | null {
  if (MOONSTONE_METHODS.includes(method)) return null;
  const upper = method.toUpperCase();
  const hint = MOONSTONE_METHODS.includes(upper) ? `send "${upper}": the platform looks the method up as written, and only upper case is known` : `the platform knows ${MOONSTONE_METHODS.join(', ')}`;
  return {
    status: 500, layer: 'method', rule: 'unknown_method',
    reason: `the method ${JSON.stringify(method)} is not one of the platform's method names, and its lookup throws (a 500): ${hint}`,
    serverMessage: `No enum constant org.springframework.web.bind.annotation.RequestMethod.${method}`,
  };
}

function container(rule: XConnectFrontRule, reason: string): XConnectFrontRejection {
  return { status: 400, layer: 'container', rule, reason, serverMessage: '' };
}

/** The container's table of request-target characters: printable ASCII except `" # < > \ ^ ` { | }`. */
function isAllowedTargetCharacter(code: number): boolean {
  if (code <= 0x20 || code >= 0x7f) return false;
  switch (code) {
    case 0x22: case 0x23: case 0x3c: case 0x3e: case 0x5c: case 0x5e: case 0x60: case 0x7b: case 0x7c: case 0x7d:
      return false;
    default:
      return true;
  }
}

function isHex(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}

/** The firewall's normal form: no `//`, no segment that is `.` or `..` (a trailing `/.` counts). */
function isNormalized(path: string): boolean {
  if (path.includes('//')) return false;
  // A "." or ".." segment, found without splitting the path (this runs on every request the strict
  // profile compares with the platform).
  for (let dot = path.indexOf('.'); dot >= 0; dot = path.indexOf('.', dot + 1)) {
    if (dot > 0 && path.charCodeAt(dot - 1) !== 0x2f) continue;
    const end = path.charCodeAt(dot + 1) === 0x2e ? dot + 2 : dot + 1;
    if (end === path.length || path.charCodeAt(end) === 0x2f) return false;
  }
  return true;
}

function describeCharacter(text: string, at: number): string {
  const code = text.codePointAt(at)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return code > 0x20 && code < 0x7f ? `"${String.fromCodePoint(code)}"` : code === 0x20 ? 'a raw space' : hex;
}
