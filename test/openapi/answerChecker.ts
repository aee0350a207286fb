/**
 * Checks answers of the mock against its OpenAPI documents: finds the operation of a method and path,
 * the response of a status (or `default`), and validates the body with Ajv (JSON Schema 2020-12, the
 * dialect of OpenAPI 3.1) against that response's schema.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
// From the sources: a global setup does not resolve the workspace's @sigkit/source condition.
import { OPENAPI_DOCUMENTS, type OpenApiDocumentName } from '../../packages/mock-server/src/core/openapi/openApiDocuments.js';

/** One answer to check, as the mock's recorder writes it (see packages/mock-server/src/core/openapi/responseRecorder.ts). */
export interface CheckedAnswer {
  method: string;
  path: string;
  /** The route that served it, when a platform route did: its method is the one routed (moonstone's `_method`). */
  route?: string | null;
  status: number;
  contentType: string | null;
  body: string | null;
}

type Documents = Readonly<Record<OpenApiDocumentName, Record<string, unknown>>>;

// ajv-formats is CommonJS: its default export is under `default` when imported from ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

/** The schema of an answer outside every documented operation (an unknown route, a wrong method): the document's error shape. */
const FALLBACK_ERROR_SCHEMA: Record<OpenApiDocumentName, string> = {
  xconnect: '/components/schemas/Error',
  kx: '/components/schemas/KxFailure',
  admin: '/components/schemas/AdminError',
};

const pointerPart = (text: string) => text.replace(/~/g, '~0').replace(/\//g, '~1');

function documentOf(path: string): OpenApiDocumentName {
  if (path === '/__sigkit' || path.startsWith('/__sigkit/')) return 'admin';
  if (path === '/connect/api' || path.startsWith('/connect/api/')) return 'kx';
  return 'xconnect';
}

interface PathTemplate {
  template: string;
  pattern: RegExp;
  params: number;
}

function templatesOf(document: Record<string, unknown>): PathTemplate[] {
  return Object.keys(document.paths as object)
    .map((template) => ({
      template,
      pattern: new RegExp(`^${template.split(/\{[^}]+\}/).map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+')}/?$`),
      params: (template.match(/\{/g) ?? []).length,
    }))
    // A literal path wins over a template that also matches it (/auth/login over /{group}/{method}).
    .sort((a, b) => a.params - b.params);
}

/**
 * Makes a checker over the given documents (the shipped ones by default). `check` answers `undefined`
 * when the answer matches, or one line saying how it does not.
 *
 * @example
 * ```ts
 * createAnswerChecker().check({ method: 'GET', path: '/__sigkit/stats', status: 200, contentType: 'application/json', body: '{}' });
 * ```
 */
export function createAnswerChecker(documents: Documents = OPENAPI_DOCUMENTS as unknown as Documents): { check(answer: CheckedAnswer): string | undefined } {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const templates = new Map<OpenApiDocumentName, PathTemplate[]>();
  for (const [name, document] of Object.entries(documents) as Array<[OpenApiDocumentName, Record<string, unknown>]>) {
    ajv.addSchema(structuredClone(document), name);
    templates.set(name, templatesOf(document));
  }

  const at = (document: Record<string, unknown>, pointer: string): unknown =>
    pointer.split('/').slice(1).reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], document);

  /** The pointer of the schema of a response, following a `$ref` to components/responses. */
  function schemaPointer(name: OpenApiDocumentName, responsePointer: string, mediaType: string): string | { error: string } {
    const document = documents[name];
    let pointer = responsePointer;
    const response = at(document, pointer) as { $ref?: string; content?: Record<string, unknown> } | undefined;
    let content = response?.content;
    if (response?.$ref) {
      pointer = response.$ref.slice(1);
      content = (at(document, pointer) as { content?: Record<string, unknown> } | undefined)?.content;
    }
    if (!content || !(mediaType in content)) return { error: `the document gives no ${mediaType} body for it (has ${Object.keys(content ?? {}).join(', ') || 'none'})` };
    return `${pointer}/content/${pointerPart(mediaType)}/schema`;
  }

  return {
    check(answer) {
      const name = documentOf(answer.path);
      const document = documents[name];
      const shownPath = answer.path.length > 100 ? `${answer.path.slice(0, 100)}…` : answer.path;
      const where = `${answer.method} ${shownPath} → ${answer.status}`;
      const mediaType = (answer.contentType ?? '').split(';')[0]!.trim().toLowerCase();
      const routed = answer.route?.split(' ')[0] ?? answer.method;
      const method = routed === 'HEAD' ? 'get' : routed.toLowerCase();
      const template = templates.get(name)!.find((t) => t.pattern.test(answer.path) && (document.paths as Record<string, Record<string, unknown>>)[t.template]![method]);
      let pointer: string | { error: string };
      let operation: string;
      if (template) {
        const responses = (document.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)[template.template]![method]!.responses;
        const key = String(answer.status) in responses ? String(answer.status) : 'default' in responses ? 'default' : undefined;
        operation = `${method.toUpperCase()} ${template.template}`;
        if (key === undefined) return `${where}: ${name}.json's ${operation} documents no ${answer.status} and no default response`;
        pointer = schemaPointer(name, `/paths/${pointerPart(template.template)}/${method}/responses/${key}`, mediaType);
      } else {
        operation = `(no operation: ${name}.json's error shape)`;
        if (answer.status < 400) return `${where}: ${name}.json has no operation ${answer.method} for this path, and the answer is not an error`;
        pointer = mediaType === 'application/json' ? FALLBACK_ERROR_SCHEMA[name] : { error: `an error answer with content type ${mediaType || 'none'}, not JSON` };
      }
      if (typeof pointer !== 'string') return `${where} (${operation}): ${pointer.error}`;
      // A body that is not JSON (the inspector's page, its event stream) is checked by its media type alone.
      if (answer.body === null || !/[/+]json$/.test(mediaType)) return undefined;
      let body: unknown;
      try {
        body = JSON.parse(answer.body);
      } catch {
        return `${where} (${operation}): the body is not JSON: ${answer.body.slice(0, 80)}`;
      }
      const validate = ajv.getSchema(`${name}#${pointer}`);
      if (!validate) return `${where} (${operation}): no schema at ${name}.json#${pointer}`;
      if (validate(body)) return undefined;
      const errors = (validate.errors ?? []).slice(0, 3).map((e) => `${e.instancePath || '(body)'} ${e.message}`).join('; ');
      return `${where} (${operation}): the body does not match ${name}.json#${pointer}: ${errors}`;
    },
  };
}
