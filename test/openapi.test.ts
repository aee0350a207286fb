/**
 * The OpenAPI documents of the mock: valid OpenAPI 3.1, served under /__sigkit/openapi, naming every
 * route the mock serves, and a checker (the one test/openapiResponses.ts runs over every answer of the
 * suite) that does catch an answer or a schema that drifted.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { ADMIN_PREFIX, adminRouteSummary, createMockCore, createMockServer, OPENAPI_DOCUMENT_NAMES, OPENAPI_DOCUMENTS, XCONNECT_PREFIX, XCONNECT_ROUTES } from '@sigkit/mock-server';
import { createAnswerChecker } from './openapi/answerChecker.js';

const JSON_TYPE = 'application/json;charset=UTF-8';

describe('the OpenAPI documents', () => {
  it.each(OPENAPI_DOCUMENT_NAMES)('%s.json is a valid OpenAPI 3.1 document', async (name) => {
    const result = await new Validator().validate(structuredClone(OPENAPI_DOCUMENTS[name]) as Record<string, unknown>);
    expect(result.errors ?? [], `${name}.json`).toEqual([]);
    expect(result.valid).toBe(true);
    expect(OPENAPI_DOCUMENTS[name].openapi).toMatch(/^3\.1\./);
  });

  it('are served at /__sigkit/openapi/<name>.json without a signature, and nothing else is', async () => {
    const server = createMockServer({ dataset: { gateways: 1, devicesPerGateway: 1 } });
    const { url } = await server.listen(0);
    try {
      for (const name of OPENAPI_DOCUMENT_NAMES) {
        const response = await fetch(`${url}/__sigkit/openapi/${name}.json`);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe(JSON_TYPE);
        expect(await response.json()).toEqual(OPENAPI_DOCUMENTS[name]);
      }
      expect((await fetch(`${url}/__sigkit/openapi/xconnect.json`, { method: 'DELETE' })).status).toBe(405);
      expect((await fetch(`${url}/__sigkit/openapi/nope.json`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('describe every route the mock serves: xConnect, KX Connect and the admin API', () => {
    const paths = (name: 'xconnect' | 'kx' | 'admin') => OPENAPI_DOCUMENTS[name].paths as Record<string, Record<string, unknown>>;
    for (const route of XCONNECT_ROUTES) {
      expect(paths('xconnect')[`${XCONNECT_PREFIX}${route.pattern}`]?.[route.method.toLowerCase()], `${route.method} ${route.pattern}`).toBeDefined();
    }
    for (const operation of ['/connect/api/auth/login', '/connect/api/auth/logout', '/connect/api/{group}/{method}']) expect(paths('kx')[operation]?.post, operation).toBeDefined();
    for (const [route] of adminRouteSummary(createMockCore().platforms)) {
      const [method, path] = route.split(' ') as [string, string];
      expect(path.startsWith(ADMIN_PREFIX)).toBe(true);
      expect(paths('admin')[path]?.[method.toLowerCase()], route).toBeDefined();
    }
  });
});

describe('the answer checker', () => {
  const checker = createAnswerChecker();
  const page = { size: 1, page: 0, totalSize: 1, totalPages: 1, data: [] };

  it('passes a real answer and names what is wrong in one that drifted', async () => {
    const core = createMockCore({ dataset: { gateways: 1, devicesPerGateway: 1 } });
    const stats = await core.handle({ method: 'GET', target: '/__sigkit/journal', headers: {}, body: new Uint8Array() });
    const text = stats.kind === 'response' ? JSON.stringify(stats.body) : '';
    expect(checker.check({ method: 'GET', path: '/__sigkit/journal', status: 200, contentType: JSON_TYPE, body: text })).toBeUndefined();
    expect(checker.check({ method: 'GET', path: '/api/v1/kronos/devices', status: 200, contentType: JSON_TYPE, body: JSON.stringify(page) })).toBeUndefined();
    const { totalSize: _dropped, ...withoutTotal } = page;
    expect(checker.check({ method: 'GET', path: '/api/v1/kronos/devices', status: 200, contentType: JSON_TYPE, body: JSON.stringify(withoutTotal) })).toMatch(
      /GET \/api\/v1\/kronos\/devices → 200 \(GET \/api\/v1\/kronos\/devices\): the body does not match xconnect\.json#.*must have required property 'totalSize'/,
    );
    expect(checker.check({ method: 'POST', path: '/connect/api/monPublic/getMem', status: 200, contentType: 'text/html', body: '<p>' })).toMatch(/no text\/html body/);
    expect(checker.check({ method: 'GET', path: '/nowhere', status: 200, contentType: JSON_TYPE, body: '{}' })).toMatch(/no operation GET for this path, and the answer is not an error/);
    expect(checker.check({ method: 'GET', path: '/nowhere', status: 404, contentType: JSON_TYPE, body: '{"status":404}' })).toMatch(/must have required property/);
  });

  it('fails a real answer once its schema is broken', () => {
    const broken = structuredClone(OPENAPI_DOCUMENTS) as unknown as Record<'xconnect' | 'kx' | 'admin', { components: { schemas: Record<string, { required: string[] }> } }>;
    broken.xconnect.components.schemas.DevicePage!.required.push('nextPage');
    const strict = createAnswerChecker(broken as never);
    const answer = { method: 'GET', path: '/api/v1/kronos/devices', status: 200, contentType: JSON_TYPE, body: JSON.stringify(page) };
    expect(checker.check(answer)).toBeUndefined();
    expect(strict.check(answer)).toMatch(/must have required property 'nextPage'/);
  });
});
