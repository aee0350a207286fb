/** What an analytic is (docs/spec/kx-connect.md §3): a function of one parameters dictionary that answers a table. */
import type { JsonObject, JsonValue } from '../../http/types.js';
import type { PlatformRequest } from '../../platform/platformModule.js';

/** What an analytic handler receives for one verified call. */
export interface KxAnalyticContext {
  group: string;
  method: string;
  /** The parameters dictionary, `msg[0]` of the request (`{}` when the request sent none). */
  params: JsonObject;
  /** The user whose session signed the call. */
  username: string;
  /** Server time (clock offset included), epoch ms. */
  now: number;
  /** The mock's data seed: generate from it for answers that repeat run after run. */
  seed: number;
  /** The monitored servers (`sym` values) the mock simulates. */
  servers: readonly string[];
  /** Most rows an answer may hold (`kx.maxRows`); built-in analytics answer 400 beyond it. */
  maxRows: number;
  /** The request as received. */
  request: PlatformRequest;
}

/**
 * An analytic: returns the rows of its answer (`msg`), or throws `KxParamError` /
 * `KxCallError` for a 4xx. Anything else it throws is answered 500 and journaled as a failure of the mock.
 *
 * @example
 * ```ts
 * const getVersion: KxAnalyticHandler = ({ now }) => [{ version: '4.1', time: new Date(now).toISOString() }];
 * ```
 */
export type KxAnalyticHandler = (context: KxAnalyticContext) => readonly JsonValue[] | Promise<readonly JsonValue[]>;

/** Where an analytic came from. */
export type KxAnalyticSource = 'builtin' | 'code' | 'config' | 'admin';

/** Optional facts about an analytic, shown by `GET /__sigkit/kx/analytics`. */
export interface KxAnalyticInfo {
  /** One line saying what it answers. */
  description?: string;
  /** The parameters it takes. */
  params?: readonly string[];
  /** The columns of its rows. */
  columns?: readonly string[];
}

/** A registered analytic. */
export interface KxAnalytic extends KxAnalyticInfo {
  group: string;
  method: string;
  source: KxAnalyticSource;
  handler: KxAnalyticHandler;
}
