/** Reads and validates a `sigkit.config.json` file; every failure is one line naming the file. */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseMockConfig, type MockConfig } from '../core/config/mockConfig.js';
import { MockInputError } from '../core/input/readInput.js';

/**
 * Loads a config file. TLS file paths in it are resolved against the file's folder.
 * Throws {@link MockInputError} with a one-line message when the file is missing, is not JSON, or
 * has an unusable value.
 *
 * @example
 * ```ts
 * const config = await loadMockConfigFile('sigkit.config.json');
 * const server = createMockServer(config);
 * ```
 */
export async function loadMockConfigFile(path: string): Promise<MockConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new MockInputError(code === 'ENOENT' ? `config file ${path} does not exist` : `cannot read config file ${path}: ${code ?? (error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new MockInputError(`config file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const config = parseMockConfig(json, path);
  if (config.tls !== undefined && config.tls !== true) {
    const folder = dirname(path);
    config.tls = { cert: resolve(folder, config.tls.cert), key: resolve(folder, config.tls.key) };
  }
  return config;
}
