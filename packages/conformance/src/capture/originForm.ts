/** Turns a URL as written in a capture into the raw request-target that was sent, without re-encoding anything. */
import { ConformanceError } from '../errors.js';

/**
 * Strips `scheme://authority` and any `#fragment` from an absolute URL, keeping the path and query
 * byte for byte (a URL parser would normalise them, and the signature covers them as sent). An
 * origin-form target passes through; an authority with no path gives `/`.
 *
 * @example
 * ```ts
 * originForm('https://host:8080/api/v1/kronos/devices/a%20b?x=1#top'); // '/api/v1/kronos/devices/a%20b?x=1'
 * ```
 */
export function originForm(url: string): string {
  const withoutFragment = url.replace(/#.*$/s, '');
  const absolute = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?]*/.exec(withoutFragment);
  const rest = absolute ? withoutFragment.slice(absolute[0].length) : withoutFragment;
  if (rest === '' && absolute) return '/';
  if (rest.startsWith('?') && absolute) return `/${rest}`;
  if (!rest.startsWith('/')) {
    throw new ConformanceError('CAPTURE_UNREADABLE', `${JSON.stringify(url)} is neither an absolute URL nor a path`, { expected: 'https://host/path?query or /path?query' });
  }
  return rest;
}
