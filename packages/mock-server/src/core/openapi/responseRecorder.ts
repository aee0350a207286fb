/** Records what the mock answers, for the test suite's check that every answer matches the OpenAPI documents. */
// Off unless SIGKIT_OPENAPI_RECORD names a folder (test/openapiResponses.ts sets it for the run);
// then each process appends JSON lines to a file of its own there.
import { responseBodyPayload } from '../http/responses.js';
import type { MockHttpResponse } from '../http/types.js';

/** The environment variable naming the folder answers are recorded in. */
export const OPENAPI_RECORD_VARIABLE = 'SIGKIT_OPENAPI_RECORD';

/** One recorded answer: a line of a recording file. */
export interface RecordedAnswer {
  method: string;
  path: string;
  /** The route that served it (`PUT /api/v1/kronos/gateways/{hid}`): its method may differ from the request's (a form's `_method`). */
  route: string | null;
  status: number;
  contentType: string | null;
  /** The body text as sent; `null` when it was too large to keep (its schema is then not checked). */
  body: string | null;
}

/** Samples kept per method, route and status: a test that sends a thousand requests adds no more checks. */
const SAMPLES_PER_KIND = 20;
/** Answers kept per process at most. */
const MAX_RECORDS = 20_000;
/** Larger bodies are recorded without their text. */
const MAX_BODY_CHARS = 512 * 1024;

type Recorder = (method: string, path: string, route: string | null, response: MockHttpResponse) => void;

let recorder: Recorder | null | undefined;

/** The recorder of this process, made on first use: `null` when recording is off (always, outside Node). */
export function answerRecorder(): Recorder | null {
  if (recorder !== undefined) return recorder;
  const folder = globalThis.process?.env?.[OPENAPI_RECORD_VARIABLE];
  // process.getBuiltinModule keeps node:fs out of the core's imports (MSW may run it in a browser).
  const getBuiltin = (globalThis.process as { getBuiltinModule?: (id: string) => unknown } | undefined)?.getBuiltinModule;
  if (!folder || !getBuiltin) return (recorder = null);
  const fs = getBuiltin('node:fs') as typeof import('node:fs');
  const { threadId } = getBuiltin('node:worker_threads') as typeof import('node:worker_threads');
  const file = `${folder}/answers-${process.pid}-${threadId}-${Math.random().toString(36).slice(2)}.jsonl`;
  const kinds = new Map<string, number>();
  let records = 0;
  recorder = (method, path, route, response) => {
    const kind = `${method} ${route ?? path} ${response.status}`;
    const seen = kinds.get(kind) ?? 0;
    if (seen >= SAMPLES_PER_KIND || records >= MAX_RECORDS) return;
    const payload = responseBodyPayload(response);
    const text = typeof payload === 'string' ? payload : new TextDecoder().decode(payload);
    if (text === '') return;
    kinds.set(kind, seen + 1);
    records += 1;
    const line: RecordedAnswer = { method, path, route, status: response.status, contentType: response.headers['content-type'] ?? null, body: text.length > MAX_BODY_CHARS ? null : text };
    try {
      fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
    } catch {
      // The folder is gone (the run is over): recording stops, the mock serves on.
      recorder = null;
    }
  };
  return recorder;
}
