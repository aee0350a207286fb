/** What `sigkit postman` runs: the shipped collection with the user's values as its variables, written to a file or stdout. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
// Imported, not read from disk: esbuild then bundles it into the single-file binary, and from both
// src/ and dist/ the path reaches the package's assets/ folder, which the package ships.
import shippedCollection from '../../assets/postman/sigkit.postman_collection.json' with { type: 'json' };
import { reportFailure, UsageError } from '../output/failure.js';
import type { CommandIo } from './check.js';
import { KX_DEFAULTS } from './kx.js';
import type { PostmanCommandOptions } from './postman.js';
import { XCONNECT_DEFAULT_BASE_URL } from './xconnect.js';
import { resolveXConnectKeys } from './xconnectKeys.js';

/** The collection variables `sigkit postman` fills in, by name (as the collection's scripts read them). */
export interface PostmanVariables {
  baseUrl: string;
  /** `{{baseUrl}}` when KX Connect is served at the same address. */
  kxBaseUrl: string;
  xconnectApiKey: string;
  xconnectSecretKey: string;
  kxUser: string;
  kxPassword: string;
}

/**
 * A base URL the collection can put before `/api/v1/kronos/…` or `/connect/api/…`: http(s), no
 * query, fragment or credentials; a trailing `/` is dropped so that paths do not begin with `//`.
 * @internal
 */
export function postmanBaseUrl(value: string, option: string): string {
  // "localhost:8080" parses as a URL of scheme "localhost:", so both failures get the one message with the scheme.
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UsageError(`${option} must be an http(s) URL such as http://127.0.0.1:8080, got "${value}"`);
  }
  if (url.search !== '' || url.hash !== '' || value.includes('?') || value.includes('#')) throw new UsageError(`${option} must have no query or fragment, got "${value}"`);
  if (url.username !== '' || url.password !== '') throw new UsageError(`${option} must not hold credentials: give them with --api-key/--secret-key or --kx-user/--kx-password`);
  return value.replace(/\/+$/, '');
}

/**
 * The variables from the options, else the `XCONNECT_*` and `KX_*` variables, else the mock's
 * defaults. Half a pair (a key without its secret, a user without a password) is refused: the
 * other half of the defaults would only earn a confusing 401.
 * @internal
 */
export function resolvePostmanVariables(options: Omit<PostmanCommandOptions, 'out'>, env: NodeJS.ProcessEnv): PostmanVariables {
  const baseUrl = postmanBaseUrl(options.baseUrl ?? (env['XCONNECT_BASE_URL'] || XCONNECT_DEFAULT_BASE_URL), options.baseUrl === undefined ? 'XCONNECT_BASE_URL' : '--base-url');
  const kxBaseUrl = options.kxBaseUrl === undefined ? '{{baseUrl}}' : postmanBaseUrl(options.kxBaseUrl, '--kx-base-url');
  const keys = resolveXConnectKeys(options, env);
  const kxUser = options.kxUser ?? (env['KX_USER'] || undefined);
  const kxPassword = options.kxPassword ?? (env['KX_PASSWORD'] || undefined);
  if ((kxUser === undefined) !== (kxPassword === undefined)) {
    throw new UsageError(
      kxUser === undefined
        ? 'a KX password was given without its user: give --kx-user (or KX_USER) too'
        : 'a KX user was given without its password: give --kx-password (or KX_PASSWORD) too',
    );
  }
  return {
    baseUrl,
    kxBaseUrl,
    xconnectApiKey: keys.apiKey,
    xconnectSecretKey: keys.secretKey,
    kxUser: kxUser ?? KX_DEFAULTS.user,
    kxPassword: kxPassword ?? KX_DEFAULTS.password,
  };
}

/**
 * The shipped collection with `variables` as the values of its collection variables, as the JSON
 * text Postman imports.
 * @internal
 */
export function postmanCollectionText(variables: PostmanVariables): string {
  const collection = structuredClone(shippedCollection);
  for (const [key, value] of Object.entries(variables)) {
    const variable = collection.variable.find((candidate) => candidate.key === key);
    // The collection's scripts read these names: a collection without one is a broken build.
    if (variable === undefined) throw new Error(`the shipped Postman collection has no variable ${key}`);
    variable.value = value;
  }
  return `${JSON.stringify(collection, null, 2)}\n`;
}

/** Runs `sigkit postman`: exit status 0 written, 1 the file could not be written, 2 unusable options. */
export function runPostman(options: PostmanCommandOptions, io: CommandIo): void {
  try {
    const text = postmanCollectionText(resolvePostmanVariables(options, io.env));
    if (options.out === '-') {
      io.stdout.write(text);
      return;
    }
    const file = resolve(io.cwd, options.out);
    try {
      writeFileSync(file, text);
    } catch (error) {
      throw new Error(`cannot write ${file}: ${(error as Error).message}`);
    }
    io.stdout.write(`wrote ${options.out}: import it in Postman, or run it with npx newman run ${options.out}\n`);
  } catch (error) {
    reportFailure(io, 'postman', error);
  }
}
