/** The xConnect keys a command signs with: an option, else an `XCONNECT_*` variable, else the guide's example pair. */
import { UsageError } from '../output/failure.js';
import { GUIDE_API_KEY, GUIDE_SECRET_KEY } from './mockDefaults.js';

/** The api key and secret key a command signs with, and where they came from. @internal */
export interface XConnectKeys {
  apiKey: string;
  secretKey: string;
}

/**
 * The keys to sign with: each from its option, else its `XCONNECT_*` variable, else the guide's
 * example pair (which the mock accepts). A key of one's own with the guide's other half would
 * only get a confusing 401, so that mix is refused.
 * @internal
 */
export function resolveXConnectKeys(options: { apiKey?: string; secretKey?: string }, env: NodeJS.ProcessEnv): XConnectKeys {
  const apiKey = options.apiKey ?? (env['XCONNECT_API_KEY'] || undefined);
  const secretKey = options.secretKey ?? (env['XCONNECT_SECRET_KEY'] || undefined);
  if ((apiKey === undefined) !== (secretKey === undefined)) {
    throw new UsageError(
      apiKey === undefined
        ? 'a secret key was given without its api key: give --api-key (or XCONNECT_API_KEY) too'
        : 'an api key was given without its secret key: give --secret-key (or XCONNECT_SECRET_KEY) too',
    );
  }
  return { apiKey: apiKey ?? GUIDE_API_KEY, secretKey: secretKey ?? GUIDE_SECRET_KEY };
}
