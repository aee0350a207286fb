/** `sigkit postman`: writes the Postman collection of both platforms with the user's base URL and keys as its variables. */
import type { Command } from 'commander';
import { commandIo, type CommandIo } from './check.js';

/** The file `sigkit postman` writes unless `--out` says otherwise, in the caller's directory. */
export const POSTMAN_DEFAULT_OUT = 'sigkit.postman_collection.json';

/** The options of `sigkit postman`, as commander parses them. */
export interface PostmanCommandOptions {
  baseUrl?: string;
  kxBaseUrl?: string;
  apiKey?: string;
  secretKey?: string;
  kxUser?: string;
  kxPassword?: string;
  out: string;
}

/**
 * Registers `sigkit postman` on a commander program.
 *
 * ```
 * sigkit postman [--base-url URL] [--kx-base-url URL] [--api-key K --secret-key S]
 *                [--kx-user U --kx-password P] [--out FILE|-]
 * ```
 * Writes the collection of `examples/postman` (xConnect requests signed by its collection-level
 * script, KX Connect calls signed after its login) with the given values as collection variables,
 * so that it runs in Postman or newman with no environment. Exit status: 0 written, 1 the file
 * could not be written, 2 the command line cannot be used.
 *
 * @example
 * ```ts
 * const program = new Command('sigkit');
 * registerPostmanCommand(program);
 * await program.parseAsync(['postman', '--base-url', 'https://api.example.com', '--out', '-'], { from: 'user' });
 * ```
 */
export function registerPostmanCommand(program: Command, overrides: Partial<CommandIo> = {}): Command {
  const io = commandIo(overrides);
  return program
    .command('postman')
    .description('write the Postman collection of both platforms (signing scripts included) with your base URL and keys filled in')
    .option('--base-url <url>', 'the xConnect platform\'s base URL (default: $XCONNECT_BASE_URL, else the mock\'s http://127.0.0.1:8080)')
    .option('--kx-base-url <url>', 'the KX Connect base URL, when it is not the --base-url (the mock serves both on one port)')
    .option('--api-key <key>', "xConnect api key (default: $XCONNECT_API_KEY, else the guide's example key, which the mock accepts)")
    .option('--secret-key <key>', "xConnect secret key (default: $XCONNECT_SECRET_KEY, else the guide's example secret)")
    .option('--kx-user <name>', 'KX Connect username (default: $KX_USER, else kxSupport)')
    .option('--kx-password <password>', 'KX Connect password (default: $KX_PASSWORD, else 12345678)')
    .option('-o, --out <file>', 'where to write the collection, "-" for standard output; it holds the keys and password given', POSTMAN_DEFAULT_OUT)
    .addHelpText(
      'after',
      `
Then import the file in Postman (Import, then Run collection), or run it with newman:
  sigkit postman --base-url https://my-platform.example --api-key "$KEY" --secret-key "$SECRET"
  npx newman run ${POSTMAN_DEFAULT_OUT}`,
    )
    .action(async (options: PostmanCommandOptions) => {
      // The collection (a few dozen kilobytes of JSON) loads when the command runs.
      const { runPostman } = await import('./runPostman.js');
      runPostman(options, io);
    });
}
