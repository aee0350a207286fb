/** The contract between the core and a platform module (xConnect, KX Connect): verify, then answer. */
import type { MockClock } from '../clock/clock.js';
import type { CredentialStore } from '../credentials/credentials.js';
import type { PlatformAdminRoute } from '../admin/adminRoute.js';
import type { JsonObject, MockHttpResponse, MockRequestHeaders, MockResponse } from '../http/types.js';
import type { JournalVerdict } from '../journal/journal.js';
import type { MockProfile } from './profile.js';
import type { PlatformWouldDiffer } from './platformWouldDiffer.js';

/** A request as a platform module receives it: target parsed, method upper-cased, journal id known. */
export interface PlatformRequest {
  /** The journal id the answer will carry (`x-sigkit-journal-id`). */
  journalId: number;
  /** Upper-cased method. */
  method: string;
  /** The method exactly as sent (the moonstone profile reads it as the platform did: case-sensitively). */
  rawMethod: string;
  /** Origin-form request-target, as sent. */
  target: string;
  /** The origin-form target with its fragment kept, as a container parses it (see `ParsedTarget.wireTarget`). */
  wireTarget: string;
  /** `https` when the request came over TLS (as the adapter says). */
  scheme: 'http' | 'https';
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

/** A request as it arrived, before the core reads anything of it: what a platform's front layers see. */
export interface ScreenedRequest {
  journalId: number;
  /** The method exactly as sent (not upper-cased). */
  rawMethod: string;
  /** The origin-form target, path and query, as {@link PlatformRequest} has them. */
  target: string;
  /** The origin-form target with its fragment kept. */
  wireTarget: string;
  path: string;
  headers: MockRequestHeaders;
  /** `https` when the request came over TLS (as the adapter says; default `http`). */
  scheme: 'http' | 'https';
  /** Set when the adapter's HTTP parser refused the request (see `MockRequest.unparsed`). */
  unparsed?: { code: string; requestLine: boolean };
}

/** A request no module serves, as {@link PlatformModule.noteForUnserved} sees it. */
export interface UnservedRequest extends ScreenedRequest {
  /** Upper-cased method. */
  method: string;
  rawQuery: string | undefined;
  body: Uint8Array;
}

/** A simulated platform served under a path prefix. */
export interface PlatformModule {
  /** Short name used in the journal, e.g. `xconnect`. */
  readonly name: string;
  /** Path prefix it serves, e.g. `/api/v1/kronos`. */
  readonly prefix: string;
  /**
   * Whether this platform's server also answers the paths no module's prefix covers (the moonstone
   * profile's xConnect server: its filter checked every path on the server, docs/spec/xconnect.md §3b).
   */
  readonly servesEveryOtherPath?: boolean;
  /**
   * Answers a request the platform's stack refused before reading anything but the request line
   * (the container's 400, the firewall's 500, the method lookup's 500), or `undefined` to go on.
   * Runs before the core's own body checks, as those layers did.
   */
  screen?(request: ScreenedRequest): PlatformExchange | undefined;
  /**
   * For a request no module serves, which the core answers 404 without verifying: what this
   * platform's server would have answered instead, when that differs (the strict profile's note).
   */
  noteForUnserved?(request: UnservedRequest): PlatformWouldDiffer | undefined;
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
