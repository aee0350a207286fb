/** The inspector's admin routes: the page and its assets under `/__sigkit/ui`, the journal's live events, and the redacted listings the page reads instead of the secret-bearing ones. */
import { AdminError, adminJsonBody, type AdminRouteContext } from '../admin/adminRoute.js';
import { credentialView, parseCredentialInput, type CredentialStore, type MockCredential } from '../credentials/credentials.js';
import type { JsonValue, MockHttpResponse } from '../http/types.js';
import { jsonResponse } from '../http/responses.js';
import type { Journal } from '../journal/journal.js';
import { maskSessionId } from '../journal/redact.js';
import type { KxSessionStore } from '../kx/sessions/sessionStore.js';
import { entryView } from './entryView.js';
import { INSPECTOR_CSP, inspectorContentType, type InspectorAssets } from './inspectorAssets.js';
import { journalEventStream } from './liveEvents.js';

/** An admin route of the inspector; patterns are relative to `/__sigkit`. */
export interface InspectorRoute {
  method: string;
  pattern: string;
  handler(context: AdminRouteContext): MockHttpResponse;
}

/** What the inspector reads and changes. */
export interface InspectorTargets {
  journal: Journal;
  credentials: CredentialStore;
  sessions: KxSessionStore;
  /** The page's files, or false when the page is off (`--no-ui`); the event stream and listings stay. */
  assets: InspectorAssets | false;
}

const PAGE_HEADERS = {
  'content-security-policy': INSPECTOR_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-cache',
};

/** A credential without its secret key or auth token, their fingerprints instead: what the page may see, even of a key it created. */
function redactedCredential(credential: MockCredential): JsonValue {
  return { ...credentialView(credential) };
}

/**
 * The inspector's routes, registered by the admin API:
 * `GET /events` (server-sent events of the journal), `GET /ui` and `GET /ui/assets/{file}` (the page),
 * `GET /ui/api/entries/{id}` (an entry opened), `GET|POST /ui/api/credentials` (no secret keys),
 * `GET /ui/api/sessions` and `POST /ui/api/sessions/{ref}/expire` (sessions by a reference, never their id).
 *
 * @example
 * ```ts
 * const routes = inspectorRoutes({ journal, credentials, sessions: kx.sessions, assets: false });
 * ```
 */
export function inspectorRoutes(targets: InspectorTargets): InspectorRoute[] {
  const { journal, credentials, sessions, assets } = targets;
  // Sessions are named to the page by a reference that reveals nothing of their id.
  const refs = new Map<string, string>();
  const ids = new Map<string, string>();
  let lastRef = 0;
  const refOf = (sessionId: string) => {
    let ref = refs.get(sessionId);
    if (ref === undefined) {
      lastRef += 1;
      ref = `s${lastRef}`;
      refs.set(sessionId, ref);
      ids.set(ref, sessionId);
    }
    return ref;
  };
  const file = (name: string): MockHttpResponse => {
    const bytes = assets ? assets.read(name) : undefined;
    if (!assets) throw new AdminError(404, 'not_found', 'the inspector is off: started with --no-ui (or ui: false), or created without its files (pass ui: loadInspectorAssets() of @sigkit/mock-server/node)');
    if (!bytes) throw new AdminError(404, 'not_found', `the inspector has no file ${name}${name === 'index.html' ? ': its prebuilt page is missing from this installation' : ''}`);
    return { kind: 'response', status: 200, headers: { 'content-type': inspectorContentType(name), ...PAGE_HEADERS }, body: bytes };
  };
  return [
    { method: 'GET', pattern: '/events', handler: () => journalEventStream(journal) },
    { method: 'GET', pattern: '/ui', handler: () => file('index.html') },
    {
      method: 'GET',
      pattern: '/ui/assets/{file}',
      handler: ({ params }) => {
        if (!/^[\w.-]+$/.test(params.file!)) throw new AdminError(404, 'not_found', `no inspector asset ${params.file}`);
        return file(`assets/${params.file}`);
      },
    },
    {
      method: 'GET',
      pattern: '/ui/api/entries/{id}',
      handler: ({ params }) => {
        const id = /^\d+$/.test(params.id!) ? Number(params.id) : NaN;
        const entry = Number.isSafeInteger(id) ? journal.get(id) : undefined;
        if (!entry) {
          throw new AdminError(404, 'not_found', journal.wasDropped(id) ? `journal entry ${params.id} is gone: evicted or cleared` : `no journal entry ${params.id}`);
        }
        const host = entry.headers.host;
        const origin = `http://${(Array.isArray(host) ? host[0] : host) ?? '127.0.0.1:8080'}`;
        return jsonResponse(200, entryView(entry, origin, (apiKey) => credentials.get(apiKey)?.secretKey) as unknown as JsonValue);
      },
    },
    { method: 'GET', pattern: '/ui/api/credentials', handler: () => jsonResponse(200, { credentials: credentials.list().map(redactedCredential) }) },
    {
      method: 'POST',
      pattern: '/ui/api/credentials',
      handler: ({ body }) => jsonResponse(201, { credential: redactedCredential(credentials.add(parseCredentialInput(adminJsonBody(body), 'credential'))) }),
    },
    {
      method: 'GET',
      pattern: '/ui/api/sessions',
      handler: () => {
        const listed = sessions.list();
        // Sessions that ended lose their reference, so a long run of logins keeps no more than are open.
        const open = new Set(listed.map((session) => session.sessionId));
        for (const [sessionId, ref] of refs) {
          if (!open.has(sessionId)) {
            refs.delete(sessionId);
            ids.delete(ref);
          }
        }
        return jsonResponse(200, { sessions: listed.map(({ sessionId, ...rest }) => ({ ref: refOf(sessionId), session: maskSessionId(sessionId), ...rest })) });
      },
    },
    {
      method: 'POST',
      pattern: '/ui/api/sessions/{ref}/expire',
      handler: ({ params }) => {
        const sessionId = ids.get(params.ref!);
        if (sessionId === undefined || !sessions.expire(sessionId)) throw new AdminError(404, 'not_found', `no KX session ${params.ref}`);
        return jsonResponse(200, { expired: params.ref! });
      },
    },
  ];
}
