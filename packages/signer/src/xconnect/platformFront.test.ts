import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { moonstoneEffectiveMethod, moonstoneFrontRejection, moonstoneRequestPath } from './platformFront.js';

// Expected answers are the platform's, as measured by running its container parser, firewall and
// filter on these requests (docs/spec/xconnect.md §3b).
const P = '/api/v1/kronos/devices';

describe('moonstoneFrontRejection', () => {
  it.each([
    ['GET', `${P}`],
    ['GET', `${P}?_size=20&name=Jane+Doe&flag`],
    ['POST', `${P}/a%20b`],
    ['GET', `${P}?x=a;b&y=%2F&z=%25`], // the firewall reads the path only
    ['OPTIONS', P],
    ['TRACE', P],
    ['GET', '/status'],
  ])('lets %s %s reach the filter', (method, target) => {
    expect(moonstoneFrontRejection(method, target)).toBeNull();
  });

  it.each([
    ['a raw space', `${P}/a b`],
    ['a raw tab', `${P}/a\tb`],
    ['a raw "é"', `${P}/caf\u00e9`],
    ['a raw "€" in the query', `${P}?x=\u20ac`],
    ['DEL', `${P}/a\u007f`],
    ...['"', '#', '<', '>', '\\', '^', '`', '{', '|', '}'].map((c) => [`"${c}"`, `${P}/a${c}b`]),
    ['"|" in the query', `${P}?a=1|2`],
  ])('answers 400 for %s in the request-target', (_what, target) => {
    expect(moonstoneFrontRejection('GET', target)).toMatchObject({ status: 400, layer: 'container', rule: 'forbidden_character', serverMessage: '' });
  });

  it.each([`${P}/%zz`, `${P}/%`, `${P}/%4`, `${P}/%+1`, `${P}?x=%`, `${P}?x=a%b&y=1`, `${P}?%g0=1`])('answers 400 for the malformed escape in %s', (target) => {
    expect(moonstoneFrontRejection('GET', target)).toMatchObject({ status: 400, layer: 'container', rule: 'malformed_escape' });
  });

  it('answers 400 for a method that is not an HTTP token, and for 1000 "&" in a query', () => {
    expect(moonstoneFrontRejection('GE T', P)).toMatchObject({ status: 400, rule: 'invalid_method_token' });
    expect(moonstoneFrontRejection('GET', `${P}?${'a=1&'.repeat(999)}a=1`)).toBeNull();
    expect(moonstoneFrontRejection('GET', `${P}?${'a=1&'.repeat(1000)}a=1`)).toMatchObject({ status: 400, rule: 'too_many_parameters' });
  });

  it.each([
    [`${P};jsessionid=abc`, ';'],
    [`${P}/x;/y`, ';'],
    [`${P}/a%3Bb`, '%3B'],
    [`${P}/a%3bb`, '%3b'],
    [`${P}/a%2Fb`, '%2F'],
    [`${P}/a%2fb`, '%2f'],
    [`${P}/a%5Cb`, '%5C'],
    [`${P}/a%25b`, '%25'],
    [`${P}/%2e`, '%2e'],
    [`${P}/%2E%2E/x`, '%2E'],
    // Two at once: the firewall names the one it tries first.
    [`${P}/a;b%2Fc`, '%2F'],
  ])('answers 500 from the firewall for %s, naming %s', (target, named) => {
    expect(moonstoneFrontRejection('GET', target)).toEqual({
      status: 500, layer: 'firewall', rule: 'forbidden_string', reason: expect.any(String),
      serverMessage: `The request was rejected because the URL contained a potentially malicious String "${named}"`,
    });
  });

  it.each([`${P}//x`, `${P}/`.replace('/api', '//api'), `${P}/./x`, `${P}/../x`, `${P}/.`, `${P}/..`, 'http://example.com'])('answers 500 "not normalized" for %s', (target) => {
    expect(moonstoneFrontRejection('GET', target)).toMatchObject({
      status: 500, layer: 'firewall', rule: 'not_normalized', serverMessage: 'The request was rejected because the URL was not normalized.',
    });
  });

  it('finds "//" and every "." or ".." segment, wherever it is, and nothing else', () => {
    // The firewall's rule, as the spec words it: a path is not normalised when it holds "//" or one
    // of its "/"-separated segments is "." or "..".
    const segment = fc.constantFrom('', '.', '..', '...', '.a', 'a.', '..a', 'a..', 'a', 'v1', 'x.y');
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), fc.boolean(), (segments, leadingSlash) => {
        const path = (leadingSlash ? '/' : '') + segments.join('/');
        const notNormalized = path.includes('//') || path.split('/').some((s) => s === '.' || s === '..');
        const rejection = moonstoneFrontRejection('GET', path.startsWith('/') ? path : `/x/${path}`);
        expect(rejection?.rule === 'not_normalized').toBe(notNormalized);
      }),
      { numRuns: 2000 },
    );
  });

  it('does not take a dot inside a segment for a dot segment', () => {
    expect(moonstoneFrontRejection('GET', `${P}/a.b/.hidden/..x`)).toBeNull();
  });

  it.each(['get', 'Get', 'options', 'PROPFIND', 'CONNECT'])('answers 500 for the method %s, which the platform looks up exactly', (method) => {
    expect(moonstoneFrontRejection(method, P)).toMatchObject({
      status: 500, layer: 'method', rule: 'unknown_method', serverMessage: `No enum constant org.springframework.web.bind.annotation.RequestMethod.${method}`,
    });
  });

  it('answers 404 for /WEB-INF/ paths and /META-INF/ exactly, in any case, even encoded', () => {
    for (const target of ['/WEB-INF/web.xml', '/web-inf/x', '/%57EB-INF/x', '/META-INF/', '/meta-inf/']) {
      expect(moonstoneFrontRejection('GET', target)).toMatchObject({ status: 404, layer: 'container', rule: 'forbidden_path' });
    }
    expect(moonstoneFrontRejection('GET', '/meta-inf/x')).toBeNull();
  });

  it('answers 302 for the logout route, for GET, POST, PUT and DELETE only', () => {
    for (const method of ['GET', 'POST', 'PUT', 'DELETE']) {
      expect(moonstoneFrontRejection(method, '/logout')).toMatchObject({ status: 302, layer: 'logout', location: '/login?logout' });
    }
    expect(moonstoneFrontRejection('GET', '/%6cogout')).toMatchObject({ status: 302 });
    expect(moonstoneFrontRejection('PATCH', '/logout')).toBeNull();
    expect(moonstoneFrontRejection('POST', '/logout?_method=patch')).toBeNull();
    expect(moonstoneFrontRejection('GET', '/logout/')).toBeNull();
  });

  it('checks in the platform order: container, then firewall, then method', () => {
    expect(moonstoneFrontRejection('get', `${P}/a b;c`)).toMatchObject({ status: 400 });
    expect(moonstoneFrontRejection('get', `${P};c`)).toMatchObject({ status: 500, layer: 'firewall' });
  });
});

describe('moonstoneEffectiveMethod and moonstoneRequestPath', () => {
  it('applies a _method override of a POST, in any case, only for PUT, DELETE and PATCH', () => {
    expect(moonstoneEffectiveMethod('POST', `${P}?_method=put`)).toBe('PUT');
    expect(moonstoneEffectiveMethod('POST', `${P}?_method=Delete&_method=patch`)).toBe('DELETE');
    expect(moonstoneEffectiveMethod('POST', `${P}?_method=get`)).toBe('POST');
    expect(moonstoneEffectiveMethod('POST', `${P}?_method=`)).toBe('POST');
    expect(moonstoneEffectiveMethod('PUT', `${P}?_method=delete`)).toBe('PUT');
  });

  it('strips the scheme and host of an absolute-form target', () => {
    expect(moonstoneRequestPath(`http://example.com${P}?x=1`)).toBe(P);
    expect(moonstoneRequestPath(`${P}?x=http://a/b`)).toBe(P);
  });
});
