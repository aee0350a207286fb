/** The `sigkit.config.json` schema: core options plus where to listen, validated with one-line messages. */
import { checkNumber, MockInputError, readObject } from '../input/readInput.js';
import { validateDataOptions, type MockCoreOptions } from './coreOptions.js';

/** TLS settings of a config file: `true` for a generated self-signed certificate, or PEM file paths. */
export type MockConfigTls = true | { cert: string; key: string };

/** A parsed config file. Paths are as written (the Node loader resolves them against the file's folder). */
export interface MockConfig extends Omit<MockCoreOptions, 'now' | 'sleep'> {
  port?: number;
  host?: string;
  tls?: MockConfigTls;
}

/**
 * Validates the contents of a config file. Throws {@link MockInputError} whose message is one line
 * starting with `source`, e.g. `sigkit.config.json.profile must be one of strict, moonstone, got "lax"`.
 *
 * @example
 * ```ts
 * parseMockConfig({ seed: 7, profile: 'moonstone', port: 9000 }, 'sigkit.config.json');
 * ```
 */
export function parseMockConfig(value: unknown, source: string): MockConfig {
  const object = readObject(value, source);
  const config: MockConfig = validateDataOptions(object, source, ['port', 'host', 'tls', '$schema']);
  if (object.port !== undefined) config.port = checkNumber(object.port, `${source}.port`, { min: 0, max: 65_535, integer: true });
  if (object.host !== undefined) {
    if (typeof object.host !== 'string' || object.host === '') throw new MockInputError(`${source}.host must be a host name or IP address`);
    config.host = object.host;
  }
  if (object.tls !== undefined && object.tls !== false) {
    if (object.tls === true) config.tls = true;
    else {
      const tls = readObject(object.tls, `${source}.tls`);
      if (typeof tls.cert !== 'string' || typeof tls.key !== 'string' || Object.keys(tls).some((k) => k !== 'cert' && k !== 'key')) {
        throw new MockInputError(`${source}.tls must be true (self-signed) or { "cert": "cert.pem", "key": "key.pem" }`);
      }
      config.tls = { cert: tls.cert, key: tls.key };
    }
  }
  return config;
}
