/** The contract between the core and a platform module (xConnect, KX Connect): verify, then answer. */
import type { MockClock } from '../clock/clock.js';
import type { CredentialStore } from '../credentials/credentials.js';
import type { PlatformAdminRoute } from '../admin/adminRoute.js';
import type { JsonObject, MockHttpResponse, MockRequestHeaders, MockResponse } from '../http/types.js';
import type { JournalVerdict } from '../journal/journal.js';
import type { MockProfile } from './profile.js';

/** A request as a platform module receives it: target parsed, method upper-cased, journal id known. */
export interface PlatformRequest {
  /** The journal id the answer will carry (`x-sigkit-journal-id`). */
  journalId: number;
  /** Upper-cased method. */
  method: string;
  /** Origin-form request-target, as sent. */
  target: string;
  /** Raw path, as sent. */
  path: string;
  /** Raw query without `?`, or undefined. */
  rawQuery: string | undefined;
  headers: MockRequestHeaders;
  body: Uint8Array;
}

/** What the core shares with every platform module. */
export interface PlatformServices {
  clock: MockClock;
  credentials: CredentialStore;
  profile: MockProfile;
  seed: number;
}

/** A verified request waiting for its answer. */
export interface PlatformExchange {
  /** How the request's authentication was judged, for the journal; null when it was not judged (e.g. a KX Connect call with a method other than POST). */
  verdict: JournalVerdict | null;
  /** Produces the answer: the rejection when the verdict is not ok, else the route's response. */
  respond(): Promise<{ response: MockResponse; route: string | null }>;
}

/** A simulated platform served under a path prefix. */
export interface PlatformModule {
  /** Short name used in the journal, e.g. `xconnect`. */
  readonly name: string;
  /** Path prefix it serves, e.g. `/api/v1/kronos`. */
  readonly prefix: string;
  /** Verifies a request (never throws on client input) and returns how to answer it. */
  accept(request: PlatformRequest): PlatformExchange;
  /** An error answer in this platform's production shape, for failures before verification (413, unreadable body). */
  errorResponse(status: number, message: string, path: string): MockHttpResponse;
  /** Back to the seeded state. */
  reset(): void;
  /** Admin routes served under `/__sigkit/<name>`, if the platform has any. */
  readonly adminRoutes?: readonly PlatformAdminRoute[];
  /** What the admin index (`GET /__sigkit`) shows about the platform besides its name and prefix. */
  describe?(): JsonObject;
}
