import { describe, expect, it } from 'vitest';
import { isMoonstoneExempt, MOONSTONE_EXEMPT_PATH_PATTERNS } from './platformExempt.js';

// The platform's exception list, read from its API application class (regular expressions matched
// against the whole raw path), and the consequences the differential run confirmed.
describe('isMoonstoneExempt', () => {
  it('holds the eleven patterns of the platform', () => {
    expect(MOONSTONE_EXEMPT_PATH_PATTERNS).toHaveLength(11);
  });

  it.each([
    '/status', '/favicon.ico', '/swagger-ui.html', '/v2/api-docs', '/configuration/ui', '/configuration/security',
    '/swagger-resources', '/swagger-resources/configuration/ui', '/swagger-resources/configuration/security',
    '/webjars/springfox-swagger-ui/springfox.js', '/webjars/springfox-swagger-ui/',
    '/api/v1/kronos/rabbitmq-auth/user', '/api/v1/kronos/rabbitmq-auth/',
    // "." is a pattern's any-character.
    '/faviconXico', '/swagger-uiXhtml',
  ])('exempts %s', (path) => {
    expect(isMoonstoneExempt('GET', path)).toBe(true);
  });

  it.each(['/status/', '/STATUS', '/x/status', '/api/v1/kronos/status', '/api/v1/kronos/rabbitmq-auth', '/favicon.ico/x', '/v2/api-docs/'])('checks %s like any path', (path) => {
    expect(isMoonstoneExempt('GET', path)).toBe(false);
  });

  it('exempts OPTIONS exactly as spelt', () => {
    expect(isMoonstoneExempt('OPTIONS', '/api/v1/kronos/devices')).toBe(true);
    expect(isMoonstoneExempt('options', '/api/v1/kronos/devices')).toBe(false);
  });
});
