/** What the platform commands (kx, xconnect, sign) share: their injectable I/O, with `fetch`, and the `--insecure` fetch. */
import type { FetchLike } from '@sigkit/signer/client';
import { InvalidArgumentError } from 'commander';
import type { Agent } from 'undici';
import { commandIo, type CommandIo } from './check.js';

/** {@link CommandIo} plus the Fetch API the platform clients use (default: the global `fetch`). */
export interface PlatformCommandIo extends CommandIo {
  fetch?: FetchLike;
}

/** The process's streams, environment, exit status and global fetch, with overrides. @internal */
export function platformIo(overrides: Partial<PlatformCommandIo> = {}): PlatformCommandIo {
  return { ...commandIo(overrides), ...(overrides.fetch !== undefined && { fetch: overrides.fetch }) };
}

let insecureAgent: Agent | undefined;

/**
 * A fetch that does not verify TLS certificates, for `--insecure` (the guides' `verify=False`,
 * `curl -k`). It is undici's fetch with its own dispatcher, so only this command's requests skip
 * the check: nothing global (such as `NODE_TLS_REJECT_UNAUTHORIZED`) is changed. Undici is loaded
 * on the first request, so commands without `--insecure` do not pay for it.
 */
export function insecureFetch(): FetchLike {
  return (async (url, init) => {
    const undici = await import('undici');
    insecureAgent ??= new undici.Agent({ connect: { rejectUnauthorized: false } });
    return undici.fetch(url, { ...init, dispatcher: insecureAgent });
  }) as FetchLike;
}

/** How long a request may take before the command gives up on it, unless `--timeout` says otherwise. */
export const DEFAULT_TIMEOUT_SECONDS = 30;

/**
 * The fetch a platform command uses: the injected one, else the insecure one with `--insecure`
 * (after one warning line on stderr), else the global `fetch`; each request is abandoned after
 * `timeoutSeconds`, reported as an unreachable platform.
 */
export function chooseFetch(io: PlatformCommandIo, command: string, options: { insecure?: boolean; timeoutSeconds: number }): FetchLike {
  if (options.insecure) io.stderr.write(`sigkit ${command}: warning: --insecure: TLS certificates are not verified\n`);
  const base: FetchLike = io.fetch ?? (options.insecure ? insecureFetch() : (globalThis.fetch as unknown as FetchLike));
  return async (url, init) => {
    try {
      return await base(url, { ...init, signal: AbortSignal.timeout(options.timeoutSeconds * 1000) } as Parameters<FetchLike>[1]);
    } catch (error) {
      // The client reports the cause of a failed fetch: make it say what happened.
      if ((error as Error | undefined)?.name === 'TimeoutError') throw new TypeError('fetch failed', { cause: new Error(`no answer within ${options.timeoutSeconds} s (--timeout)`) });
      throw error;
    }
  };
}

/** Parses `--timeout`: seconds, more than 0. @internal */
export function timeoutSeconds(value: string): number {
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds <= 0 || seconds > 86_400) throw new InvalidArgumentError('must be a number of seconds above 0 (at most 86400).');
  return seconds;
}
